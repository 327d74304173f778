"""``python -m flows.cli``: the same command line as ``eventetl``."""

from flows.cli import app

if __name__ == "__main__":
    app()
