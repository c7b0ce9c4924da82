"""Demo spaces at every technology park, economic zone site and coworking, and bookings around today.

Each host gets two to four resources of the kinds it would really have, with Moscow-style opening hours
and prices, and a spread of bookings from a month ago to a month ahead: mostly confirmed, some awaiting
approval, rejected or cancelled, a few weekly series and blackout periods. The dates are relative to
today (bookings must lie ahead); everything else comes from the seed. A host that already has resources
is skipped, so running it twice adds nothing.
"""

import datetime
import math
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.demo import COMPANY_ADMIN_EMAIL
from accounts.models import User
from bookings import bulk
from bookings.models import (
    Amenity,
    Blackout,
    Booking,
    BookingSeries,
    BookingStatus,
    OpeningHours,
    PriceUnit,
    Resource,
    ResourceKind,
)
from bookings.services import as_range
from directory.models import Membership, Organization

Kind = Organization.Kind
Status = BookingStatus
T = datetime.time

SCIENTISTS = [
    ("Королёв", "Korolev"),
    ("Курчатов", "Kurchatov"),
    ("Ломоносов", "Lomonosov"),
    ("Менделеев", "Mendeleev"),
    ("Ковалевская", "Kovalevskaya"),
    ("Циолковский", "Tsiolkovsky"),
    ("Попов", "Popov"),
    ("Капица", "Kapitsa"),
    ("Ландау", "Landau"),
    ("Туполев", "Tupolev"),
    ("Келдыш", "Keldysh"),
    ("Вавилов", "Vavilov"),
]

# kind -> (names ru/en, description ru/en, capacity choices, amenities, price unit, price range, slot, min, max)
PLANS = {
    ResourceKind.MEETING_ROOM: {
        "names": [(f"Переговорная «{ru}»", f"Meeting room “{en}”") for ru, en in SCIENTISTS],
        "description": (
            "Переговорная с экраном и видеосвязью для встреч с партнёрами и инвесторами.",
            "A meeting room with a screen and video conferencing for meetings with partners and investors.",
        ),
        "capacity": [4, 6, 8, 10, 12],
        "amenities": [Amenity.WIFI, Amenity.PROJECTOR, Amenity.VIDEO, Amenity.WHITEBOARD, Amenity.AIR_CONDITIONING],
        "unit": PriceUnit.HOUR,
        "price": (800, 3000),
        "slot": 30,
        "length": (60, 480),
    },
    ResourceKind.EVENT_HALL: {
        "names": [("Конференц-зал", "Conference hall"), ("Зал «Атриум»", "Atrium hall"), ("Лекторий", "Lecture hall")],
        "description": (
            "Зал для конференций, демо-дней и хакатонов: сцена, звук, проектор.",
            "A hall for conferences, demo days and hackathons: stage, sound and projector.",
        ),
        "capacity": [60, 80, 120, 200],
        "amenities": [Amenity.WIFI, Amenity.PROJECTOR, Amenity.SOUND, Amenity.ACCESSIBLE, Amenity.AIR_CONDITIONING],
        "unit": PriceUnit.HOUR,
        "price": (5000, 15000),
        "slot": 60,
        "length": (120, 600),
    },
    ResourceKind.OFFICE: {
        "names": [(f"Офис {n}", f"Office {n}") for n in (101, 205, 310, 412, 517)],
        "description": (
            "Меблированный офис на день: столы, шкафы, доступ в переговорные.",
            "A furnished office by the day: desks, cabinets and access to the meeting rooms.",
        ),
        "capacity": [4, 6, 10, 15],
        "amenities": [Amenity.WIFI, Amenity.PRINTER, Amenity.KITCHEN, Amenity.LOCKERS, Amenity.PARKING],
        "unit": PriceUnit.DAY,
        "price": (3000, 8000),
        "slot": 60,
        "length": (240, 600),
    },
    ResourceKind.LAB: {
        "names": [
            ("Лаборатория электроники", "Electronics lab"),
            ("Химическая лаборатория", "Chemistry lab"),
            ("Чистая комната", "Clean room"),
            ("Лаборатория испытаний", "Testing lab"),
        ],
        "description": (
            "Оборудованная лаборатория для прототипирования и испытаний; работа под присмотром инженера.",
            "An equipped laboratory for prototyping and tests; an engineer supervises the work.",
        ),
        "capacity": [2, 4, 6],
        "amenities": [Amenity.FUME_HOOD, Amenity.CLEAN_ROOM, Amenity.TECHNICIAN, Amenity.AIR_CONDITIONING],
        "unit": PriceUnit.HOUR,
        "price": (2500, 6000),
        "slot": 60,
        "length": (120, 480),
    },
    ResourceKind.EQUIPMENT: {
        "names": [
            ("3D-принтер промышленный", "Industrial 3D printer"),
            ("Лазерный станок", "Laser cutter"),
            ("Фрезерный станок с ЧПУ", "CNC milling machine"),
            ("Осциллограф и паяльная станция", "Oscilloscope and soldering station"),
        ],
        "description": (
            "Оборудование для прототипирования с инструктажем перед первой работой.",
            "Prototyping equipment, with a briefing before the first use.",
        ),
        "capacity": [1, 2],
        "amenities": [Amenity.TECHNICIAN],
        "unit": PriceUnit.HOUR,
        "price": (1500, 5000),
        "slot": 60,
        "length": (60, 360),
    },
    ResourceKind.DESK: {
        "names": [("Рабочее место в open space", "Open-space desk"), ("Закреплённое рабочее место", "Fixed desk")],
        "description": (
            "Рабочее место в общем пространстве: быстрый интернет, кухня, переговорные по записи.",
            "A desk in the shared space: fast internet, a kitchen and meeting rooms on request.",
        ),
        "capacity": [1],
        "amenities": [Amenity.WIFI, Amenity.KITCHEN, Amenity.PRINTER, Amenity.LOCKERS],
        "unit": PriceUnit.DAY,
        "price": (500, 1500),
        "slot": 60,
        "length": (60, 660),
    },
}

HOST_KINDS = {
    Kind.TECHNOPARK: [ResourceKind.MEETING_ROOM, ResourceKind.EVENT_HALL, ResourceKind.OFFICE, ResourceKind.LAB],
    Kind.ECONOMIC_ZONE: [ResourceKind.OFFICE, ResourceKind.LAB, ResourceKind.EQUIPMENT, ResourceKind.MEETING_ROOM],
    Kind.COWORKING: [ResourceKind.DESK, ResourceKind.MEETING_ROOM, ResourceKind.DESK, ResourceKind.EVENT_HALL],
}

# weekday -> (opens, closes); weekdays not listed are closed
HOURS = {
    Kind.COWORKING: {d: (T(8), T(22)) for d in range(7)},
    Kind.TECHNOPARK: {**{d: (T(9), T(20)) for d in range(5)}, 5: (T(10), T(16))},
    Kind.ECONOMIC_ZONE: {d: (T(9), T(18)) for d in range(5)},
}

FIRST_NAMES = ["Анна", "Дмитрий", "Елена", "Максим", "Ольга", "Артём", "Наталья", "Иван", "Мария", "Сергей", "Юлия"]
LAST_NAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков"]
PURPOSES = [
    "Встреча с инвестором",
    "Планёрка команды",
    "Собеседование",
    "Демо для заказчика",
    "Испытания прототипа",
    "Воркшоп по продукту",
    "Стратегическая сессия",
    "",
    "",
]
REJECT_REASONS = ["Зал закрыт на подготовку мероприятия.", "Нужен допуск к оборудованию: пройдите инструктаж."]
CANCEL_REASONS = ["Встреча перенесена.", "Планы изменились.", ""]


def _feminine(last_name: str, first_name: str) -> str:
    return last_name + "а" if first_name[-1] in "ая" else last_name


def _bookers(scale, rng):
    """Demo residents who book spaces; they have no password (they exist to fill calendars)."""
    wanted = [f"resident{n}@demo.imoscow.example" for n in range(1, 12 * scale + 1)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    unusable = make_password(None)
    new = []
    for email in wanted:
        first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
        last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
        if email not in existing:
            new.append(User(email=email, first_name=first, last_name=_feminine(last, first), password=unusable))
    User.objects.bulk_create(new, batch_size=2000)
    return list(User.objects.filter(email__in=wanted).order_by("pk"))


def _resources_for(host, rng, counters):
    plan_kinds = HOST_KINDS[host.kind]
    count = rng.randint(2, 4)
    resources = []
    for kind in plan_kinds[:count]:
        plan = PLANS[kind]
        n = counters.get(kind, 0)
        counters[kind] = n + 1
        name_ru, name_en = plan["names"][n % len(plan["names"])]
        low, high = plan["price"]
        free = rng.random() < 0.08
        shortest, longest = plan["length"]
        resources.append(
            Resource(
                organization=host,
                kind=kind,
                name_ru=name_ru,
                name_en=name_en,
                description_ru=plan["description"][0],
                description_en=plan["description"][1],
                capacity=rng.choice(plan["capacity"]),
                amenities=sorted(rng.sample(plan["amenities"], k=rng.randint(1, len(plan["amenities"])))),
                price_unit=PriceUnit.FREE if free else plan["unit"],
                price=None if free else Decimal(rng.randrange(low, high + 1, 100)),
                slot_minutes=plan["slot"],
                min_minutes=shortest,
                max_minutes=longest,
                lead_hours=rng.choice([0, 1, 2, 24]),
                cancel_hours=rng.choice([2, 12, 24, 48]),
                auto_confirm=kind in (ResourceKind.DESK, ResourceKind.MEETING_ROOM) or rng.random() < 0.3,
                is_active=rng.random() < 0.97,
            )
        )
    return resources


def _local(day, minute):
    return datetime.datetime.combine(day, T(minute // 60, minute % 60), tzinfo=timezone.get_current_timezone())


def _status(rng, *, past: bool, auto_confirm: bool) -> str:
    roll = rng.random()
    if past:
        if auto_confirm:
            return Status.CONFIRMED if roll < 0.9 else Status.CANCELLED
        return Status.CONFIRMED if roll < 0.82 else (Status.REJECTED if roll < 0.9 else Status.CANCELLED)
    if auto_confirm:
        return Status.CONFIRMED if roll < 0.92 else Status.CANCELLED
    return Status.PENDING if roll < 0.4 else (Status.CONFIRMED if roll < 0.88 else Status.REJECTED)


def seed(*, scale, rng, stdout):
    hosts = list(Organization.objects.filter(kind__in=list(HOURS)).order_by("pk"))
    served = set(Resource.objects.filter(organization__in=hosts).values_list("organization_id", flat=True))
    hosts = [host for host in hosts if host.pk not in served]
    if not hosts:
        stdout.write("Demo data: every park and coworking already has spaces; nothing to add.")
        return
    bookers = _bookers(scale, rng)
    company_admin = User.objects.filter(email=COMPANY_ADMIN_EMAIL).first()
    company = (
        Membership.objects.filter(user=company_admin).exclude(organization__kind__in=list(HOURS)).first()
        if company_admin
        else None
    )

    counters = {}
    resources = []
    for host in hosts:
        resources.extend(_resources_for(host, rng, counters))
    Resource.objects.bulk_create(resources, batch_size=2000)
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(resource=resource, weekday=weekday, opens=opens, closes=closes)
            for resource in resources
            for weekday, (opens, closes) in HOURS[resource.organization.kind].items()
        ],
        batch_size=5000,
    )

    today = timezone.localdate()
    now = timezone.now()
    density = 0.55 / math.sqrt(scale)
    bookings, blackouts, series_list = [], [], []
    for index, resource in enumerate(resources):
        hours = HOURS[resource.organization.kind]
        step, shortest = resource.slot_minutes, resource.min_minutes
        longest = min(resource.max_minutes, 240)
        has_series = company_admin is not None and index < scale * 2 and resource.kind == ResourceKind.MEETING_ROOM
        has_series = has_series and resource.is_active
        blackout_day = today + datetime.timedelta(days=rng.randint(8, 28)) if rng.random() < 0.05 else None
        if blackout_day and (has_series or blackout_day.weekday() not in hours):
            blackout_day = None
        if blackout_day:
            blackouts.append(
                Blackout(
                    resource=resource,
                    during=as_range(_local(blackout_day, 0), _local(blackout_day + datetime.timedelta(days=1), 0)),
                    reason="Профилактика и уборка",
                )
            )
        taken_days = {}
        # The company administrator's weekly planning meeting in the first rooms: a series to cancel or keep.
        if has_series:
            series = BookingSeries(
                resource=resource,
                booked_by=company_admin,
                organization=company.organization if company else None,
                weeks=4,
                purpose="Еженедельная планёрка",
            )
            series_list.append(series)
            first = today + datetime.timedelta(days=(7 - today.weekday()) % 7 or 7)  # next Monday
            if 0 in hours:
                for week in range(4):
                    day = first + datetime.timedelta(weeks=week)
                    start = hours[0][0].hour * 60 + 60
                    bookings.append(
                        Booking(
                            resource=resource,
                            booked_by=company_admin,
                            series=series,
                            people=min(4, resource.capacity),
                            organization=series.organization,
                            purpose=series.purpose,
                            during=as_range(_local(day, start), _local(day, start + 60)),
                            status=Status.CONFIRMED,
                            price=resource.price_for(_local(day, start), _local(day, start + 60)),
                        )
                    )
                    taken_days.setdefault(day, []).append((start, start + 60))
        for offset in range(-30, 31):
            day = today + datetime.timedelta(days=offset)
            if day.weekday() not in hours or day == blackout_day or rng.random() >= density:
                continue
            opens, closes = hours[day.weekday()]
            first_minute, last_minute = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
            for _attempt in range(rng.choice([1, 1, 2, 3])):
                length = rng.randrange(shortest, longest + 1, step)
                if first_minute + length > last_minute:
                    continue
                start = first_minute + step * rng.randrange(0, (last_minute - length - first_minute) // step + 1)
                end = start + length
                if any(start < e and s < end for s, e in taken_days.get(day, [])):
                    continue
                starts_at, ends_at = _local(day, start), _local(day, end)
                past = starts_at <= now
                status = _status(rng, past=past, auto_confirm=resource.auto_confirm)
                if status in (Status.PENDING, Status.CONFIRMED):
                    taken_days.setdefault(day, []).append((start, end))
                mine = company_admin is not None and rng.random() < 0.002
                booker = company_admin if mine else bookers[rng.randrange(len(bookers))]
                reason = ""
                if status == Status.REJECTED:
                    reason = rng.choice(REJECT_REASONS)
                elif status == Status.CANCELLED:
                    reason = rng.choice(CANCEL_REASONS)
                bookings.append(
                    Booking(
                        resource=resource,
                        booked_by=booker,
                        organization=company.organization if mine and company else None,
                        during=as_range(starts_at, ends_at),
                        status=status,
                        people=rng.randint(1, resource.capacity),
                        purpose=rng.choice(PURPOSES),
                        price=resource.price_for(starts_at, ends_at),
                        reason=reason,
                    )
                )

    Blackout.objects.bulk_create(blackouts, batch_size=2000)
    BookingSeries.objects.bulk_create(series_list)
    for booking in bookings:
        if booking.series is not None:
            booking.series_id = booking.series.pk
        booking.created = min(booking.during.lower - datetime.timedelta(days=2), now)
    bulk.copy_bookings(bookings)
    bulk.record_history()
    stdout.write(
        f"Demo data: {len(resources)} resources at {len(hosts)} parks and coworkings, {len(bookings)} bookings, "
        f"{len(blackouts)} blackout periods."
    )
