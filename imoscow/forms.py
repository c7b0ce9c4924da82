"""What every app's forms share."""


def add_domain_error(form, error, *, field_map=None) -> None:
    """Put a service's DomainError beside the field it names (or above the form when it names none)."""
    field = (field_map or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


class DomainErrorsMixin:
    """`form.add_domain_error(error)`; `error_fields` maps a service's argument names to the form's fields."""

    error_fields: dict[str, str] = {}

    def add_domain_error(self, error) -> None:
        add_domain_error(self, error, field_map=self.error_fields)
