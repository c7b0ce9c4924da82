"""Many bookings at once (demo and benchmark data): COPY instead of INSERT, history written in SQL.

The exclusion constraint checks every copied row as it goes in, so bulk data obeys the same guarantee.
"""

from collections.abc import Iterable

from django.db import connection

COLUMNS = (
    "resource_id",
    "booked_by_id",
    "organization_id",
    "series_id",
    "during",
    "status",
    "people",
    "purpose",
    "price",
    "reason",
    "created",
    "updated",
)


def copy_bookings(bookings: Iterable) -> int:
    """COPY unsaved Booking objects into the table (their `created` is kept); return how many."""
    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY bookings_booking ({', '.join(COLUMNS)}) FROM STDIN"  # noqa: S608 (constant columns)
        with cursor.connection.cursor().copy(statement) as copy:
            for booking in bookings:
                lower, upper = booking.during.lower, booking.during.upper
                copy.write_row(
                    (
                        booking.resource_id,
                        booking.booked_by_id,
                        booking.organization_id,
                        booking.series_id,
                        f"[{lower.isoformat()},{upper.isoformat()})",
                        booking.status,
                        booking.people,
                        booking.purpose,
                        booking.price,
                        booking.reason,
                        booking.created,
                        booking.created,
                    )
                )
                count += 1
    return count


def record_history() -> int:
    """Give every booking that has no history one: its creation (confirmed or pending, as its resource
    confirms), then the decision when its status differs: the booker's cancellation, or the owner's
    rejection or approval (the owner's person unknown in generated data). Return the rows written."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH fresh AS (
                SELECT b.id, b.booked_by_id, b.created, b.status, b.reason,
                       CASE WHEN r.auto_confirm THEN 'confirmed' ELSE 'pending' END AS first_status
                FROM bookings_booking b JOIN bookings_resource r ON r.id = b.resource_id
                WHERE NOT EXISTS (SELECT 1 FROM bookings_bookingevent e WHERE e.booking_id = b.id)
            )
            INSERT INTO bookings_bookingevent (booking_id, actor_id, at, from_status, to_status, comment)
            SELECT id, booked_by_id, created, '', first_status, '' FROM fresh
            UNION ALL
            SELECT id, CASE WHEN status = 'cancelled' THEN booked_by_id END, created + interval '3 hours',
                   first_status, status, reason
            FROM fresh WHERE status <> first_status
            """
        )
        return cursor.rowcount
