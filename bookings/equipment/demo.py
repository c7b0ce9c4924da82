"""Demo equipment (supply) and requests with offers (demand), called from bookings.demo.seed.

Every equipment Resource that the spaces demo made gets its details, and labs, research centres,
universities and some parks and companies list more machines; residents and the demo company post
requests, and owners answer some of them. Deterministic (only `rng`), idempotent (each part runs only
while its table is empty), bulk inserts.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.demo import COMPANY_ADMIN_EMAIL
from accounts.models import User
from bookings.equipment.categories import seed_categories
from bookings.equipment.models import (
    Category,
    EquipmentItem,
    EquipmentRequest,
    Offer,
    OfferEvent,
    RequestEvent,
    Specification,
)
from bookings.models import OpeningHours, PriceUnit, Resource, ResourceKind
from directory.models import Accreditation, Membership, Organization

T = datetime.time
Kind = Organization.Kind
OWNER_KINDS = [Kind.LABORATORY, Kind.RESEARCH_CENTRE, Kind.UNIVERSITY, Kind.ECONOMIC_ZONE, Kind.TECHNOPARK]
WEEKDAYS = {d: (T(9), T(18)) for d in range(5)}

# slug -> [(name ru, name en, maker, model, [(spec, value, unit)], price unit, (low, high), by the hour)]
MACHINES = {
    "additive-metal": [
        (
            "3D-принтер по металлу",
            "Metal 3D printer",
            "EOS",
            "M 290",
            [("Рабочая зона", "250×250×325", "мм"), ("Материал", "Ti6Al4V, 316L, Inconel 718", "")],
            "hour",
            (6000, 12000),
            True,
        ),
    ],
    "additive-polymer": [
        (
            "3D-принтер FDM промышленный",
            "Industrial FDM 3D printer",
            "Picaso 3D",
            "Designer XL Pro",
            [("Рабочая зона", "360×360×600", "мм"), ("Точность", "0,1", "мм")],
            "hour",
            (400, 1200),
            True,
        ),
        (
            "SLS-принтер",
            "SLS printer",
            "Sinterit",
            "Lisa Pro",
            [("Рабочая зона", "150×200×260", "мм"), ("Материал", "PA12", "")],
            "job",
            (5000, 30000),
            False,
        ),
    ],
    "additive-resin": [
        (
            "Фотополимерный 3D-принтер",
            "Resin 3D printer",
            "Formlabs",
            "Form 3L",
            [("Рабочая зона", "335×200×300", "мм"), ("Толщина слоя", "25–300", "мкм")],
            "hour",
            (500, 1500),
            True,
        ),
    ],
    "cnc-milling": [
        (
            "Пятиосевой фрезерный центр",
            "Five-axis milling centre",
            "DMG Mori",
            "DMU 50",
            [("Ход по осям", "650×520×475", "мм"), ("Частота шпинделя", "20 000", "об/мин")],
            "hour",
            (4000, 9000),
            True,
        ),
        (
            "Фрезерный станок с ЧПУ",
            "CNC milling machine",
            "Haas",
            "VF-2",
            [("Ход по осям", "762×406×508", "мм")],
            "hour",
            (2500, 5000),
            True,
        ),
    ],
    "cnc-turning": [
        (
            "Токарный обрабатывающий центр",
            "CNC turning centre",
            "Okuma",
            "Genos L300",
            [("Диаметр обработки", "до 300", "мм")],
            "hour",
            (3000, 6000),
            True,
        ),
    ],
    "cnc-laser": [
        (
            "Оптоволоконный лазерный станок",
            "Fibre laser cutter",
            "Bodor",
            "P3015",
            [("Рабочее поле", "3000×1500", "мм"), ("Мощность", "3", "кВт")],
            "piece",
            (50, 400),
            False,
        ),
    ],
    "measurement-cmm": [
        (
            "Координатно-измерительная машина",
            "Coordinate measuring machine",
            "Zeiss",
            "Contura",
            [("Измерительный объём", "700×1000×600", "мм"), ("Погрешность", "1,8+L/300", "мкм")],
            "hour",
            (3000, 7000),
            True,
        ),
    ],
    "measurement-mechanical": [
        (
            "Разрывная машина",
            "Universal testing machine",
            "Instron",
            "5982",
            [("Нагрузка", "100", "кН")],
            "sample",
            (1500, 5000),
            False,
        ),
    ],
    "measurement-emc": [
        (
            "Безэховая камера для испытаний на ЭМС",
            "EMC anechoic chamber",
            "ETS-Lindgren",
            "FACT 3",
            [("Диапазон частот", "30 МГц – 18 ГГц", "")],
            "day",
            (60000, 150000),
            False,
        ),
    ],
    "climate-chamber": [
        (
            "Климатическая камера",
            "Climate chamber",
            "Weiss Technik",
            "WK3-180/40",
            [("Диапазон температур", "−40…+180", "°C"), ("Влажность", "10–98", "%"), ("Объём", "180", "л")],
            "hour",
            (1500, 4000),
            True,
        ),
        (
            "Камера термоудара",
            "Thermal shock chamber",
            "ESPEC",
            "TSE-11",
            [("Диапазон температур", "−65…+200", "°C")],
            "day",
            (20000, 45000),
            False,
        ),
    ],
    "climate-vibration": [
        (
            "Вибростенд электродинамический",
            "Electrodynamic shaker",
            "Brüel & Kjær",
            "LDS V875",
            [("Сила", "35", "кН"), ("Диапазон частот", "5–2700", "Гц")],
            "hour",
            (5000, 12000),
            True,
        ),
    ],
    "climate-shock": [
        (
            "Ударный стенд",
            "Shock test machine",
            "Лаборатория испытаний",
            "УС-100",
            [("Ускорение", "до 1000", "g")],
            "sample",
            (2000, 6000),
            False,
        ),
    ],
    "electronics-smt": [
        (
            "Линия поверхностного монтажа",
            "SMT line",
            "Yamaha",
            "YSM20R",
            [("Скорость установки", "95 000", "комп./ч")],
            "job",
            (20000, 120000),
            False,
        ),
    ],
    "electronics-pcb": [
        (
            "Фрезер для печатных плат",
            "PCB milling plotter",
            "LPKF",
            "ProtoMat S104",
            [("Рабочее поле", "229×305", "мм")],
            "hour",
            (1000, 2500),
            True,
        ),
    ],
    "electronics-test": [
        (
            "Установка рентгеновского контроля плат",
            "PCB X-ray inspection",
            "Nordson",
            "Quadra 5",
            [("Разрешение", "0,95", "мкм")],
            "hour",
            (3000, 6000),
            True,
        ),
    ],
    "microscopy-electron": [
        (
            "Сканирующий электронный микроскоп",
            "Scanning electron microscope",
            "Hitachi",
            "SU5000",
            [("Разрешение", "1,2", "нм"), ("Увеличение", "до 600 000", "×")],
            "hour",
            (6000, 15000),
            True,
        ),
    ],
    "microscopy-optical": [
        (
            "Конфокальный микроскоп",
            "Confocal microscope",
            "Leica",
            "Stellaris 5",
            [("Лазеры", "405, 488, 561, 638", "нм")],
            "hour",
            (3000, 8000),
            True,
        ),
    ],
    "microscopy-afm": [
        (
            "Атомно-силовой микроскоп",
            "Atomic force microscope",
            "НТ-МДТ",
            "Ntegra",
            [("Поле сканирования", "100×100", "мкм")],
            "hour",
            (3000, 7000),
            True,
        ),
    ],
    "labs-chemistry": [
        (
            "Хромато-масс-спектрометр",
            "GC-MS system",
            "Agilent",
            "8890/5977B",
            [("Диапазон масс", "1,6–1050", "а.е.м.")],
            "sample",
            (3000, 9000),
            False,
        ),
    ],
    "labs-biology": [
        (
            "Амплификатор ПЦР в реальном времени",
            "Real-time PCR system",
            "Bio-Rad",
            "CFX96",
            [("Число лунок", "96", "")],
            "hour",
            (800, 2000),
            True,
        ),
    ],
    "labs-cell": [
        (
            "Ламинарный бокс и CO2-инкубатор",
            "Biosafety cabinet and CO2 incubator",
            "Thermo Fisher",
            "Heracell VIOS",
            [("Класс защиты", "II", "")],
            "day",
            (3000, 8000),
            True,
        ),
    ],
    "prototyping-casting": [
        (
            "Вакуумная установка литья в силикон",
            "Vacuum casting machine",
            "MCP",
            "4/01",
            [("Размер формы", "до 500×400", "мм")],
            "job",
            (15000, 60000),
            False,
        ),
    ],
    "prototyping-injection": [
        (
            "Термопластавтомат",
            "Injection moulding machine",
            "Haitian",
            "MA 900",
            [("Усилие смыкания", "90", "т")],
            "piece",
            (20, 200),
            False,
        ),
    ],
}
REQUESTS = [
    (
        "climate",
        "Климатические испытания блока управления",
        "Climate tests of a control unit",
        "Нужно провести испытания изделия при температуре от −40 до +85 °C, 3 дня.",
        "Диапазон температур",
    ),
    (
        "climate-vibration",
        "Вибрационные испытания по ГОСТ 30630",
        "Vibration tests",
        "Испытания на виброустойчивость партии из 5 изделий.",
        "",
    ),
    (
        "additive-metal",
        "Печать титановых кронштейнов",
        "Printing titanium brackets",
        "Партия 20 деталей из Ti6Al4V, есть STL-модели.",
        "Материал",
    ),
    (
        "cnc-milling",
        "Фрезеровка корпусов из алюминия",
        "Milling aluminium housings",
        "Малая серия 50 корпусов, Д16Т, чертежи готовы.",
        "",
    ),
    (
        "microscopy-electron",
        "Снимки поверхности на СЭМ",
        "SEM imaging of a surface",
        "Нужны снимки образцов покрытия с разрешением лучше 5 нм.",
        "Разрешение",
    ),
    (
        "electronics-smt",
        "Монтаж 200 плат",
        "Assembly of 200 boards",
        "Двусторонний монтаж, компоненты наши, BOM и Gerber есть.",
        "",
    ),
    (
        "measurement",
        "Измерение геометрии деталей",
        "Measuring part geometry",
        "Контроль 30 деталей на КИМ с протоколом.",
        "",
    ),
    ("labs-chemistry", "Анализ состава полимера", "Polymer composition analysis", "ГХ-МС анализ пяти образцов.", ""),
    (
        "measurement-emc",
        "Предварительные испытания на ЭМС",
        "EMC pre-compliance tests",
        "Излучаемые помехи, один день в камере.",
        "",
    ),
    ("labs-biology", "ПЦР-анализ образцов", "PCR analysis of samples", "Около 300 образцов в месяц.", ""),
]


def _search_text(resource, specs):
    text = " ".join(f"{n} {v} {u}" for n, v, u in specs)
    return (
        f"{resource.name_ru} {resource.description_ru} {text}",
        f"{resource.name_en} {resource.description_en} {text}",
    )


def make_items(organizations, rng, *, count: int, existing_resources=()) -> list[EquipmentItem]:
    """Resources of kind equipment with their details, specifications and weekday hours: bulk inserts."""
    categories = {c.slug: c for c in Category.objects.all()}
    slugs = sorted(MACHINES)
    resources, plans = [], []
    for _n in range(count):
        organization = organizations[rng.randrange(len(organizations))]
        slug = slugs[rng.randrange(len(slugs))]
        plan = MACHINES[slug][rng.randrange(len(MACHINES[slug]))]
        name_ru, name_en, maker, model, specs, unit, (low, high), hourly = plan
        price = Decimal(rng.randrange(low, high + 1, 10 if high < 1000 else 100))
        resources.append(
            Resource(
                organization=organization,
                kind=ResourceKind.EQUIPMENT,
                name_ru=f"{name_ru} {maker} {model}",
                name_en=f"{name_en} {maker} {model}",
                description_ru=f"{name_ru} в {organization.name_ru}. Работаем по договору, помогаем с подготовкой.",
                description_en=f"{name_en} at {organization.name_en or organization.name_ru}.",
                capacity=1,
                price_unit=PriceUnit.HOUR if unit == "hour" else PriceUnit.DAY,
                price=price if unit in ("hour", "day") else Decimal(max(low, 100)),
                slot_minutes=60,
                min_minutes=60,
                max_minutes=10 * 60,
                lead_hours=24,
                cancel_hours=24,
                auto_confirm=rng.random() < 0.5,
                is_active=True,
            )
        )
        plans.append((slug, plan, price, organization))
    Resource.objects.bulk_create(resources, batch_size=2000)
    OpeningHours.objects.bulk_create(
        [OpeningHours(resource=r, weekday=d, opens=o, closes=c) for r in resources for d, (o, c) in WEEKDAYS.items()],
        batch_size=5000,
    )
    pairs = list(zip(resources, plans, strict=True))
    for resource in existing_resources:
        slug = slugs[rng.randrange(len(slugs))]
        plan = MACHINES[slug][0]
        pairs.append((resource, (slug, plan, resource.price or Decimal(plan[6][0]), resource.organization)))
    items, specs = [], []
    for resource, (slug, plan, price, organization) in pairs:
        _name_ru, _name_en, maker, model, rows, unit, _range, hourly = plan
        text_ru, text_en = _search_text(resource, rows)
        accredited = organization.kind in (Kind.LABORATORY, Kind.CERTIFICATION_BODY) and rng.random() < 0.6
        item = EquipmentItem(
            resource=resource,
            organization=organization,
            category=categories[slug],
            manufacturer=maker,
            model_name=model,
            time_bookable=hourly,
            with_operator=rng.random() < 0.6,
            price=price,
            price_unit=unit,
            minimum_order=rng.choice(["", "", "2 часа", "1 образец", "10 деталей"]),
            lead_days=rng.choice([0, 1, 3, 5, 10]),
            accreditation=Accreditation.Standard.ISO_17025 if accredited else "",
            okrug=organization.okrug,
            is_active=True,
            search_text_ru=text_ru,
            search_text_en=text_en,
        )
        items.append(item)
        specs.extend(Specification(item=item, name=n, value=v, unit=u, position=p) for p, (n, v, u) in enumerate(rows))
    EquipmentItem.objects.bulk_create(items, batch_size=2000)
    Specification.objects.bulk_create(specs, batch_size=5000)
    return items


def make_requests(users, rng, *, count: int, organization_of=None) -> list[EquipmentRequest]:
    categories = {c.slug: c for c in Category.objects.all()}
    today = timezone.localdate()
    organization_of = organization_of or {}
    requests = []
    for n in range(count):
        slug, title_ru, _title_en, text, spec = REQUESTS[n % len(REQUESTS)]
        user = users[rng.randrange(len(users))]
        start = today + datetime.timedelta(days=rng.randint(5, 60))
        requests.append(
            EquipmentRequest(
                author=user,
                organization=organization_of.get(user.pk),
                category=categories[slug],
                title=title_ru,
                text=text,
                spec_name=spec if rng.random() < 0.5 else "",
                starts_on=start,
                ends_on=start + datetime.timedelta(days=rng.randint(0, 10)),
                okrug=rng.choice(["", "", "cao", "zelao", "zao", "yuao"]),
                budget=Decimal(rng.randrange(20, 500) * 1000) if rng.random() < 0.7 else None,
                visibility=EquipmentRequest.Visibility.VERIFIED if rng.random() < 0.2 else "public",
            )
        )
    EquipmentRequest.objects.bulk_create(requests, batch_size=2000)
    RequestEvent.objects.bulk_create(
        [RequestEvent(request=r, actor=r.author, from_status="", to_status="open") for r in requests], batch_size=5000
    )
    return requests


def seed(*, scale, rng, stdout):
    if not Category.objects.exists():
        seed_categories(Category)
    if EquipmentItem.objects.exists():
        stdout.write("Demo data: equipment is already listed; nothing to add.")
        return
    owners = list(Organization.objects.filter(kind__in=OWNER_KINDS).order_by("pk"))
    if not owners:
        return
    bare = list(
        Resource.objects.filter(kind=ResourceKind.EQUIPMENT, equipment__isnull=True)
        .select_related("organization")
        .order_by("pk")
    )
    items = make_items(owners, rng, count=25 * scale, existing_resources=bare)
    company_admin = User.objects.filter(email=COMPANY_ADMIN_EMAIL).first()
    park = None
    if company_admin:
        park_membership = (
            Membership.objects.filter(
                user=company_admin, role__in=["admin", "editor"], organization__kind__in=OWNER_KINDS
            )
            .select_related("organization")
            .first()
        )
        park = park_membership.organization if park_membership else None
        if park is not None:
            items += make_items([park], rng, count=4)
    users = list(User.objects.filter(email__endswith="@demo.imoscow.example").order_by("pk")[: 12 * scale])
    if company_admin:
        users.append(company_admin)
    company = (
        Membership.objects.filter(user=company_admin, organization__kind=Kind.COMPANY).first()
        if company_admin
        else None
    )
    requests = make_requests(
        users, rng, count=8 * scale, organization_of={company_admin.pk: company.organization} if company else {}
    )
    # The demo park's editor answers some requests in its items' categories, so both sides have something.
    offers = []
    if park is not None and company_admin is not None:
        park_items = [i for i in items if i.organization_id == park.pk]
        for equipment_request in requests:
            if equipment_request.author_id == company_admin.pk or rng.random() > 0.2:
                continue
            item = park_items[rng.randrange(len(park_items))]
            day = equipment_request.starts_on
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            zone = timezone.get_current_timezone()
            offers.append(
                Offer(
                    request=equipment_request,
                    item=item,
                    organization=park,
                    author=company_admin,
                    price=equipment_request.budget or Decimal(20000),
                    starts_at=datetime.datetime.combine(day, T(10), tzinfo=zone),
                    ends_at=datetime.datetime.combine(day, T(16), tzinfo=zone),
                    message="Можем провести работы в эти даты, оператор включён.",
                )
            )
    Offer.objects.bulk_create(offers, batch_size=2000)
    OfferEvent.objects.bulk_create(
        [OfferEvent(offer=o, actor=o.author, from_status="", to_status="pending") for o in offers], batch_size=5000
    )
    stdout.write(f"Demo data: {len(items)} equipment items, {len(requests)} equipment requests, {len(offers)} offers.")
