"""One exception hierarchy for szreader; the command line turns any of these into one line and exit 2."""


class ReaderError(Exception):
    """Base of every error szreader reports to a user."""


class ConfigError(ReaderError):
    """feeds.toml, config.toml or a command-line value is wrong."""


class FetchError(ReaderError):
    """An HTTP fetch failed; the message says why in a few words."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ParseError(ReaderError):
    """A document could not be read as a feed (or went over its time or memory budget)."""


class StoreError(ReaderError):
    """The database cannot be used (corrupt, locked for too long, not found)."""
