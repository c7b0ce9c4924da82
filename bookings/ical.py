"""iCalendar (RFC 5545) output: one booking, a person's bookings, a resource's bookings.

Times are written in Moscow time with TZID=Europe/Moscow and the VTIMEZONE that defines it, so every
calendar program shows them right whatever its own time zone.
"""

from django.utils import timezone
from icalendar import Calendar, Event

from bookings.models import BookingStatus

PRODUCT_ID = "-//iMoscow//Bookings//RU"


def calendar_of(bookings, *, name: str, show_booker: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    for booking in bookings:
        calendar.add_component(_event(booking, show_booker=show_booker))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(booking, *, show_booker: bool) -> Event:
    resource = booking.resource
    event = Event()
    event.add("uid", f"booking-{booking.pk}@imoscow")
    event.add("dtstamp", booking.updated)
    event.add("dtstart", timezone.localtime(booking.starts_at))
    event.add("dtend", timezone.localtime(booking.ends_at))
    event.add("summary", f"{resource.name} — {resource.organization.name}")
    if resource.organization.address:
        event.add("location", resource.organization.address)
    event.add("status", "CONFIRMED" if booking.status == BookingStatus.CONFIRMED else "TENTATIVE")
    lines = [f"№{booking.pk}: {booking.get_status_display()}"]
    if booking.purpose:
        lines.append(booking.purpose)
    if show_booker:
        who = f"{booking.booked_by} <{booking.booked_by.email}>"
        if booking.organization_id:
            who += f", {booking.organization.name}"
        lines.append(who)
    event.add("description", "\n".join(lines))
    return event
