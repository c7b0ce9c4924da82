"""Two park administrators decide the same residency request at the same moment: exactly one wins.

The service locks the organizations and the request (select_for_update) and re-checks the status
after locking. The control runs the same steps without the lock and shows both deciders "succeed",
leaving two contradicting events: the race the lock prevents.
"""

import threading

import pytest
from django.db import connection, transaction

from directory import services
from directory.models import Membership, Organization, ResidencyEvent, ResidencyRequest
from tests.directory.factories import DirectoryOrganizationFactory, ParkFactory
from tests.factories import MembershipFactory

Status = ResidencyRequest.Status


def _setup():
    park = ParkFactory()
    company = DirectoryOrganizationFactory(kind=Organization.Kind.COMPANY)
    first = MembershipFactory(organization=park, role=Membership.Role.ADMIN).user
    second = MembershipFactory(organization=park, role=Membership.Role.ADMIN).user
    applicant = MembershipFactory(organization=company, role=Membership.Role.ADMIN).user
    request = services.residency_request_create(organization=company, park=park, user=applicant)
    return request, first, second


def _race(deciders):
    """Run each decider in its own thread, all released together; collect what each raised."""
    barrier = threading.Barrier(len(deciders))
    outcomes = [None] * len(deciders)

    def run(index, decide):
        try:
            barrier.wait(timeout=10)
            decide()
            outcomes[index] = "ok"
        except Exception as error:  # noqa: BLE001 (the outcome is what we assert on)
            outcomes[index] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate(deciders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_decisions_one_wins():
    request, first, second = _setup()

    outcomes = _race(
        [
            lambda: services.residency_request_approve(residency_request=request, user=first),
            lambda: services.residency_request_reject(residency_request=request, user=second),
        ]
    )

    assert sorted(outcomes) == ["TransitionNotAllowed", "ok"]
    request.refresh_from_db()
    decisions = ResidencyEvent.objects.filter(request=request).exclude(to_status=Status.PENDING)
    assert decisions.count() == 1
    assert decisions.get().to_status == request.status
    request.organization.refresh_from_db()
    assert (request.organization.park_id == request.park_id) == (request.status == Status.APPROVED)


@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_both_decisions_go_through():
    request, first, second = _setup()
    both_read = threading.Barrier(2)

    def naive(to_status, user):
        def decide():
            with transaction.atomic():
                fresh = ResidencyRequest.objects.get(pk=request.pk)  # no select_for_update
                both_read.wait(timeout=10)
                if fresh.status != Status.PENDING:
                    raise services.TransitionNotAllowed()
                ResidencyRequest.objects.filter(pk=fresh.pk).update(status=to_status)
                ResidencyEvent.objects.create(
                    request=fresh, actor=user, from_status=Status.PENDING, to_status=to_status
                )

        return decide

    outcomes = _race([naive(Status.APPROVED, first), naive(Status.REJECTED, second)])

    assert outcomes == ["ok", "ok"]
    assert ResidencyEvent.objects.filter(request=request).exclude(to_status=Status.PENDING).count() == 2
