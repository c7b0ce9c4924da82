"""Domain errors: a broken business rule, with a message that can be shown to the user as it is."""


class DomainError(Exception):
    """Base of every rule violation a service reports. `message` is already translated (lazily)."""

    default_message = ""
    field: str | None = None  # the form field the error belongs to, when there is one

    def __init__(self, message=None, *, field=None):
        self.message = message or self.default_message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


class PermissionDeniedError(DomainError):
    """The acting user may not do this to this object."""
