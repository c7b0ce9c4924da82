"""axe-core on the courses pages (parents' and centres'), and a parent's enrollment journey in a real browser."""

import pytest

from courses import services
from courses.models import Enrollment
from directory.models import Membership
from tests.browser.conftest import axe_problems, sign_in
from tests.courses.factories import ChildFactory, GroupFactory
from tests.factories import MembershipFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language_prefix", ["", "/en"], ids=["ru", "en"])
def test_courses_pages_have_no_serious_accessibility_violations(axe_page, language_prefix):
    group = GroupFactory(capacity=1)
    child = ChildFactory()
    enrollment = services.enrollment_create(child=child, group=group, user=child.parent)
    editor = MembershipFactory(organization=group.course.organization, role=Membership.Role.EDITOR).user
    public = ["/courses/", "/courses/?age=10&weekday=1", group.course.get_absolute_url()]
    problems = axe_problems(axe_page, public, language_prefix)
    sign_in(axe_page, child.parent.email)
    parent = [
        f"/courses/?child={child.pk}",
        f"/courses/groups/{group.pk}/enroll/",
        "/courses/children/",
        "/courses/children/add/",
        child.get_absolute_url(),
        f"/courses/children/{child.pk}/edit/",
        f"/courses/children/{child.pk}/delete/",
        f"/courses/enrollments/{enrollment.pk}/cancel/",
    ]
    problems |= axe_problems(axe_page, parent, language_prefix)
    axe_page.context.clear_cookies()
    sign_in(axe_page, editor.email)
    centre = [
        f"/courses/groups/{group.pk}/roster/",
        f"/courses/{group.course.pk}/edit/",
        f"/courses/{group.course.pk}/groups/new/",
        f"/courses/groups/{group.pk}/edit/",
        f"/courses/centre/{group.course.organization.slug}/",
        f"/courses/centre/{group.course.organization.slug}/new/",
    ]
    problems |= axe_problems(axe_page, centre, language_prefix)
    assert problems == {}


@pytest.mark.django_db(transaction=True)
def test_a_parent_adds_a_child_and_joins_a_waitlist(page):
    group = GroupFactory(capacity=1, course__title_ru="Дроны: собери и запусти")
    first = ChildFactory()
    services.enrollment_create(child=first, group=group, user=first.parent)
    parent = ChildFactory().parent  # a parent whose child profile is added below
    sign_in(page, parent.email)

    page.goto(f"/courses/groups/{group.pk}/enroll/")
    page.get_by_role("link", name="Добавить ребёнка").click()
    page.get_by_label("Имя ребёнка").fill("Соня Петрова")
    page.get_by_label("Дата рождения").fill("2015-03-14")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(f"**/courses/groups/{group.pk}/enroll/")
    page.get_by_label("Ребёнок").select_option(label="Соня Петрова")
    page.get_by_role("button", name="Встать в лист ожидания").click()
    page.wait_for_load_state()
    assert page.get_by_text("лист ожидания, место 1").is_visible()
    assert Enrollment.objects.get(child__name="Соня Петрова").status == Enrollment.Status.WAITLISTED
