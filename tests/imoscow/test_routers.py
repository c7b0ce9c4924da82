"""DATABASE_REPLICA_URLS: reads go to a replica, writes and reads inside transactions to the primary."""

import pytest
from django.db import router, transaction

from directory.models import Organization
from imoscow.routers import PRIMARY, ReplicaRouter


@pytest.fixture
def with_replica(settings):
    # The replica alias points at the same test database, as Django's TEST MIRROR does.
    settings.DATABASES = {**settings.DATABASES, "replica1": {**settings.DATABASES["default"]}}


def test_without_replicas_everything_goes_to_the_primary(db):
    assert Organization.objects.all().db == PRIMARY
    assert router.db_for_write(Organization) == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_page_reads_go_to_the_replica_and_writes_to_the_primary(with_replica):
    assert Organization.objects.all().db == "replica1"
    assert router.db_for_write(Organization) == PRIMARY
    assert ReplicaRouter().allow_migrate("replica1", "directory") is False
    assert ReplicaRouter().allow_migrate(PRIMARY, "directory") is True


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_service_transaction_stay_on_the_primary(with_replica):
    with transaction.atomic():
        assert Organization.objects.all().db == PRIMARY
    assert Organization.objects.all().db == "replica1"
