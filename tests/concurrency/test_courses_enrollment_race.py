"""THE GUARANTEE: 30 parents enroll 30 children into a group of 10 at the same moment.

Real threads, each with its own database connection and transaction, released together by a barrier.
With the group's row lock, exactly 10 children get seats and 20 wait, in the order in which their
transactions took the lock; nobody sees a server error. The control removes the lock and shows that
the same requests then over-fill the group.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from courses import services
from courses.models import Enrollment, Group
from courses.selectors import with_positions
from tests.courses.factories import ChildFactory, GroupFactory

PARENTS = 30
CAPACITY = 10
Status = Enrollment.Status


def run_together(work, count):
    """Runs work(i) in `count` threads that start at once; returns results and exceptions by index."""
    barrier = threading.Barrier(count, timeout=30)
    results, errors = [None] * count, [None] * count

    def target(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 — every failure is reported by the test
            errors[index] = error
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=target, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors


def _setup():
    group = GroupFactory(capacity=CAPACITY)
    children = [ChildFactory() for _ in range(PARENTS)]
    return group, children


@pytest.mark.django_db(transaction=True)
def test_thirty_parents_one_group_of_ten_exactly_ten_seats_and_an_ordered_waitlist(monkeypatch):
    group, children = _setup()
    clients = []
    for child in children:
        client = Client()
        client.force_login(child.parent)
        clients.append(client)

    # Record the order in which the transactions take the group's lock: the wrapper appends while the
    # lock is held (it is released only at commit), so the list is exactly the order of arrival.
    lock_order, order_guard = [], threading.Lock()
    real_lock_group = services._lock_group

    def recording_lock_group(pk):
        locked = real_lock_group(pk)
        with order_guard:
            lock_order.append(threading.current_thread().child_pk)
        return locked

    monkeypatch.setattr(services, "_lock_group", recording_lock_group)

    def enroll(index):
        threading.current_thread().child_pk = children[index].pk
        return clients[index].post(f"/courses/groups/{group.pk}/enroll/", {"child": children[index].pk})

    responses, errors = run_together(enroll, PARENTS)

    assert errors == [None] * PARENTS
    assert [response.status_code for response in responses] == [302] * PARENTS  # no server error, no form error
    enrollments = list(with_positions(Enrollment.objects.filter(group=group)).order_by("pk"))
    assert len(enrollments) == PARENTS
    enrolled = [e for e in enrollments if e.status == Status.ENROLLED]
    waiting = sorted((e for e in enrollments if e.status == Status.WAITLISTED), key=lambda e: e.waitlist_position)
    assert len(enrolled) == CAPACITY and len(waiting) == PARENTS - CAPACITY
    assert [e.waitlist_position for e in waiting] == list(range(1, PARENTS - CAPACITY + 1))
    # Arrival order is the order of taking the lock: the first ten got seats, the rest wait in that order.
    assert len(lock_order) == PARENTS
    assert {e.child_id for e in enrolled} == set(lock_order[:CAPACITY])
    assert [e.child_id for e in waiting] == lock_order[CAPACITY:]
    assert Group.objects.get(pk=group.pk).capacity == CAPACITY


@pytest.mark.django_db(transaction=True)
def test_control_without_the_group_lock_the_group_is_overfilled(monkeypatch):
    """The same 30 enrollments with the lock taken out: every transaction counts the seats before any
    of them has inserted (the barrier makes the interleaving certain), and all of them take a seat."""
    group, children = _setup()
    counted = threading.Barrier(PARENTS, timeout=30)
    real_seat_counts = services._seat_counts

    def unlocked_group(pk):
        return Group.objects.select_related("course__organization").get(pk=pk)

    def seat_counts_then_wait(locked_group):
        counts = real_seat_counts(locked_group)
        counted.wait()
        return counts

    monkeypatch.setattr(services, "_lock_group", unlocked_group)
    monkeypatch.setattr(services, "_seat_counts", seat_counts_then_wait)

    def enroll(index):
        return services.enrollment_create(child=children[index], group=group, user=children[index].parent)

    _results, errors = run_together(enroll, PARENTS)

    assert errors == [None] * PARENTS
    enrolled = Enrollment.objects.filter(group=group, status=Status.ENROLLED).count()
    assert enrolled > CAPACITY  # the race the lock prevents
    connections.close_all()
