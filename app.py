"""`python app.py` serves the browser app, like `coffeechat app`."""

import sys

from coffeechat.cli import main

if __name__ == "__main__":
    sys.exit(main(["app", *sys.argv[1:]]))
