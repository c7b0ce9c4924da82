"""One application per candidate per vacancy, even when the same candidate applies twice at the same moment."""

import pytest
from django.db import IntegrityError, transaction

from jobs import services
from jobs.models import Application
from tests.concurrency.threads import run_together
from tests.factories import UserFactory
from tests.jobs.factories import published_vacancy


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_applications_of_one_candidate_make_one():
    vacancy = published_vacancy()
    candidate = UserFactory()

    def apply(barrier):
        barrier.wait()
        try:
            services.application_submit(vacancy=vacancy, user=candidate, profile_url="https://example.com/me")
        except services.AlreadyApplied:
            return "already applied"
        return "applied"

    assert sorted(run_together(apply)) == ["already applied", "applied"]
    assert Application.objects.filter(vacancy=vacancy, candidate=candidate).count() == 1


@pytest.mark.django_db(transaction=True)
def test_control_a_check_before_inserting_lets_both_through_and_only_the_constraint_stops_the_second():
    """Without the service's lock, both requests see "not applied yet"; the unique constraint refuses the second."""
    vacancy = published_vacancy()
    candidate = UserFactory()

    def check_then_insert(barrier):
        with transaction.atomic():
            seen_nothing = not Application.objects.filter(vacancy=vacancy, candidate=candidate).exists()
            barrier.wait()  # both have checked before either inserts
            try:
                with transaction.atomic():
                    Application.objects.create(vacancy=vacancy, candidate=candidate, profile_url="https://example.com")
            except IntegrityError:
                return seen_nothing, "refused by the database"
            return seen_nothing, "inserted"

    outcomes = run_together(check_then_insert)
    assert [seen for seen, _result in outcomes] == [True, True]  # the race is real: the check alone would pass both
    assert sorted(result for _seen, result in outcomes) == ["inserted", "refused by the database"]
    assert Application.objects.count() == 1
