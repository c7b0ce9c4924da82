"""Twenty people book the same slot at the same moment: the database lets exactly one in.

To make "the same moment" certain rather than likely, a gate transaction holds a lock on the bookings
table that lets every thread run the service's own checks (all of them see a free slot) but stops each
at its INSERT. Once all twenty wait there, the gate opens and the twenty INSERTs meet the exclusion
constraint together. The control runs the same race with the constraint dropped: then the service's
checks alone let all twenty overlapping bookings in, which is what the constraint is for.
"""

import threading
import time

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bookings import services
from bookings.errors import SlotTaken
from bookings.models import Booking
from tests.bookings.factories import ResourceFactory, at
from tests.factories import UserFactory

THREADS = 20


@pytest.fixture
def racers(db):
    return ResourceFactory(), [UserFactory() for _ in range(THREADS)]


class Gate:
    """A transaction on its own connection that holds INSERTs into bookings until `open()`."""

    def __init__(self):
        params = connection.get_connection_params()
        self.connection = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
        self.connection.execute("LOCK TABLE bookings_booking IN SHARE ROW EXCLUSIVE MODE")

    def wait_for(self, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        with psycopg.connect(
            **{k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
        ) as watcher:
            while time.monotonic() < deadline:
                (waiting,) = watcher.execute(
                    "SELECT count(*) FROM pg_locks WHERE relation = 'bookings_booking'::regclass AND NOT granted"
                ).fetchone()
                if waiting >= count:
                    return
                time.sleep(0.05)
        raise AssertionError(f"only {waiting} of {count} threads reached the INSERT")

    def open(self) -> None:
        self.connection.rollback()
        self.connection.close()


def race(worker, arguments) -> list[str]:
    outcomes, threads = [], []
    gate = Gate()
    try:
        for argument in arguments:

            def run(argument=argument):
                try:
                    outcomes.append(worker(argument))
                except Exception as error:  # noqa: BLE001 - every unexpected error is an outcome to report
                    outcomes.append(f"error: {error!r}")
                finally:
                    connection.close()

            threads.append(threading.Thread(target=run))
        for thread in threads:
            thread.start()
        gate.wait_for(len(threads))
    finally:
        gate.open()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def book_with_the_service(resource):
    def worker(user):
        try:
            services.booking_create(resource=resource, user=user, starts_at=at(3, 10), ends_at=at(3, 12))
        except SlotTaken:
            return "taken"
        return "booked"

    return worker


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_bookings_of_one_slot_let_exactly_one_in(racers):
    resource, users = racers
    outcomes = race(book_with_the_service(resource), users)
    assert sorted(outcomes) == ["booked"] + ["taken"] * (THREADS - 1)
    assert Booking.objects.filter(resource=resource).count() == 1


@pytest.mark.django_db(transaction=True)
def test_through_the_booking_page_the_losers_see_a_message_and_nobody_a_server_error(racers):
    resource, users = racers
    with translation.override("en"):
        url = reverse("bookings:book", args=[resource.pk])
    data = {"date": at(3, 0).date().isoformat(), "start": "10:00", "end": "11:00", "people": 1, "weeks": 1}

    def worker(user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        response = client.post(url, data)
        if response.status_code == 302:
            return "booked"
        if response.status_code == 200 and "This slot was just taken" in response.content.decode():
            return "taken"
        return f"status {response.status_code}"

    outcomes = race(worker, users)
    assert sorted(outcomes) == ["booked"] + ["taken"] * (THREADS - 1)
    assert Booking.objects.filter(resource=resource).count() == 1


@pytest.mark.django_db(transaction=True)
def test_control_without_the_constraint_the_same_race_double_books(racers):
    resource, users = racers
    constraint = next(c for c in Booking._meta.constraints if c.name == "booking_no_overlap")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Booking, constraint)
    try:
        outcomes = race(book_with_the_service(resource), users)
        assert outcomes.count("booked") == THREADS
        assert Booking.objects.filter(resource=resource, status__in=["pending", "confirmed"]).count() == THREADS
    finally:
        Booking.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Booking, constraint)
