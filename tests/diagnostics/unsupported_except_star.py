def handle(f):
    try:
        f()
    except* ValueError:
        return 1
