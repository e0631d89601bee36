import sys

from orr.cli import main

sys.exit(main())
