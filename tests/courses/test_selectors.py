import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.utils import timezone

from courses import selectors, services
from courses.models import Enrollment, Topic
from directory.models import Organization
from tests.courses.factories import ChildFactory, CourseFactory, GroupFactory, YouthCentreFactory, birth_date_for_age
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def find(query="", user=None):
    filterset = selectors.course_finder(data=QueryDict(query), user=user or AnonymousUser())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.results)


def titles(courses):
    return sorted(course.title_ru for course in courses)


def enroll(child, group):
    return services.enrollment_create(child=child, group=group, user=child.parent)


def test_the_finder_lists_published_courses_with_open_groups():
    shown = GroupFactory(course__title_ru="Дроны").course
    GroupFactory(course__title_ru="Скрыт", course__is_published=False)
    today = timezone.localdate()
    GroupFactory(course__title_ru="Закончился", ends_on=today - datetime.timedelta(days=1))
    CourseFactory(title_ru="Без групп")
    assert [course.pk for course in find()] == [shown.pk]


def test_filters_by_age_topic_okrug_and_free():
    centre = YouthCentreFactory(okrug="yuzao")
    GroupFactory(course__title_ru="Робототехника 7-10", course__min_age=7, course__max_age=10)
    GroupFactory(
        course__title_ru="Python 11-16",
        course__min_age=11,
        course__max_age=16,
        course__topic=Topic.PROGRAMMING,
        course__organization=centre,
        course__okrug="yuzao",
    )
    GroupFactory(course__title_ru="Платный", course__price_per_month=3000, course__min_age=10, course__max_age=12)
    assert titles(find("age=10")) == ["Платный", "Робототехника 7-10"]
    assert titles(find("topic=programming")) == ["Python 11-16"]
    assert titles(find("okrug=yuzao")) == ["Python 11-16"]
    assert titles(find("free=on")) == ["Python 11-16", "Робототехника 7-10"]
    assert titles(find("age=10&free=on")) == ["Робототехника 7-10"]


def test_weekday_and_time_of_day_must_hold_for_the_same_class():
    GroupFactory(course__title_ru="Пн утро, ср вечер", slots=[(0, "10:00", "11:30"), (2, "18:00", "19:30")])
    GroupFactory(course__title_ru="Пн вечер", slots=[(0, "17:30", "19:00")])
    assert titles(find("weekday=0")) == ["Пн вечер", "Пн утро, ср вечер"]
    assert titles(find("weekday=0&time_of_day=evening")) == ["Пн вечер"]
    assert titles(find("time_of_day=morning")) == ["Пн утро, ср вечер"]


def test_results_show_only_the_groups_that_match():
    course = CourseFactory()
    GroupFactory(course=course, name="Вторник", slots=[(1, "16:00", "17:00")])
    GroupFactory(course=course, name="Суббота", slots=[(5, "11:00", "12:00")])
    [found] = find("weekday=5")
    assert [group.name for group in found.matching_groups] == ["Суббота"]


def test_text_search_matches_russian_word_forms_and_english_stems():
    GroupFactory(course__title_ru="Программирование роботов", course__title_en="Robot programming")
    GroupFactory(
        course__title_ru="Химия",
        course__title_en="Chemistry",
        course__description_ru="Опыты с полимерами",
        course__description_en="Experiments with polymers",
    )
    assert titles(find("q=робот")) == ["Программирование роботов"]
    assert titles(find("q=programs")) == ["Программирование роботов"]
    assert titles(find("q=полимеры")) == ["Химия"]


def test_title_matches_rank_above_description_matches():
    GroupFactory(course__title_ru="Разное", course__description_ru="Немного про дроны")
    GroupFactory(course__title_ru="Дроны и квадрокоптеры")
    assert [course.title_ru for course in find("q=дроны")] == ["Дроны и квадрокоптеры", "Разное"]


def test_seats_left_and_waitlist_are_counted():
    group = GroupFactory(capacity=2)
    for _ in range(3):
        enroll(ChildFactory(), group)
    [course] = find()
    [shown] = course.matching_groups
    assert (shown.enrolled_count, shown.waitlist_count, shown.seats_left) == (2, 1, 0)


def test_fits_my_child_by_age_and_free_time():
    parent = UserFactory()
    child = ChildFactory(parent=parent, birth_date=birth_date_for_age(9))
    current = GroupFactory(course__title_ru="Уже ходит", slots=[(1, "16:00", "17:30")])
    enroll(child, current)
    GroupFactory(course__title_ru="Пересекается", slots=[(1, "17:00", "18:00")])
    GroupFactory(course__title_ru="Свободное время", slots=[(1, "17:30", "19:00")])
    GroupFactory(course__title_ru="Для старших", course__min_age=12, course__max_age=16, slots=[(4, "16:00", "17:00")])
    assert titles(find(f"child={child.pk}", user=parent)) == ["Свободное время"]


def test_fits_my_child_shows_only_the_groups_that_fit_and_minds_the_terms():
    parent = UserFactory()
    child = ChildFactory(parent=parent, birth_date=birth_date_for_age(9))
    enroll(child, GroupFactory(slots=[(1, "16:00", "17:30"), (3, "10:00", "11:00")]))
    course = CourseFactory(title_ru="Две группы и лето")
    GroupFactory(course=course, name="Вторник, пересекается", slots=[(1, "17:00", "18:00")])
    GroupFactory(course=course, name="Среда", slots=[(2, "17:00", "18:00")])
    next_term = timezone.localdate() + datetime.timedelta(days=200)
    GroupFactory(
        course=course,
        name="Вторник, следующий семестр",
        starts_on=next_term,
        ends_on=next_term + datetime.timedelta(days=90),
        slots=[(1, "16:00", "17:30")],
    )
    GroupFactory(course=course, name="Четверг, пересекается со вторым занятием", slots=[(3, "10:30", "12:00")])
    [found] = find(f"child={child.pk}&q=лето", user=parent)
    assert [group.name for group in found.matching_groups] == ["Среда", "Вторник, следующий семестр"]


def test_another_parents_child_is_not_a_valid_choice():
    child = ChildFactory()
    filterset = selectors.course_finder(data=QueryDict(f"child={child.pk}"), user=UserFactory())
    assert not filterset.is_valid() and "child" in filterset.errors
    assert list(filterset.results) == []


def test_the_finder_makes_the_same_number_of_queries_for_more_courses(django_assert_max_num_queries):
    def measure():
        with django_assert_max_num_queries(4):
            courses = find("free=on")
            for course in courses:
                for group in course.matching_groups:
                    assert group.seats_left >= 0
                    list(group.slots.all())
                course.organization.name  # noqa: B018 — joined, no query
        return len(courses)

    for _ in range(3):
        group = GroupFactory(capacity=3)
        enroll(ChildFactory(), group)
    assert measure() == 3
    for _ in range(12):
        group = GroupFactory(capacity=3, slots=[(1, "10:00", "11:00"), (3, "10:00", "11:00")])
        GroupFactory(course=group.course)
    assert measure() == 15


def test_waitlist_positions_follow_arrival_and_close_gaps():
    group = GroupFactory(capacity=1)
    enroll(ChildFactory(), group)
    waiting = [enroll(ChildFactory(), group) for _ in range(3)]
    services.enrollment_cancel(enrollment=waiting[1], user=waiting[1].child.parent)
    roster = list(selectors.roster_of(group))
    assert [(e.status, e.waitlist_position) for e in roster] == [
        (Enrollment.Status.ENROLLED, None),
        (Enrollment.Status.WAITLISTED, 1),
        (Enrollment.Status.WAITLISTED, 2),
    ]
    assert [e.pk for e in roster[1:]] == [waiting[0].pk, waiting[2].pk]


def test_a_parent_gets_only_their_own_children():
    parent = UserFactory()
    mine = ChildFactory(parent=parent)
    ChildFactory()
    assert list(selectors.children_of(parent)) == [mine]
    assert list(selectors.children_of(AnonymousUser())) == []


def test_dashboard_context_lists_each_childs_classes_with_waitlist_places():
    parent = UserFactory()
    child = ChildFactory(parent=parent)
    full = GroupFactory(capacity=1, slots=[(0, "10:00", "11:00")])
    enroll(ChildFactory(), full)
    enroll(child, full)
    enroll(child, GroupFactory(slots=[(2, "10:00", "11:00")]))
    context = selectors.dashboard_context(parent)
    [shown] = context["children"]
    assert [(e.status, e.waitlist_position) for e in shown.active_enrollments] == [
        ("waitlisted", 1),
        ("enrolled", None),
    ]


def test_the_profile_section_appears_only_on_youth_centres(user):
    course = GroupFactory().course
    assert selectors.profile_section_context(OrganizationFactory(kind=Organization.Kind.COMPANY), user) is None
    section = selectors.profile_section_context(course.organization, user)
    assert section["courses"] == [course] and section["can_manage"] is False


def test_site_search_finds_courses():
    course = GroupFactory(course__title_ru="Беспилотники для школьников").course
    hits, total = selectors.search_courses("беспилотник", 5)
    assert total == 1 and hits[0].url == course.get_absolute_url()
    assert selectors.search_courses("   ", 5) == ([], 0)
