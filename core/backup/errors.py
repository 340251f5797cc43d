"""The one exception of backup and restore: a refusal the user reads."""


class BackupError(Exception):
    """A refusal, with its message for the user; `code` names the check that refused."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code
