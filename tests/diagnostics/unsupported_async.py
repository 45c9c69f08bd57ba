async def fetch(x):
    return x
