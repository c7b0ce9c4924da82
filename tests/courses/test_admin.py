import pytest
from django.urls import reverse

from courses import services
from courses.models import Enrollment
from tests.courses.factories import ChildFactory, GroupFactory

pytestmark = pytest.mark.django_db


def test_staff_browse_courses_groups_enrollments_and_children(client, staff):
    group = GroupFactory()
    child = ChildFactory()
    enrollment = services.enrollment_create(child=child, group=group, user=child.parent)
    client.force_login(staff)
    for model, obj in (("course", group.course), ("group", group), ("enrollment", enrollment), ("child", child)):
        assert client.get(reverse(f"admin:courses_{model}_changelist"), {"q": "a"}).status_code == 200
        assert client.get(reverse(f"admin:courses_{model}_change", args=[obj.pk])).status_code == 200


def test_the_admin_cancel_action_moves_the_waitlist_up(client, staff):
    group = GroupFactory(capacity=1)
    seated = services.enrollment_create(child=(child := ChildFactory()), group=group, user=child.parent)
    waiting = services.enrollment_create(child=(other := ChildFactory()), group=group, user=other.parent)
    client.force_login(staff)
    response = client.post(
        reverse("admin:courses_enrollment_changelist"), {"action": "cancel", "_selected_action": [seated.pk]}
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=seated.pk).status == Enrollment.Status.CANCELLED
    assert Enrollment.objects.get(pk=waiting.pk).status == Enrollment.Status.ENROLLED
    assert Enrollment.objects.get(pk=seated.pk).events.last().actor == staff
