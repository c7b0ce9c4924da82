"""Races of program applications, against the real PostgreSQL, with real threads."""

import threading
import time

import pytest
from django.db import connection, connections

from directory.models import Membership
from programs import eligibility, formspec, services
from programs.models import Application
from tests.factories import OrganizationFactory
from tests.programs.factories import FITTING, answers_for, export_program, member, start

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(*targets):
    """Run each target in its own thread (its own database connection); return what each returned or raised."""
    results = [None] * len(targets)

    def run(index, target):
        try:
            results[index] = target()
        except Exception as error:  # noqa: BLE001 (reported to the test)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def slow_merge(monkeypatch):
    """Widen the window between reading the answers and writing them, where a lost update would happen."""
    original = formspec.empty_value

    def slow(spec):
        time.sleep(0.3)
        return original(spec)

    monkeypatch.setattr(formspec, "empty_value", slow)


def _draft():
    organization = OrganizationFactory()
    first, second = member(organization, Membership.Role.EDITOR), member(organization, Membership.Role.ADMIN)
    return start(export_program(), organization, first), first, second


def test_two_members_saving_different_fields_at_once_keep_both(slow_merge):
    application, first, second = _draft()
    base = {}
    results = _in_threads(
        lambda: services.application_save_draft(
            application=Application.objects.get(pk=application.pk), user=first, values={"product": "Датчик"}, base=base
        ),
        lambda: services.application_save_draft(
            application=Application.objects.get(pk=application.pk), user=second, values={"employees": "40"}, base=base
        ),
    )
    assert not any(isinstance(result, Exception) for result in results), results
    application.refresh_from_db()
    assert application.data == {"product": "Датчик", "employees": "40"}
    assert application.changes.count() == 2


def test_control_without_the_row_lock_one_members_field_is_lost():
    """The same two saves as a plain read-modify-write: the second write erases the first one's field."""
    application, _first, _second = _draft()

    def naive_save(key, value):
        row = Application.objects.get(pk=application.pk)  # no select_for_update
        data = dict(row.data)
        time.sleep(0.3)
        data[key] = value
        row.data = data
        row.save(update_fields=["data"])

    _in_threads(lambda: naive_save("product", "Датчик"), lambda: naive_save("employees", "40"))
    application.refresh_from_db()
    assert len(application.data) == 1  # one of the two edits is gone


@pytest.fixture
def both_pass_the_check(monkeypatch):
    """Hold both starts after their "no application yet" check, so both go on to insert."""
    barrier = threading.Barrier(2, timeout=10)
    original = eligibility.evaluate

    def evaluate(*args, **kwargs):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return original(*args, **kwargs)

    monkeypatch.setattr(services.eligibility, "evaluate", evaluate)


def _two_starts():
    organization = OrganizationFactory()
    program = export_program()
    users = member(organization, Membership.Role.EDITOR), member(organization, Membership.Role.ADMIN)
    return (
        organization,
        program,
        [
            (
                lambda user=user: services.application_start(
                    program=program, organization=organization, user=user, profile=FITTING, answers=answers_for(program)
                )
            )
            for user in users
        ],
    )


def test_two_members_starting_at_once_get_one_draft(both_pass_the_check):
    organization, program, starts = _two_starts()
    results = _in_threads(*starts)
    assert sum(isinstance(result, Application) for result in results) == 1
    assert sum(isinstance(result, services.AlreadyApplying) for result in results) == 1
    assert Application.objects.filter(program=program, organization=organization).count() == 1


def test_control_without_the_constraint_both_starts_make_a_draft(both_pass_the_check):
    constraint = next(c for c in Application._meta.constraints if c.name == "application_one_active_per_program")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Application, constraint)
    try:
        organization, program, starts = _two_starts()
        results = _in_threads(*starts)
        assert all(isinstance(result, Application) for result in results), results
        assert Application.objects.filter(program=program, organization=organization).count() == 2
    finally:
        Application.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Application, constraint)
