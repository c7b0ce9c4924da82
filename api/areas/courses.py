"""Children's courses: the parents' finder (its filters, without "fits my child"), groups and seats left.

Only published courses and their open groups, as on the pages. Children, parents, enrollments and rosters
never appear; a group shows only how many seats are left and how long its waitlist is.
"""

import datetime
from typing import Annotated, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from api.common import (
    DETAIL_RESPONSES,
    LIST_RESPONSES,
    TEXT_PATTERN,
    PageLinks,
    PageParams,
    Ref,
    Window,
    page_of,
    query_dict,
    ref,
    require_valid,
)
from api.sitemaps import PortalSitemap
from courses import selectors
from courses.filters import TimeOfDay
from courses.models import Course, Format, Level, Topic, Weekday
from directory.models import Okrug

router = Router(tags=["Courses for children"])

TopicCode = Literal[tuple(Topic.values)]
LevelCode = Literal[tuple(Level.values)]
FormatCode = Literal[tuple(Format.values)]
OkrugCode = Literal[tuple(Okrug.values)]
WeekdayCode = Literal[tuple(Weekday.values)]
TimeOfDayCode = Literal[tuple(value for value, _ in TimeOfDay.CHOICES)]

VOCABULARIES = {
    "course_topic": Topic,
    "course_level": Level,
    "course_format": Format,
    "weekday": Weekday,
}


# --- Schemas -----------------------------------------------------------------------------------------


class ClassTime(Schema):
    weekday: WeekdayCode = Field(..., description="0 is Monday, 6 is Sunday.")
    starts_at: str = Field(..., description="HH:MM, Moscow time.")
    ends_at: str = Field(..., description="HH:MM, Moscow time.")


class GroupOut(Schema):
    id: int
    name: str
    teacher: str
    capacity: int
    seats_left: int
    waitlist: int = Field(..., description="Children waiting for a seat.")
    starts_on: datetime.date
    ends_on: datetime.date
    schedule: list[ClassTime]


class CourseOut(Schema):
    id: int = Field(..., description="Stable identifier, also the last part of the course page's URL.")
    title_ru: str
    title_en: str
    description_ru: str
    description_en: str
    topic: TopicCode
    level: LevelCode
    format: FormatCode
    min_age: int
    max_age: int
    price_per_month: int = Field(..., description="Roubles; 0 means free.")
    address: str
    okrug: OkrugCode | None
    organization: Ref = Field(..., description="The youth centre that teaches it.")
    groups: list[GroupOut] = Field(
        ..., description="Open groups (term not over); in a list, only those that meet the group filters."
    )
    url: str
    url_en: str
    updated: datetime.datetime


CoursePage = page_of(CourseOut, "CoursePage")


class CourseParams(Schema):
    """The finder page's filters. Weekday and time of day must hold for one and the same class time."""

    q: str | None = Field(None, max_length=200, pattern=TEXT_PATTERN, description="Words in Russian or English.")
    age: int | None = Field(None, ge=3, le=18, description="The child's age in years.")
    topic: TopicCode | None = None
    okrug: OkrugCode | None = None
    weekday: int | None = Field(None, ge=0, le=6, description="0 is Monday, 6 is Sunday.")
    time_of_day: TimeOfDayCode | None = Field(
        None, description="morning: before 12:00; afternoon: 12:00-17:00; evening: from 17:00."
    )
    free: bool = Field(False, description="Free courses only.")


# --- Reading -----------------------------------------------------------------------------------------


def group_out(group) -> dict:
    return {
        "id": group.pk,
        "name": group.name,
        "teacher": group.teacher,
        "capacity": group.capacity,
        "seats_left": group.seats_left,
        "waitlist": group.waitlist_count,
        "starts_on": group.starts_on,
        "ends_on": group.ends_on,
        "schedule": [
            {"weekday": slot.weekday, "starts_at": f"{slot.starts_at:%H:%M}", "ends_at": f"{slot.ends_at:%H:%M}"}
            for slot in group.slots.all()
        ],
    }


def course_out(course: Course, groups, links: PageLinks) -> dict:
    return {
        "id": course.pk,
        "title_ru": course.title_ru,
        "title_en": course.title_en,
        "description_ru": course.description_ru,
        "description_en": course.description_en,
        "topic": course.topic,
        "level": course.level,
        "format": course.format,
        "min_age": course.min_age,
        "max_age": course.max_age,
        "price_per_month": course.price_per_month,
        "address": course.address or course.organization.address,
        "okrug": course.okrug or None,
        "organization": ref(course.organization),
        "groups": [group_out(group) for group in groups],
        "updated": course.updated,
        **links.both(course.pk),
    }


def course_links():
    return PageLinks("courses:detail", "pk", numeric=True)


@router.get(
    "/courses",
    response={200: CoursePage, **LIST_RESPONSES},
    summary="Courses for children",
    description="Published courses with at least one open group that meets the filters, as the finder shows them.",
    url_name="courses",
)
def course_list(request, filters: Query[CourseParams], paging: Query[PageParams]):
    filterset = selectors.course_finder(data=query_dict(filters.dict()), user=None)
    require_valid(filterset)
    results = filterset.results.defer(None).defer("search")  # the finder leaves out descriptions; we send them
    window = Window(paging.page, paging.page_size, filterset.qs.order_by().count())
    rows = list(results[window.offset : window.offset + window.page_size]) if window.offset < window.count else []
    links = course_links()
    return window.envelope(request, [course_out(row, row.matching_groups, links) for row in rows])


@router.get(
    "/courses/{course_id}",
    response={200: CourseOut, **DETAIL_RESPONSES},
    summary="A course and its open groups",
    url_name="course",
)
def course_detail(request, course_id: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,17}$", description="A course id.")]):
    # A string in the path (checked by the pattern) so that any malformed id gets this API's JSON answer.
    course = Course.objects.filter(is_published=True, pk=int(course_id)).select_related("organization")
    course = course.defer("search").first()
    if course is None:
        raise Http404
    return course_out(course, selectors.open_groups_of(course), course_links())


# --- Sitemap -----------------------------------------------------------------------------------------


class CourseSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Course.objects.filter(is_published=True).order_by("pk").only("pk", "updated")

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"courses": CourseSitemap}
STATIC_PAGES = ["courses:index"]
