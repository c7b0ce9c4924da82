"""Eight offers on one request are accepted at the same moment: exactly one wins.

A gate transaction locks the offer-event table, so a thread that got past the "is the request still open?"
check stops at its first event INSERT. With the guard (the request row locked FOR UPDATE before the check)
only one thread gets that far while the others wait for the row; once the gate opens the winner commits and
the others, re-checking after the lock, see the request closed. The control takes the row lock away: then
every thread gets past the check at once, which is the race the lock prevents.
"""

import threading
import time

import psycopg
import pytest
from django.db import connection

from bookings.equipment import services
from bookings.equipment.models import EquipmentRequest, Offer
from tests.bookings.equipment_factories import editor_of, make_item, make_offer, make_request
from tests.factories import UserFactory

THREADS = 8


def _params():
    return {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}


class Gate:
    def __init__(self):
        self.connection = psycopg.connect(**_params())
        self.connection.execute("LOCK TABLE bookings_offerevent IN SHARE ROW EXCLUSIVE MODE")

    def waiting(self) -> tuple[int, int]:
        """(threads stopped at the gate, threads waiting for any lock)."""
        with psycopg.connect(**_params()) as watcher:
            at_gate = watcher.execute(
                "SELECT count(*) FROM pg_locks WHERE relation = 'bookings_offerevent'::regclass AND NOT granted"
            ).fetchone()[0]
            blocked = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            ).fetchone()[0]
        return at_gate, blocked

    def wait_until(self, condition, timeout: float = 60) -> tuple[int, int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counts = self.waiting()
            if condition(*counts):
                return counts
            time.sleep(0.05)
        raise AssertionError(f"gave up waiting; (at the gate, blocked) = {self.waiting()}")

    def open(self):
        self.connection.rollback()
        self.connection.close()


@pytest.fixture
def contest(db):
    requester = UserFactory()
    equipment_request = make_request(user=requester)
    offers = []
    for _ in range(THREADS):
        item = make_item(time_bookable=False)
        offers.append(make_offer(equipment_request, item, editor_of(item)))
    return requester, equipment_request, offers


def _race(requester, offers, gate_condition):
    outcomes, threads = [], []

    def run(offer):
        try:
            services.offer_accept(offer=offer, user=requester)
            outcomes.append("accepted")
        except services.EquipmentError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - every other error is an outcome to report
            outcomes.append(f"error: {type(error).__name__}")
        finally:
            connection.close()

    gate = Gate()
    try:
        threads = [threading.Thread(target=run, args=(offer,)) for offer in offers]
        for thread in threads:
            thread.start()
        counts = gate.wait_until(gate_condition)
    finally:
        gate.open()
    for thread in threads:
        thread.join(timeout=60)
    return counts, outcomes


@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_let_exactly_one_offer_win(contest):
    requester, equipment_request, offers = contest
    counts, outcomes = _race(requester, offers, lambda at_gate, blocked: at_gate == 1 and blocked >= THREADS)
    assert counts[0] == 1
    assert sorted(outcomes) == ["accepted"] + ["refused"] * (THREADS - 1)
    assert Offer.objects.filter(status="accepted").count() == 1
    assert Offer.objects.filter(status="declined").count() == THREADS - 1
    assert EquipmentRequest.objects.get(pk=equipment_request.pk).status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_control_without_the_guards_every_thread_passes_the_open_check(contest, monkeypatch):
    """Without the row lock (and the unique index, which would otherwise hold the second UPDATE back), all eight
    threads are past "is the request open?" at the same time: the race the lock prevents."""
    requester, _equipment_request, offers = contest
    monkeypatch.setattr(services, "_locked_request", lambda r: EquipmentRequest.objects.get(pk=r.pk))
    constraint = next(c for c in Offer._meta.constraints if c.name == "eq_offer_one_accepted")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Offer, constraint)
    try:
        counts, outcomes = _race(requester, offers, lambda at_gate, blocked: at_gate >= THREADS)
        assert counts[0] == THREADS
        assert len(outcomes) == THREADS
    finally:
        Offer.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Offer, constraint)
