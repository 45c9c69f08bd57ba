def run(x):
    return await x
