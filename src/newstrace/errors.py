"""Errors newstrace raises. Each message names what went wrong and what to do about it."""


class NewstraceError(Exception):
    """Base class: the CLI prints the message on one line and exits non-zero."""

    exit_code = 1


class SetupError(NewstraceError):
    """Something the installation should provide is missing."""

    exit_code = 3


class InputError(NewstraceError):
    """A path given on the command line cannot be read at all."""

    exit_code = 2


class NotFoundError(NewstraceError):
    """A story or article id that is not in the store."""

    exit_code = 4


class LimitError(NewstraceError):
    """A run stopped on a resource limit; what it stored is kept and a re-run continues."""

    exit_code = 5
