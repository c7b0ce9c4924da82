"""Read-side queries of the courses area, with what each page shows already joined or prefetched."""

from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from courses.filters import CourseFilter, text_query
from courses.models import Child, Course, Enrollment, Group, Slot
from courses.permissions import can_manage
from directory.extensions import SearchHit
from directory.models import Organization

Status = Enrollment.Status


def _count_of(status):
    rows = (
        Enrollment.objects.filter(group=OuterRef("pk"), status=status)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def groups_with_seats(queryset=None):
    """Groups with `enrolled_count` and `waitlist_count` (one subquery each, no query per group) and their
    class times prefetched; `seats_left` is a property of the annotated row."""
    queryset = Group.objects.all() if queryset is None else queryset
    return queryset.annotate(
        enrolled_count=_count_of(Status.ENROLLED), waitlist_count=_count_of(Status.WAITLISTED)
    ).prefetch_related(Prefetch("slots", queryset=Slot.objects.order_by("weekday", "starts_at")))


def _waitlist_position():
    """1 for the first child waiting in the group, 2 for the next...; None for other statuses."""
    ahead = (
        Enrollment.objects.filter(group=OuterRef("group"), status=Status.WAITLISTED, pk__lte=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(ahead, output_field=IntegerField())


def with_positions(queryset):
    return queryset.annotate(waitlist_position=_waitlist_position())


# --- The finder ---

# What a result card shows, and nothing more: the wide columns (descriptions, search vectors, of the
# course and of its centre) stay in the tables, so sorting by relevance handles narrow rows.
FINDER_FIELDS = (
    "title_ru",
    "title_en",
    "topic",
    "level",
    "format",
    "min_age",
    "max_age",
    "price_per_month",
    "okrug",
    "organization__slug",
    "organization__name_ru",
    "organization__name_en",
)


def course_finder(*, data, user) -> CourseFilter:
    """The parents' finder: a bound FilterSet whose `.qs` is the found courses, each with
    `matching_groups` (the open groups that meet the group-level filters) annotated with seats."""
    filterset = CourseFilter(
        data,
        queryset=Course.objects.filter(is_published=True).select_related("organization").only(*FINDER_FIELDS),
        user=user,
    )
    if filterset.is_valid():
        queryset = filterset.qs
        groups = filterset.matching_groups
    else:
        queryset = filterset.queryset.none()
        groups = Group.objects.none()
    filterset.results = queryset.prefetch_related(
        Prefetch(
            "groups",
            queryset=groups_with_seats(groups).order_by("starts_on", "name", "pk"),
            to_attr="matching_groups",
        )
    )
    return filterset


# --- Course pages ----------------------------------------------------------------------------------------


def course_for_page(pk) -> Course:
    try:
        return Course.objects.select_related("organization").get(pk=pk)
    except Course.DoesNotExist:
        raise Http404 from None


def open_groups_of(course):
    return groups_with_seats(course.groups.filter(ends_on__gte=timezone.localdate())).order_by(
        "starts_on", "name", "pk"
    )


def all_groups_of(course):
    return groups_with_seats(course.groups.all()).order_by("-ends_on", "name", "pk")


def group_for_page(pk) -> Group:
    try:
        return groups_with_seats(Group.objects.select_related("course__organization")).get(pk=pk)
    except Group.DoesNotExist:
        raise Http404 from None


def centre_for_courses(slug) -> Organization:
    try:
        return Organization.objects.get(slug=slug, kind=Organization.Kind.YOUTH_CENTRE)
    except Organization.DoesNotExist:
        raise Http404 from None


def courses_of_centre(organization, *, published_only=True):
    today = timezone.localdate()
    queryset = organization.courses.all()
    if published_only:
        queryset = queryset.filter(is_published=True)
    return (
        queryset.defer("search")
        .annotate(open_group_count=Count("groups", filter=Q(groups__ends_on__gte=today)))
        .order_by("title_ru", "pk")
    )


def roster_of(group):
    """The group's children, enrolled first then the waitlist in order, with parents' contacts."""
    return with_positions(
        group.enrollments.filter(status__in=Enrollment.ACTIVE).select_related("child__parent")
    ).order_by("status", "pk")  # "enrolled" sorts before "waitlisted"; the waitlist in arrival order


# --- Parents and their children ----------------------------------------------------------------------------


def children_of(user):
    if not user.is_authenticated:
        return Child.objects.none()
    return Child.objects.filter(parent=user).order_by("birth_date", "pk")


def child_of_parent(pk, user) -> Child:
    """A child of the signed-in parent, or a 404 (other people's children do not exist for them)."""
    try:
        return children_of(user).get(pk=pk)
    except Child.DoesNotExist:
        raise Http404 from None


def enrollments_of(children):
    """Active enrollments of the children with the group, course, centre, class times and waitlist place."""
    return (
        with_positions(Enrollment.objects.filter(child__in=children, status__in=Enrollment.ACTIVE))
        .select_related("child", "group__course__organization")
        .prefetch_related(Prefetch("group__slots", queryset=Slot.objects.order_by("weekday", "starts_at")))
        .order_by("child__birth_date", "child_id", "group__starts_on", "pk")
    )


def enrollment_for_cancel(pk) -> Enrollment:
    try:
        return with_positions(Enrollment.objects.select_related("child", "group__course__organization")).get(pk=pk)
    except Enrollment.DoesNotExist:
        raise Http404 from None


def dashboard_context(user) -> dict:
    children = list(children_of(user))
    enrollments = list(enrollments_of(children)) if children else []
    for child in children:
        child.active_enrollments = [e for e in enrollments if e.child_id == child.pk]
    centres = list(
        Organization.objects.filter(memberships__user=user, kind=Organization.Kind.YOUTH_CENTRE).order_by("name_ru")
    )
    return {"children": children, "centres": centres}


# --- Other pages' parts -----------------------------------------------------------------------------------


def profile_section_context(organization, user):
    """The courses section of a youth centre's profile page; nothing for other kinds."""
    if organization.kind != Organization.Kind.YOUTH_CENTRE:
        return None
    return {
        "courses": list(courses_of_centre(organization)[:50]),
        "can_manage": can_manage(organization, user),
        "organization": organization,
    }


def search_courses(query: str, limit: int):
    """The site search's courses area: (hits, total)."""
    text = query.strip()
    if not text:
        return [], 0
    search = text_query(text)
    found = Course.objects.filter(is_published=True, search=search)
    total = found.count()
    rows = (
        found.select_related("organization")
        .defer("search")
        .annotate(rank=SearchRank(F("search"), search))
        .order_by("-rank", "pk")[:limit]
    )
    hits = [
        SearchHit(
            title=course.title,
            url=course.get_absolute_url(),
            summary=f"{course.organization.name} · {course.topic_label} · {course.min_age}–{course.max_age}",
        )
        for course in rows
    ]
    return hits, total
