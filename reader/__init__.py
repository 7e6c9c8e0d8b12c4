"""szreader: a terminal news reader that understands the figures in city and business news.

The package is split into a headless core (config, fetch, parse, extract, figures, store, refresh, cli)
and the Textual user interface in ``reader.tui``. Nothing outside ``reader.tui`` imports textual.
"""

__version__ = "0.1.0"
