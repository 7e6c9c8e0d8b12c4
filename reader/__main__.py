"""``python -m reader`` runs the command line, exactly like the ``szreader`` script."""

import sys

from reader.cli import main

sys.exit(main())
