"""Errors that mean "the user passed something wrong": the entry points print their message as one line.

Each also derives from the built-in type a caller would expect (ValueError, FileExistsError, ...), so library
users can catch either.
"""


class UserError(Exception):
    """A mistake in what the user passed; the message names the culprit and how to fix it."""


class ConfigError(UserError, ValueError):
    """A setting out of range or inconsistent with another."""


class CheckpointError(UserError, ValueError):
    """A checkpoint that is missing, truncated, unsafe or of the wrong shape; the message says which."""


class NonFiniteLossError(UserError, FloatingPointError):
    """The training loss became NaN or infinite; the message names the step and the last good checkpoint."""


class CorpusError(UserError, ValueError):
    """Bad corpus input; the message names the file and says how to fix it."""


class TaskDataError(UserError, ValueError):
    """A task CSV that cannot be used; the message names the file and row."""


class TokenizerUnavailableError(UserError, RuntimeError):
    """The BPE files could not be loaded (typically: offline with no cache)."""


class RunFolderInUseError(UserError, FileExistsError):
    """The output folder already holds checkpoints of another run."""
