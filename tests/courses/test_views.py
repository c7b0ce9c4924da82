import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Child, Course, Enrollment, Group
from courses.views import PAGE_SIZE
from directory.models import Membership, Organization
from tests.courses.factories import ChildFactory, CourseFactory, GroupFactory, YouthCentreFactory, birth_date_for_age
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Enrollment.Status
Role = Membership.Role

ACTORS = ["anonymous", "stranger", "other_centre", "parent", "recruiter", "editor", "admin", "staff"]


@pytest.fixture
def world():
    """A youth centre's group with one enrolled child, and a user for each kind of actor."""
    group = GroupFactory(capacity=5)
    centre = group.course.organization
    child = ChildFactory(name="Маша Петрова")
    enrollment = services.enrollment_create(child=child, group=group, user=child.parent)
    users = {
        "anonymous": None,
        "stranger": UserFactory(),
        "other_centre": MembershipFactory(organization=YouthCentreFactory(), role=Role.ADMIN).user,
        "parent": child.parent,
        "recruiter": MembershipFactory(organization=centre, role=Role.RECRUITER).user,
        "editor": MembershipFactory(organization=centre, role=Role.EDITOR).user,
        "admin": MembershipFactory(organization=centre, role=Role.ADMIN).user,
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }
    return {"group": group, "course": group.course, "centre": centre, "child": child, "enrollment": enrollment} | {
        "users": users
    }


def get_as(client, world, actor, url):
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    return client.get(url)


def expected(actor, allowed, denied):
    if actor == "anonymous":
        return 302
    return 200 if actor in allowed else denied


MANAGERS = {"editor", "admin", "staff"}
ROSTER = {"recruiter", "editor", "admin", "staff"}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", ["edit", "group_create", "group_edit"])
def test_managing_courses_and_groups(client, world, actor, name):
    pk = world["group"].pk if name == "group_edit" else world["course"].pk
    response = get_as(client, world, actor, reverse(f"courses:{name}", args=[pk]))
    assert response.status_code == expected(actor, MANAGERS, 403)


@pytest.mark.parametrize("actor", ACTORS)
def test_adding_a_course_to_a_centre(client, world, actor):
    response = get_as(client, world, actor, reverse("courses:course_create", args=[world["centre"].slug]))
    assert response.status_code == expected(actor, MANAGERS, 403)


@pytest.mark.parametrize("actor", ACTORS)
def test_a_centres_course_list(client, world, actor):
    response = get_as(client, world, actor, reverse("courses:centre", args=[world["centre"].slug]))
    assert response.status_code == expected(actor, ROSTER, 403)


def test_only_youth_centres_have_course_pages(client, staff):
    company = OrganizationFactory(kind=Organization.Kind.COMPANY)
    client.force_login(staff)
    assert client.get(reverse("courses:centre", args=[company.slug])).status_code == 404
    assert client.get(reverse("courses:course_create", args=[company.slug])).status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", ["roster", "roster_csv"])
def test_rosters_are_for_the_centres_members_and_staff(client, world, actor, name):
    response = get_as(client, world, actor, reverse(f"courses:{name}", args=[world["group"].pk]))
    assert response.status_code == expected(actor, ROSTER, 403)
    content = b"".join(response) if name == "roster_csv" else response.content
    assert ("Маша Петрова".encode() in content) == (response.status_code == 200)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", ["child_detail", "child_edit", "child_delete"])
def test_a_childs_pages_are_for_the_parent_alone(client, world, actor, name):
    response = get_as(client, world, actor, reverse(f"courses:{name}", args=[world["child"].pk]))
    assert response.status_code == expected(actor, {"parent"}, 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_open_the_cancel_page(client, world, actor):
    response = get_as(client, world, actor, reverse("courses:cancel", args=[world["enrollment"].pk]))
    assert response.status_code == expected(actor, {"parent"} | MANAGERS, 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_unpublished_courses_are_seen_only_by_their_managers(client, world, actor):
    Course.objects.filter(pk=world["course"].pk).update(is_published=False)
    response = get_as(client, world, actor, reverse("courses:detail", args=[world["course"].pk]))
    assert response.status_code == (200 if actor in MANAGERS else 404)


def test_the_enroll_page_needs_a_sign_in(client, world):
    response = client.get(reverse("courses:enroll", args=[world["group"].pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- The finder and the course page ---------------------------------------------------------------------


def test_the_finder_shows_courses_with_seats_left(client):
    group = GroupFactory(course__title_ru="Дроны: собери и запусти", capacity=12)
    services.enrollment_create(child=(child := ChildFactory()), group=group, user=child.parent)
    page = client.get(reverse("courses:index")).content.decode()
    assert "Дроны: собери и запусти" in page
    assert "11" in page and group.name in page


def test_the_finder_keeps_a_wrong_age_and_says_what_is_wrong(client):
    GroupFactory()
    response = client.get(reverse("courses:index"), {"age": "abc", "topic": "robotics"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "age" in form.errors
    assert 'value="abc"' in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_finder_query_count_does_not_grow_with_the_results(client, django_assert_max_num_queries, signed_in):
    if signed_in:
        parent = UserFactory()
        ChildFactory(parent=parent)
        client.force_login(parent)
    limit = 8 if signed_in else 4
    GroupFactory()
    with django_assert_max_num_queries(limit):
        assert client.get(reverse("courses:index"), {"free": "on"}).status_code == 200
    for _ in range(15):
        group = GroupFactory(slots=[(0, "10:00", "11:00"), (3, "10:00", "11:00")])
        GroupFactory(course=group.course)
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("courses:index"), {"free": "on"})
    assert len(response.context["page"]) == PAGE_SIZE
    assert response.context["page"].paginator.count == 16


def test_the_course_page_lists_open_groups_with_seats(client, world):
    response = client.get(world["course"].get_absolute_url())
    assert response.status_code == 200
    assert response.context["groups"][0].seats_left == 4
    assert reverse("courses:enroll", args=[world["group"].pk]) in response.content.decode()


# --- Enrolling and cancelling -------------------------------------------------------------------------------


def test_a_parent_enrolls_a_child(client):
    child = ChildFactory()
    group = GroupFactory()
    client.force_login(child.parent)
    response = client.post(reverse("courses:enroll", args=[group.pk]), {"child": child.pk})
    assert response.status_code == 302 and response["Location"] == child.get_absolute_url()
    assert Enrollment.objects.get(child=child, group=group).status == Status.ENROLLED


def test_a_full_group_puts_the_child_on_the_waitlist_and_the_page_shows_the_place(client):
    group = GroupFactory(capacity=1)
    services.enrollment_create(child=(first := ChildFactory()), group=group, user=first.parent)
    child = ChildFactory()
    client.force_login(child.parent)
    response = client.post(reverse("courses:enroll", args=[group.pk]), {"child": child.pk}, follow=True)
    assert Enrollment.objects.get(child=child).status == Status.WAITLISTED
    page = response.content.decode()
    assert "waitlist" in page.lower() or "ожидания" in page
    assert response.context["enrollments"][0].waitlist_position == 1


def test_another_parents_child_cannot_be_enrolled(client):
    group = GroupFactory()
    other = ChildFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("courses:enroll", args=[group.pk]), {"child": other.pk})
    assert response.status_code == 200 and "child" in response.context["form"].errors
    assert not Enrollment.objects.exists()


def test_a_refusal_is_shown_beside_the_child_with_the_choice_kept(client):
    parent = UserFactory()
    ChildFactory(parent=parent, name="Старший")
    small = ChildFactory(parent=parent, name="Малыш", birth_date=birth_date_for_age(5))
    group = GroupFactory(course__min_age=10, course__max_age=14)
    client.force_login(parent)
    response = client.post(reverse("courses:enroll", args=[group.pk]), {"child": small.pk})
    assert response.status_code == 200
    assert "Малыш" in response.context["form"].errors["child"][0]
    assert f'value="{small.pk}" selected' in response.content.decode()


def test_a_clash_names_the_other_group(client):
    child = ChildFactory()
    services.enrollment_create(child=child, group=GroupFactory(name="Кружок шахмат"), user=child.parent)
    client.force_login(child.parent)
    response = client.post(reverse("courses:enroll", args=[GroupFactory().pk]), {"child": child.pk})
    assert "Кружок шахмат" in response.context["form"].errors["child"][0]


def test_a_parent_cancels_and_the_first_child_waiting_is_emailed(client, django_capture_on_commit_callbacks):
    group = GroupFactory(capacity=1)
    seated = services.enrollment_create(child=(child := ChildFactory()), group=group, user=child.parent)
    waiting = services.enrollment_create(child=(other := ChildFactory()), group=group, user=other.parent)
    client.force_login(child.parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:cancel", args=[seated.pk]), {"comment": ""})
    assert response.status_code == 302
    assert Enrollment.objects.get(pk=seated.pk).status == Status.CANCELLED
    assert Enrollment.objects.get(pk=waiting.pk).status == Status.ENROLLED
    assert [message.to for message in mail.outbox] == [[other.parent.email]]


def test_a_centre_editor_cancels_from_the_roster(client, world):
    client.force_login(world["users"]["editor"])
    response = client.post(reverse("courses:cancel", args=[world["enrollment"].pk]))
    assert response.status_code == 302 and response["Location"] == reverse("courses:roster", args=[world["group"].pk])
    assert Enrollment.objects.get(pk=world["enrollment"].pk).status == Status.CANCELLED


def test_another_parent_cannot_cancel(client, world):
    client.force_login(world["users"]["stranger"])
    assert client.post(reverse("courses:cancel", args=[world["enrollment"].pk])).status_code == 404
    assert Enrollment.objects.get(pk=world["enrollment"].pk).status == Status.ENROLLED


def test_the_roster_csv_lists_children_and_waitlist(client, world):
    for _ in range(5):
        child = ChildFactory()
        services.enrollment_create(child=child, group=world["group"], user=child.parent)
    client.force_login(world["users"]["recruiter"])
    response = client.get(reverse("courses:roster_csv", args=[world["group"].pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    lines = b"".join(response).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 6
    assert "Маша Петрова" in lines[1] and world["child"].parent.email in lines[1]
    assert lines[-1].split(",")[1] == "1"  # the one child waiting is first on the waitlist


def test_csv_cells_that_look_like_formulas_are_quoted(client, world):
    Child.objects.filter(pk=world["child"].pk).update(name="=HYPERLINK(1)")
    client.force_login(world["users"]["admin"])
    content = b"".join(client.get(reverse("courses:roster_csv", args=[world["group"].pk]))).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


# --- Children -------------------------------------------------------------------------------------------------


def test_a_parent_adds_a_child_and_a_future_birth_date_is_refused(client, user):
    client.force_login(user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("courses:child_create"), {"name": "Соня", "birth_date": tomorrow.isoformat()})
    assert response.status_code == 200 and "birth_date" in response.context["form"].errors
    assert 'value="Соня"' in response.content.decode()
    response = client.post(reverse("courses:child_create"), {"name": "Соня", "birth_date": "2016-04-01"})
    child = Child.objects.get(parent=user)
    assert response.status_code == 302 and response["Location"] == child.get_absolute_url()


def test_a_child_with_enrollments_is_not_deleted(client, world):
    client.force_login(world["users"]["parent"])
    response = client.post(reverse("courses:child_delete", args=[world["child"].pk]), follow=True)
    assert Child.objects.filter(pk=world["child"].pk).exists()
    assert response.context["messages"]


def test_the_dashboard_shows_children_and_waitlist_places(client):
    group = GroupFactory(capacity=1)
    services.enrollment_create(child=(first := ChildFactory()), group=group, user=first.parent)
    child = ChildFactory(name="Ева Смирнова")
    services.enrollment_create(child=child, group=group, user=child.parent)
    client.force_login(child.parent)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Ева Смирнова" in page and group.course.title_ru in page
    assert reverse("courses:cancel", args=[Enrollment.objects.get(child=child).pk]) in page


def test_a_youth_centres_profile_shows_its_courses(client):
    course = GroupFactory(course__title_ru="Юные биотехнологи").course
    page = client.get(course.organization.get_absolute_url()).content.decode()
    assert "Юные биотехнологи" in page


# --- Centres manage courses and groups ---------------------------------------------------------------------


def test_an_editor_adds_a_course_and_a_wrong_age_range_is_shown_with_the_input_kept(client, world):
    client.force_login(world["users"]["editor"])
    url = reverse("courses:course_create", args=[world["centre"].slug])
    data = {
        "title_ru": "Схемотехника",
        "topic": "electronics",
        "level": "beginner",
        "format": "in_person",
        "min_age": 14,
        "max_age": 11,
        "price_per_month": 0,
        "is_published": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "max_age" in response.context["form"].errors
    assert 'value="Схемотехника"' in response.content.decode()
    response = client.post(url, data | {"max_age": 17})
    course = Course.objects.get(title_ru="Схемотехника")
    assert response.status_code == 302 and course.organization == world["centre"]
    assert course.okrug == world["centre"].okrug


def test_an_editor_adds_a_group_with_class_times(client, world):
    client.force_login(world["users"]["editor"])
    url = reverse("courses:group_create", args=[world["course"].pk])
    data = {
        "name": "Группа Б",
        "teacher": "Игорь Белов",
        "capacity": 12,
        "starts_on": "2026-09-01",
        "ends_on": "2027-05-31",
        "slots-TOTAL_FORMS": 2,
        "slots-INITIAL_FORMS": 0,
        "slots-0-weekday": "2",
        "slots-0-starts_at": "18:00",
        "slots-0-ends_at": "17:00",
        "slots-1-weekday": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["formset"].errors[0]["ends_at"]
    assert not Group.objects.filter(name="Группа Б").exists()
    response = client.post(url, data | {"slots-0-ends_at": "19:30"})
    assert response.status_code == 302
    group = Group.objects.get(name="Группа Б")
    assert [str(slot.starts_at) for slot in group.slots.all()] == ["18:00:00"]


def test_seats_below_the_children_enrolled_are_refused_beside_the_field(client, world):
    client.force_login(world["users"]["admin"])
    group = world["group"]
    for _ in range(2):
        child = ChildFactory()
        services.enrollment_create(child=child, group=group, user=child.parent)
    data = {
        "name": group.name,
        "teacher": group.teacher,
        "capacity": 1,
        "starts_on": group.starts_on.isoformat(),
        "ends_on": group.ends_on.isoformat(),
        "slots-TOTAL_FORMS": 1,
        "slots-INITIAL_FORMS": 1,  # as the page renders it: the group's one class time
        "slots-0-weekday": "1",
        "slots-0-starts_at": "16:00",
        "slots-0-ends_at": "17:30",
    }
    response = client.post(reverse("courses:group_edit", args=[group.pk]), data)
    assert response.status_code == 200 and "capacity" in response.context["form"].errors
    group.refresh_from_db()
    assert group.capacity == 5


def test_the_centre_list_counts_open_groups(client, world):
    CourseFactory(organization=world["centre"], title_ru="Без групп")
    client.force_login(world["users"]["admin"])
    response = client.get(reverse("courses:centre", args=[world["centre"].slug]))
    counts = {course.title_ru: course.open_group_count for course in response.context["courses"]}
    assert counts == {world["course"].title_ru: 1, "Без групп": 0}
