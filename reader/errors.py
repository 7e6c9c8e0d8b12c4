"""One exception hierarchy for szreader; the command line turns any of these into one line and its exit code.

Exit codes (README, "For scripts"): 2 bad input (arguments, feeds.toml, config.toml, OPML), 3 a refresh
could refresh nothing (every feed it tried failed), 4 the database is damaged, unreadable or from a newer
szreader, 5 the database stayed locked by another process, 6 a file could not be written (disk full,
read-only), 7 a module szreader needs is not installed.
"""

EXIT_USAGE = 2
EXIT_NOTHING_REFRESHED = 3
EXIT_DATABASE = 4
EXIT_LOCKED = 5
EXIT_WRITE = 6
EXIT_MISSING_MODULE = 7


class ReaderError(Exception):
    """Base of every error szreader reports to a user."""

    exit_code = EXIT_USAGE


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
    """The database cannot be used (corrupt, unreadable, from a newer version)."""

    exit_code = EXIT_DATABASE


class StoreLocked(StoreError):
    """Another process held the database's write lock for longer than we wait."""

    exit_code = EXIT_LOCKED


class WriteError(ReaderError):
    """A file (the database, feeds.toml, an export) could not be written: disk full, read-only, no permission."""

    exit_code = EXIT_WRITE


class MissingModule(ReaderError):
    """A module szreader imports is not installed (an old pip can leave out an extra's dependency)."""

    exit_code = EXIT_MISSING_MODULE


def cannot_write(path, e: OSError, note: str = "") -> ReaderError:
    """A failed write as one line: exit 6 when the disk or file system refused (full, read-only, I/O), else 2
    (a folder that does not exist, no permission: the user's input)."""
    import errno

    message = f"cannot write {path}: {e.strerror or e}{note}"
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG):
        return WriteError(message)
    return ConfigError(message)
