"""Starting rows of the courses area. Enrollments are made by calling `courses.services`."""

import datetime

import factory
from django.utils import timezone

from courses.models import Child, Course, Group, Slot, Topic
from directory.models import Organization
from tests.factories import OrganizationFactory, UserFactory


class YouthCentreFactory(OrganizationFactory):
    kind = Organization.Kind.YOUTH_CENTRE
    name_ru = factory.Sequence(lambda n: f"Кванториум №{n}")
    name_en = factory.Sequence(lambda n: f"Quantorium No. {n}")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    organization = factory.SubFactory(YouthCentreFactory)
    title_ru = factory.Sequence(lambda n: f"Робототехника, курс {n}")
    title_en = factory.Sequence(lambda n: f"Robotics, course {n}")
    description_ru = "Собираем и программируем роботов."
    description_en = "Building and programming robots."
    topic = Topic.ROBOTICS
    min_age = 7
    max_age = 14
    price_per_month = 0
    address = factory.SelfAttribute("organization.address")
    okrug = factory.SelfAttribute("organization.okrug")


class GroupFactory(factory.django.DjangoModelFactory):
    """A running group; `slots=[(weekday, "16:00", "17:30"), ...]` sets its class times (default Tuesday
    16:00-17:30)."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Группа {n}")
    teacher = "Анна Сергеевна Волкова"
    capacity = 10
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=120))

    @factory.post_generation
    def slots(group, create, extracted, **kwargs):
        if not create:
            return
        for weekday, starts_at, ends_at in extracted if extracted is not None else [(1, "16:00", "17:30")]:
            Slot.objects.create(
                group=group,
                weekday=weekday,
                starts_at=datetime.time.fromisoformat(starts_at),
                ends_at=datetime.time.fromisoformat(ends_at),
            )


def birth_date_for_age(age: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - age, day=min(today.day, 28)) - datetime.timedelta(days=30)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    parent = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Ребёнок {n}")
    birth_date = factory.LazyFunction(lambda: birth_date_for_age(10))
