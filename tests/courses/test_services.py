import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import services
from courses.models import Course, Enrollment, EnrollmentEvent, Group, Slot
from courses.selectors import with_positions
from directory.models import Membership, Organization
from imoscow.errors import PermissionDeniedError
from tests.courses.factories import ChildFactory, CourseFactory, GroupFactory, YouthCentreFactory, birth_date_for_age
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def enroll(child, group):
    return services.enrollment_create(child=child, group=group, user=child.parent)


# --- Children ------------------------------------------------------------------------------------------


def test_a_parent_adds_a_child():
    parent = UserFactory()
    child = services.child_create(user=parent, name=" Маша ", birth_date=birth_date_for_age(9))
    assert child.parent == parent and child.name == "Маша" and child.age == 9


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(services.InvalidBirthDate) as error:
        services.child_create(
            user=UserFactory(), name="Маша", birth_date=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert error.value.field == "birth_date"


def test_only_the_parent_changes_or_deletes_a_child():
    child = ChildFactory()
    stranger = UserFactory()
    with pytest.raises(PermissionDeniedError):
        services.child_update(child=child, user=stranger, name="Другое имя", birth_date=child.birth_date)
    with pytest.raises(PermissionDeniedError):
        services.child_delete(child=child, user=stranger)
    child.refresh_from_db()
    assert child.name != "Другое имя"


def test_a_child_with_current_enrollments_cannot_be_deleted():
    child = ChildFactory()
    enrollment = enroll(child, GroupFactory())
    with pytest.raises(services.ChildHasEnrollments):
        services.child_delete(child=child, user=child.parent)
    services.enrollment_cancel(enrollment=enrollment, user=child.parent)
    services.child_delete(child=child, user=child.parent)
    assert not type(child).objects.filter(pk=child.pk).exists()


# --- Courses and groups -----------------------------------------------------------------------------------


def test_a_centre_editor_publishes_a_course_at_the_centre_address(member_of):
    centre = YouthCentreFactory(address="г. Москва, Профсоюзная ул., д. 7", okrug="yuzao")
    editor = member_of(centre, Membership.Role.EDITOR)
    course = services.course_create(
        organization=centre,
        user=editor,
        title_ru="Программирование на Python",
        topic="programming",
        min_age=11,
        max_age=16,
        price_per_month=0,
    )
    assert course.address == centre.address and course.okrug == "yuzao" and course.is_free


@pytest.mark.parametrize("role", [Membership.Role.RECRUITER, None])
def test_others_cannot_publish_courses(member_of, role):
    centre = YouthCentreFactory()
    user = member_of(centre, role) if role else member_of(YouthCentreFactory(), Membership.Role.ADMIN)
    with pytest.raises(PermissionDeniedError):
        services.course_create(organization=centre, user=user, title_ru="Курс", topic="drones", min_age=8, max_age=12)
    assert not Course.objects.exists()


def test_only_youth_centres_publish_courses(member_of):
    company = OrganizationFactory(kind=Organization.Kind.COMPANY)
    with pytest.raises(services.NotAYouthCentre):
        services.course_create(
            organization=company,
            user=member_of(company, Membership.Role.ADMIN),
            title_ru="Курс",
            topic="drones",
            min_age=8,
            max_age=12,
        )


def test_the_database_refuses_an_inverted_age_range_and_a_group_without_seats():
    course = CourseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(min_age=15, max_age=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupFactory(course=course, capacity=0)
    group = GroupFactory(course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.filter(pk=group.pk).update(ends_on=datetime.date(2000, 1, 1))


def test_a_group_is_created_with_its_class_times(member_of):
    course = CourseFactory()
    editor = member_of(course.organization, Membership.Role.EDITOR)
    today = timezone.localdate()
    group = services.group_create(
        course=course,
        user=editor,
        slots=[(3, datetime.time(16), datetime.time(17, 30)), (1, datetime.time(16), datetime.time(17, 30))],
        name="Группа А",
        teacher="Игорь Белов",
        capacity=12,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
    )
    times = [(slot.weekday, slot.starts_at) for slot in group.slots.all()]
    assert times == [(1, datetime.time(16)), (3, datetime.time(16))]


def test_overlapping_class_times_of_one_group_are_refused(member_of):
    course = CourseFactory()
    today = timezone.localdate()
    with pytest.raises(services.InvalidSchedule):
        services.group_create(
            course=course,
            user=member_of(course.organization, Membership.Role.ADMIN),
            slots=[(1, datetime.time(16), datetime.time(17, 30)), (1, datetime.time(17), datetime.time(18))],
            name="Группа А",
            teacher="Игорь Белов",
            capacity=12,
            starts_on=today,
            ends_on=today,
        )
    assert not Group.objects.exists()


# --- Enrollment ----------------------------------------------------------------------------------------------


def test_a_child_is_enrolled_while_seats_last_then_waitlisted_in_order():
    group = GroupFactory(capacity=2)
    children = ChildFactory.create_batch(4)
    enrollments = [enroll(child, group) for child in children]
    assert [e.status for e in enrollments] == [Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED, Status.WAITLISTED]
    positions = dict(with_positions(Enrollment.objects.filter(group=group)).values_list("child", "waitlist_position"))
    assert [positions[child.pk] for child in children] == [None, None, 1, 2]
    events = EnrollmentEvent.objects.filter(enrollment=enrollments[0])
    assert [(e.actor, e.from_status, e.to_status) for e in events] == [(children[0].parent, "", Status.ENROLLED)]


def test_the_age_range_is_checked():
    group = GroupFactory(course__min_age=12, course__max_age=16)
    child = ChildFactory(name="Петя", birth_date=birth_date_for_age(9))
    with pytest.raises(services.AgeOutOfRange) as error:
        enroll(child, group)
    assert "Петя" in str(error.value) and "12" in str(error.value) and error.value.field == "child"
    assert not Enrollment.objects.exists()


def test_a_clash_with_another_group_is_refused_naming_it():
    child = ChildFactory(name="Маша")
    chess = GroupFactory(name="Шахматный клуб", slots=[(1, "16:00", "17:30")])
    enroll(child, chess)
    clashing = GroupFactory(slots=[(3, "10:00", "11:00"), (1, "17:00", "18:00")])
    with pytest.raises(services.ScheduleClash) as error:
        enroll(child, clashing)
    assert "Шахматный клуб" in str(error.value) and "16:00" in str(error.value)
    assert not Enrollment.objects.filter(group=clashing).exists()


def test_a_waitlist_place_counts_as_a_clash_too():
    child = ChildFactory()
    full = GroupFactory(capacity=1, slots=[(2, "15:00", "16:00")])
    enroll(ChildFactory(), full)
    assert enroll(child, full).status == Status.WAITLISTED
    with pytest.raises(services.ScheduleClash):
        enroll(child, GroupFactory(slots=[(2, "15:30", "16:30")]))


def test_same_time_in_another_term_or_back_to_back_is_no_clash():
    child = ChildFactory()
    today = timezone.localdate()
    enroll(child, GroupFactory(slots=[(1, "16:00", "17:30")]))
    later_term = GroupFactory(
        starts_on=today + datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=300),
        slots=[(1, "16:00", "17:30")],
    )
    back_to_back = GroupFactory(slots=[(1, "17:30", "19:00")])
    assert enroll(child, later_term).status == Status.ENROLLED
    assert enroll(child, back_to_back).status == Status.ENROLLED


def test_a_child_is_enrolled_once_per_group():
    child = ChildFactory()
    group = GroupFactory()
    enroll(child, group)
    with pytest.raises(services.AlreadyEnrolled):
        enroll(child, group)


def test_the_database_allows_one_active_enrollment_per_child_and_group():
    child = ChildFactory()
    group = GroupFactory()
    first = enroll(child, group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(child=child, group=group, status=Status.WAITLISTED)
    services.enrollment_cancel(enrollment=first, user=child.parent)
    assert enroll(child, group).status == Status.ENROLLED  # a cancelled enrollment does not count


def test_parents_enroll_only_their_own_children():
    with pytest.raises(PermissionDeniedError):
        services.enrollment_create(child=ChildFactory(), group=GroupFactory(), user=UserFactory())
    assert not Enrollment.objects.exists()


def test_no_enrollment_after_the_term_or_in_an_unpublished_course():
    today = timezone.localdate()
    over = GroupFactory(starts_on=today - datetime.timedelta(days=100), ends_on=today - datetime.timedelta(days=1))
    hidden = GroupFactory(course__is_published=False)
    for group in (over, hidden):
        with pytest.raises(services.GroupClosed):
            enroll(ChildFactory(), group)


def test_a_freed_seat_goes_to_the_first_child_waiting_and_the_parent_is_emailed(django_capture_on_commit_callbacks):
    group = GroupFactory(capacity=1)
    seated = enroll(ChildFactory(), group)
    first = enroll(ChildFactory(name="Соня"), group)
    second = enroll(ChildFactory(), group)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_cancel(enrollment=seated, user=seated.child.parent, comment="переезжаем")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.ENROLLED, Status.WAITLISTED)
    assert with_positions(Enrollment.objects.filter(pk=second.pk)).get().waitlist_position == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [first.child.parent.email] and "Соня" in mail.outbox[0].subject
    promotion = EnrollmentEvent.objects.get(enrollment=first, to_status=Status.ENROLLED)
    assert promotion.from_status == Status.WAITLISTED and promotion.actor == seated.child.parent
    cancellation = EnrollmentEvent.objects.get(enrollment=seated, to_status=Status.CANCELLED)
    assert cancellation.comment == "переезжаем"


def test_the_email_waits_for_the_commit(django_capture_on_commit_callbacks):
    group = GroupFactory(capacity=1)
    seated = enroll(ChildFactory(), group)
    enroll(ChildFactory(), group)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.enrollment_cancel(enrollment=seated, user=seated.child.parent)
    assert len(callbacks) == 1 and mail.outbox == []


def test_leaving_the_waitlist_moves_the_others_up_without_promoting_anyone():
    group = GroupFactory(capacity=1)
    enroll(ChildFactory(), group)
    first, second = enroll(ChildFactory(), group), enroll(ChildFactory(), group)
    services.enrollment_cancel(enrollment=first, user=first.child.parent)
    assert with_positions(Enrollment.objects.filter(pk=second.pk)).get().waitlist_position == 1
    assert Enrollment.objects.filter(group=group, status=Status.ENROLLED).count() == 1
    assert mail.outbox == []


def test_a_cancelled_enrollment_cannot_be_cancelled_again():
    enrollment = enroll(ChildFactory(), GroupFactory())
    services.enrollment_cancel(enrollment=enrollment, user=enrollment.child.parent)
    with pytest.raises(services.TransitionNotAllowed):
        services.enrollment_cancel(enrollment=enrollment, user=enrollment.child.parent)


def test_who_may_cancel(member_of, staff):
    group = GroupFactory()
    centre = group.course.organization
    for user, allowed in (
        (UserFactory(), False),
        (member_of(centre, Membership.Role.RECRUITER), False),
        (member_of(YouthCentreFactory(), Membership.Role.ADMIN), False),
        (member_of(centre, Membership.Role.EDITOR), True),
        (staff, True),
    ):
        enrollment = enroll(ChildFactory(), group)
        if allowed:
            assert services.enrollment_cancel(enrollment=enrollment, user=user).status == Status.CANCELLED
        else:
            with pytest.raises(PermissionDeniedError):
                services.enrollment_cancel(enrollment=enrollment, user=user)


def test_more_seats_move_the_waitlist_up(member_of, django_capture_on_commit_callbacks):
    group = GroupFactory(capacity=1)
    enroll(ChildFactory(), group)
    waiting = [enroll(ChildFactory(), group) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.group_update(group=group, user=member_of(group.course.organization, Membership.Role.ADMIN), capacity=3)
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED]
    assert len(mail.outbox) == 2


def test_seats_cannot_drop_below_the_children_enrolled(member_of):
    group = GroupFactory(capacity=3)
    for _ in range(2):
        enroll(ChildFactory(), group)
    with pytest.raises(services.CapacityBelowEnrolled) as error:
        services.group_update(group=group, user=member_of(group.course.organization, Membership.Role.ADMIN), capacity=1)
    assert error.value.field == "capacity"
    group.refresh_from_db()
    assert group.capacity == 3


def test_changing_class_times_replaces_them(member_of):
    group = GroupFactory(slots=[(1, "16:00", "17:00")])
    services.group_update(
        group=group,
        user=member_of(group.course.organization, Membership.Role.EDITOR),
        slots=[(4, datetime.time(10), datetime.time(11))],
    )
    assert list(Slot.objects.filter(group=group).values_list("weekday", flat=True)) == [4]
