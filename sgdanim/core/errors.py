"""The one exception type that means "the user asked for something invalid".

The CLI turns it into exit status 2 and a single line on stderr; anything else is a bug
or an environment failure and gets exit status 1.
"""


class UsageError(ValueError):
    """Bad input from the user: a value, a file or a name. The message names it and says why."""
