"""``python -m reader`` runs the command line, exactly like the ``szreader`` script."""

from reader.cli import entry

entry()
