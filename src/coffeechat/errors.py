"""The two kinds of failure a user can act on, each with its exit code (DESIGN.md)."""


class CoffeechatError(Exception):
    """A failure with a one-line message for the user and a process exit code."""

    exit_code = 1


class InputError(CoffeechatError):
    """Bad input or bad configuration: exit 2."""

    exit_code = 2


class UnavailableError(CoffeechatError):
    """The model, the weights or the store cannot be reached: exit 3."""

    exit_code = 3
