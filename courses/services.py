"""Every change in the courses area goes through these functions.

Locks: a service that touches a child's enrollments locks the child's row first, then the group's row
(`enrollment_create`); services that only change a group's seats lock the group's row alone. That fixed
order (child before group) keeps two transactions from waiting on each other.
"""

import datetime
import functools

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Child, Course, Enrollment, EnrollmentEvent, Group, Slot
from courses.permissions import can_cancel, can_manage
from directory.models import Organization
from imoscow.errors import DomainError, PermissionDeniedError

Status = Enrollment.Status

COURSE_FIELDS = (
    "title_ru",
    "title_en",
    "description_ru",
    "description_en",
    "topic",
    "level",
    "format",
    "min_age",
    "max_age",
    "price_per_month",
    "address",
    "okrug",
    "is_published",
)
GROUP_FIELDS = ("name", "teacher", "capacity", "starts_on", "ends_on")
PROMOTION_COMMENT = "moved up from the waitlist: a seat freed up"


class NotAYouthCentre(DomainError):
    default_message = _("Only youth centres publish courses for children.")


class AgeOutOfRange(DomainError):
    field = "child"


class ScheduleClash(DomainError):
    field = "child"


class AlreadyEnrolled(DomainError):
    default_message = _("This child is already enrolled in this group or on its waitlist.")
    field = "child"


class GroupClosed(DomainError):
    default_message = _("This group's term is over; choose another group.")


class CapacityBelowEnrolled(DomainError):
    field = "capacity"


class TransitionNotAllowed(DomainError):
    default_message = _("This enrollment is already cancelled.")


class ChildHasEnrollments(DomainError):
    default_message = _("Cancel this child's enrollments first.")


class InvalidBirthDate(DomainError):
    field = "birth_date"


class InvalidSchedule(DomainError):
    field = None


# --- Children ----------------------------------------------------------------------------------------


def _check_birth_date(birth_date: datetime.date) -> None:
    today = timezone.localdate()
    if birth_date > today:
        raise InvalidBirthDate(_("The date of birth cannot be in the future."))
    if today.year - birth_date.year > 19:
        raise InvalidBirthDate(_("Courses are for children and teenagers up to 18."))


@transaction.atomic
def child_create(*, user, name: str, birth_date: datetime.date) -> Child:
    if not user.is_authenticated:
        raise PermissionDeniedError(_("Sign in to add a child."))
    _check_birth_date(birth_date)
    return Child.objects.create(parent=user, name=name.strip(), birth_date=birth_date)


@transaction.atomic
def child_update(*, child: Child, user, name: str, birth_date: datetime.date) -> Child:
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.parent_id != user.pk:
        raise PermissionDeniedError(_("This is not your child's profile."))
    _check_birth_date(birth_date)
    child.name = name.strip()
    child.birth_date = birth_date
    child.save(update_fields=["name", "birth_date", "updated"])
    return child


@transaction.atomic
def child_delete(*, child: Child, user) -> None:
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.parent_id != user.pk:
        raise PermissionDeniedError(_("This is not your child's profile."))
    if child.enrollments.filter(status__in=Enrollment.ACTIVE).exists():
        raise ChildHasEnrollments()
    child.delete()


# --- Courses and groups ------------------------------------------------------------------------------


def _require_manager(organization, user) -> None:
    if not can_manage(organization, user):
        raise PermissionDeniedError(_("Only the centre's administrators and editors manage its courses."))


@transaction.atomic
def course_create(*, organization: Organization, user, **fields) -> Course:
    _require_manager(organization, user)
    if organization.kind != Organization.Kind.YOUTH_CENTRE:
        raise NotAYouthCentre()
    course = Course(organization=organization)
    return _course_save(course, fields)


@transaction.atomic
def course_update(*, course: Course, user, **fields) -> Course:
    course = Course.objects.select_for_update().select_related("organization").get(pk=course.pk)
    _require_manager(course.organization, user)
    return _course_save(course, fields)


def _course_save(course: Course, fields: dict) -> Course:
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(course, field, value)
    # Classes are held at the centre unless the course says otherwise.
    if not course.address:
        course.address = course.organization.address
    if not course.okrug:
        course.okrug = course.organization.okrug
    course.full_clean(exclude=["organization", "search"])
    course.save()
    return course


def _check_slots(slots) -> list[tuple[int, datetime.time, datetime.time]]:
    slots = sorted((int(weekday), starts_at, ends_at) for weekday, starts_at, ends_at in slots)
    if not slots:
        raise InvalidSchedule(_("Give the group at least one class time."))
    for _weekday, starts_at, ends_at in slots:
        if starts_at >= ends_at:
            raise InvalidSchedule(_("A class must end after it starts."))
    for (day_a, _start_a, end_a), (day_b, start_b, _end_b) in zip(slots, slots[1:], strict=False):
        if day_a == day_b and start_b < end_a:
            raise InvalidSchedule(_("Two class times of the group overlap."))
    return slots


@transaction.atomic
def group_create(*, course: Course, user, slots, **fields) -> Group:
    """`slots` is a list of (weekday, starts_at, ends_at)."""
    course = Course.objects.select_related("organization").get(pk=course.pk)
    _require_manager(course.organization, user)
    group = Group(course=course)
    return _group_save(group, fields, slots, user=user)


@transaction.atomic
def group_update(*, group: Group, user, slots=None, **fields) -> Group:
    """Changes a group. More seats move children up from the waitlist at once."""
    group = _lock_group(group.pk)
    _require_manager(group.course.organization, user)
    enrolled = group.enrollments.filter(status=Status.ENROLLED).count()
    if "capacity" in fields and fields["capacity"] is not None and fields["capacity"] < enrolled:
        raise CapacityBelowEnrolled(
            _("%(count)s children are enrolled; the group cannot have fewer seats.") % {"count": enrolled}
        )
    group = _group_save(group, fields, slots, user=user)
    _promote_from_waitlist(group, actor=user)
    return group


def _group_save(group: Group, fields: dict, slots, *, user) -> Group:
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(group, field, value)
    checked = _check_slots(slots) if slots is not None else None
    group.full_clean(exclude=["course"])
    group.save()
    if checked is not None:
        group.slots.all().delete()
        Slot.objects.bulk_create(
            Slot(group=group, weekday=weekday, starts_at=starts_at, ends_at=ends_at)
            for weekday, starts_at, ends_at in checked
        )
    return group


# --- Enrollment --------------------------------------------------------------------------------------


def _lock_group(pk) -> Group:
    return Group.objects.select_for_update(of=("self",)).select_related("course__organization").get(pk=pk)


def _record(enrollment: Enrollment, *, actor, from_status: str, comment: str = "") -> None:
    EnrollmentEvent.objects.create(
        enrollment=enrollment, actor=actor, from_status=from_status, to_status=enrollment.status, comment=comment
    )


def clashing_group(child: Child, group: Group) -> Group | None:
    """The first of the child's current groups (enrolled or waitlisted) whose classes overlap `group`'s
    during overlapping terms, or None."""
    new_slots = list(group.slots.all())
    if not new_slots:
        return None
    overlapping = Q()
    for slot in new_slots:
        overlapping |= Q(weekday=slot.weekday, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at)
    busy = (
        Slot.objects.filter(overlapping)
        .filter(
            group__enrollments__child=child,
            group__enrollments__status__in=Enrollment.ACTIVE,
            group__starts_on__lte=group.ends_on,
            group__ends_on__gte=group.starts_on,
        )
        .exclude(group=group)
        .select_related("group__course")
        .order_by("group__starts_on", "weekday", "starts_at")
        .first()
    )
    return busy.group if busy else None


@transaction.atomic
def enrollment_create(*, child: Child, group: Group, user) -> Enrollment:
    """A parent enrolls their child in a group, or on its waitlist when the group is full."""
    # Lock the child first (two enrollments of one child must not both pass the clash check), then the
    # group (its seats and the order of its waitlist are decided by whoever holds this lock).
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.parent_id != user.pk:
        raise PermissionDeniedError(_("You can enroll only your own children."))
    group = _lock_group(group.pk)
    course = group.course
    today = timezone.localdate()
    if not course.is_published or group.ends_on < today:
        raise GroupClosed()
    age = child.age_on(today)
    if not course.min_age <= age <= course.max_age:
        raise AgeOutOfRange(
            _("%(name)s is %(age)s; this course is for ages %(min)s to %(max)s.")
            % {"name": child.name, "age": age, "min": course.min_age, "max": course.max_age}
        )
    if Enrollment.objects.filter(child=child, group=group, status__in=Enrollment.ACTIVE).exists():
        raise AlreadyEnrolled()
    clash = clashing_group(child, group)
    if clash is not None:
        raise ScheduleClash(
            _("The classes clash with %(group)s (%(schedule)s), where %(name)s already goes.")
            % {"group": clash, "schedule": clash.schedule_text(), "name": child.name}
        )
    counts = _seat_counts(group)
    # A newcomer takes a free seat only when nobody is waiting for it.
    has_seat = counts[Status.ENROLLED] < group.capacity and counts[Status.WAITLISTED] == 0
    now = timezone.now()
    enrollment = Enrollment.objects.create(
        child=child,
        group=group,
        status=Status.ENROLLED if has_seat else Status.WAITLISTED,
        enrolled_at=now if has_seat else None,
    )
    _record(enrollment, actor=user, from_status="")
    return enrollment


def _seat_counts(group: Group) -> dict[str, int]:
    counts = {Status.ENROLLED: 0, Status.WAITLISTED: 0}
    rows = (
        Enrollment.objects.filter(group=group, status__in=Enrollment.ACTIVE)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, user, comment: str = "") -> Enrollment:
    """The parent (or the centre) gives up a seat or a waitlist place; the first child waiting takes the
    freed seat in the same transaction."""
    group = _lock_group(enrollment.group_id)
    enrollment = Enrollment.objects.select_for_update(of=("self",)).select_related("child").get(pk=enrollment.pk)
    enrollment.group = group
    if not can_cancel(enrollment, user):
        raise PermissionDeniedError(_("You cannot cancel this enrollment."))
    if enrollment.status not in Enrollment.ACTIVE:
        raise TransitionNotAllowed()
    previous = enrollment.status
    enrollment.status = Status.CANCELLED
    enrollment.cancelled_at = timezone.now()
    enrollment.save(update_fields=["status", "cancelled_at", "updated"])
    _record(enrollment, actor=user, from_status=previous, comment=comment)
    if previous == Status.ENROLLED:
        _promote_from_waitlist(group, actor=user)
    return enrollment


def _promote_from_waitlist(group: Group, *, actor) -> list[Enrollment]:
    """Fill free seats from the head of the waitlist. The caller holds the group's lock."""
    free = group.capacity - group.enrollments.filter(status=Status.ENROLLED).count()
    if free <= 0:
        return []
    promoted = list(
        Enrollment.objects.select_for_update().filter(group=group, status=Status.WAITLISTED).order_by("pk")[:free]
    )
    now = timezone.now()
    for enrollment in promoted:
        enrollment.status = Status.ENROLLED
        enrollment.enrolled_at = now
        enrollment.save(update_fields=["status", "enrolled_at", "updated"])
        _record(enrollment, actor=actor, from_status=Status.WAITLISTED, comment=PROMOTION_COMMENT)
        transaction.on_commit(functools.partial(send_promotion_email, enrollment.pk))
    return promoted


def send_promotion_email(enrollment_pk: int) -> None:
    """Tell the parent that their child moved from the waitlist into the group."""
    enrollment = (
        Enrollment.objects.select_related("child__parent", "group__course__organization")
        .prefetch_related("group__slots")
        .get(pk=enrollment_pk)
    )
    context = {"enrollment": enrollment, "child": enrollment.child, "group": enrollment.group}
    send_mail(
        subject=render_to_string("courses/email/promoted_subject.txt", context).strip(),
        message=render_to_string("courses/email/promoted_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[enrollment.child.parent.email],
    )
