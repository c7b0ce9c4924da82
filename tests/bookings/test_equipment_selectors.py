import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bookings.equipment import selectors
from bookings.equipment.models import DigestState
from tests.bookings.equipment_factories import editor_of, make_item, make_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_matching_by_category_with_ancestors_and_spec_name():
    item = make_item(slug="climate-chamber", specs=[("Temperature range", "−40…+85", "°C")])
    editor = editor_of(item)
    exact = make_request(slug="climate-chamber")
    parent = make_request(slug="climate")
    with_spec = make_request(slug="climate", spec_name="temperature RANGE")
    wrong_spec = make_request(slug="climate", spec_name="Humidity")
    other = make_request(slug="microscopy")
    found = set(selectors.matching_requests(item.organization, editor).values_list("pk", flat=True))
    assert found == {exact.pk, parent.pk, with_spec.pk}
    assert wrong_spec.pk not in found and other.pk not in found


def test_matching_constant_queries(django_assert_max_num_queries):
    item = make_item()
    editor = editor_of(item)
    make_request()
    with django_assert_max_num_queries(4):
        assert len(list(selectors.matching_requests(item.organization, editor))) == 1
    for _ in range(5):
        make_request(spec_name="Temperature range")
    with django_assert_max_num_queries(4):
        assert len(list(selectors.matching_requests(item.organization, editor))) == 6


def test_private_requests_match_only_for_verified_owners():
    from tests.factories import OrganizationFactory

    unverified = make_item(organization=OrganizationFactory(is_verified=False))
    make_request(visibility="verified")
    assert not selectors.matching_requests(unverified.organization, editor_of(unverified)).exists()
    verified = make_item()
    assert selectors.matching_requests(verified.organization, editor_of(verified)).exists()


def test_descendants():
    from bookings.equipment.filters import with_descendants
    from tests.bookings.equipment_factories import category

    ids = with_descendants(category("climate").pk)
    assert category("climate-chamber").pk in ids and category("cnc").pk not in ids


def test_underused_rows_are_idle_first():
    item = make_item()
    rows = selectors.underused(item.organization)
    assert [row.item.pk for row in rows] == [item.pk]
    assert rows[0].idle and rows[0].percent_90 == 0


def test_digest_sends_new_matching_requests_once(django_capture_on_commit_callbacks):
    item = make_item()
    requester = UserFactory()
    make_request(user=requester)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("equipment_digest", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[editor_of(item).email]]
    assert "Нужна климатическая камера" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("equipment_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    DigestState.objects.update(sent_at=timezone.now() - datetime.timedelta(days=1))
    assert DigestState.objects.count() == 1


def test_site_search_finds_equipment_and_spaces(client):
    from tests.bookings.factories import ResourceFactory

    make_item(name_ru="Электронный микроскоп", name_en="Electron microscope", slug="microscopy-electron")
    ResourceFactory(name_ru="Переговорная «Ландау»", name_en="Meeting room Landau")
    hits, total = selectors.search_equipment("микроскопы", 5)
    assert total == 1 and hits[0].title == "Electron microscope"
    hits, total = selectors.search_spaces("ландау", 5)
    assert total == 1
    page = client.get("/en/search/", {"q": "microscope"}).content.decode()
    assert "Electron microscope" in page
