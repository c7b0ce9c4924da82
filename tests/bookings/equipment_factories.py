"""Equipment items and requests for tests, made with the real services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from bookings.equipment import services
from bookings.equipment.categories import seed_categories
from bookings.equipment.models import Category
from directory.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

WHOLE_WEEK = {d: (datetime.time(8), datetime.time(20)) for d in range(7)}


def category(slug="climate-chamber") -> Category:
    """A seeded category (seeded again when a transactional test flushed the migration's rows)."""
    if not Category.objects.exists():
        seed_categories(Category)
    return Category.objects.get(slug=slug)


def make_item(*, organization=None, editor=None, slug="climate-chamber", time_bookable=True, specs=(), **extra):
    organization = organization or OrganizationFactory(kind=Organization.Kind.TECHNOPARK)
    if editor is None:
        editor = UserFactory()
        MembershipFactory(user=editor, organization=organization, role=Membership.Role.EDITOR)
    fields = {
        "category": category(slug),
        "manufacturer": "Weiss Technik",
        "model_name": "WK3-180/40",
        "time_bookable": time_bookable,
        "with_operator": True,
        "price": Decimal("2500.00"),
        "price_unit": "hour",
        "minimum_order": "",
        "lead_days": 0,
        "accreditation": "",
        "is_active": True,
        **extra,
    }
    return services.item_create(
        organization=organization,
        user=editor,
        hours=WHOLE_WEEK,
        resource_fields={
            "name_ru": extra.pop("name_ru", "Климатическая камера"),
            "name_en": extra.pop("name_en", "Climate chamber"),
            "description_ru": "Испытания изделий при температуре от −40 до +85 °C.",
            "description_en": "Testing from −40 to +85 °C.",
            "amenities": [],
            "price_unit": "hour",
            "price": Decimal("2500.00"),
            "slot_minutes": 60,
            "min_minutes": 60,
            "max_minutes": 24 * 60,
            "lead_hours": 1,
            "cancel_hours": 24,
            "auto_confirm": True,
            "is_active": True,
        },
        specifications=list(specs) or [("Temperature range", "−40…+85", "°C")],
        **{k: v for k, v in fields.items() if k not in ("name_ru", "name_en")},
    )


def make_request(*, user=None, organization=None, slug="climate", visibility="public", spec_name="", days=3):
    user = user or UserFactory()
    start = timezone.localdate() + datetime.timedelta(days=days)
    return services.request_create(
        user=user,
        organization=organization,
        category=category(slug),
        title="Нужна климатическая камера на 3 дня",
        text="От −40 до +85 °C.",
        spec_name=spec_name,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=2),
        okrug="",
        budget=Decimal("50000"),
        visibility=visibility,
    )


def tomorrow_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=3)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def make_offer(equipment_request, item, user, *, start=10, end=14, price="40000"):
    return services.offer_create(
        equipment_request=equipment_request,
        item=item,
        user=user,
        price=Decimal(price),
        starts_at=tomorrow_at(start),
        ends_at=tomorrow_at(end),
        message="Готовы провести испытания.",
    )


def editor_of(item):
    return Membership.objects.filter(organization=item.organization, role=Membership.Role.EDITOR).first().user
