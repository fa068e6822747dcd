"""python -m instructor.accuracy: see cli.py."""
import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
