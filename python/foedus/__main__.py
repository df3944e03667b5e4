"""``python -m foedus``: runs the foedus command."""

import sys

from .cli import main

sys.exit(main())
