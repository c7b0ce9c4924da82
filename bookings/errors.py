"""What the booking rules say when they refuse. Each error names the form field it belongs to."""

from django.utils.translation import gettext_lazy as _

from imoscow.errors import DomainError


class BookingError(DomainError):
    """A booking breaks one of the resource's rules."""


class SlotTaken(BookingError):
    default_message = _("This slot was just taken. Please choose another time.")
    field = "starts_at"


class SeriesClash(BookingError):
    """Some dates of a weekly series cannot be booked; `dates` names them, and nothing was saved."""

    field = "weeks"

    def __init__(self, message=None, *, dates=(), field=None):
        self.dates = list(dates)
        super().__init__(message, field=field)


class ResourceUnavailable(BookingError):
    default_message = _("This resource is not taking bookings at the moment.")


class TransitionNotAllowed(DomainError):
    default_message = _("This booking can no longer be changed this way.")


class BlackoutClash(DomainError):
    field = "starts_at"
