"""Demo organizations: Moscow-realistic, deterministic for a seed, and only added where missing.

At scale 1: 44 technology parks, economic zone sites and coworkings, 66 research centres,
laboratories and certification bodies, 22 youth centres, 8 universities and 160 companies, most
of them residents of a park or zone. The amounts grow linearly with --scale.
"""

import datetime
from decimal import Decimal

from accounts.demo import COMPANY_ADMIN_EMAIL
from accounts.models import User
from directory.models import (
    Accreditation,
    Capability,
    Industry,
    Membership,
    Okrug,
    Organization,
    ResidencyEvent,
    ResidencyRequest,
)
from directory.search import search_terms

Kind = Organization.Kind

INDUSTRIES = [
    ("microelectronics", "Микроэлектроника", "Microelectronics"),
    ("software", "Информационные технологии", "Software and IT"),
    ("ai-data", "Искусственный интеллект и данные", "AI and data"),
    ("biotech", "Биотехнологии и фармацевтика", "Biotech and pharma"),
    ("medtech", "Медицинская техника", "Medical devices"),
    ("robotics", "Робототехника", "Robotics"),
    ("new-materials", "Новые материалы", "New materials"),
    ("energy", "Энергетика", "Energy"),
    ("transport", "Транспорт и мобильность", "Transport and mobility"),
    ("aerospace", "Авиация и космос", "Aerospace"),
    ("telecom", "Телекоммуникации", "Telecommunications"),
    ("instruments", "Приборостроение", "Instrument making"),
    ("additive", "Аддитивные технологии", "Additive manufacturing"),
    ("cleantech", "Экология и чистые технологии", "Clean technology"),
    ("foodtech", "Пищевые технологии", "Food technology"),
    ("fintech", "Финансовые технологии", "Fintech"),
]

# (centre latitude, centre longitude, spread in degrees, streets)
OKRUG_GEOGRAPHY = {
    Okrug.CENTRAL: (
        55.7539,
        37.6208,
        0.02,
        ["ул. Тверская", "ул. Большая Ордынка", "Бауманская ул.", "ул. Новый Арбат"],
    ),
    Okrug.NORTHERN: (
        55.8384,
        37.5259,
        0.03,
        ["Ленинградский пр-т", "Дмитровское ш.", "ул. Адмирала Макарова"],
    ),
    Okrug.NORTH_EASTERN: (55.8636, 37.6325, 0.03, ["пр-т Мира", "Алтуфьевское ш.", "ул. Академика Королёва"]),
    Okrug.EASTERN: (55.7876, 37.7760, 0.03, ["Щёлковское ш.", "ул. Электродная", "ш. Энтузиастов"]),
    Okrug.SOUTH_EASTERN: (55.6925, 37.7540, 0.03, ["Волгоградский пр-т", "ул. Угрешская", "Рязанский пр-т"]),
    Okrug.SOUTHERN: (55.6220, 37.6783, 0.03, ["Варшавское ш.", "пр-т Андропова", "Каширское ш."]),
    Okrug.SOUTH_WESTERN: (55.6621, 37.5391, 0.03, ["Профсоюзная ул.", "Ленинский пр-т", "ул. Обручева"]),
    Okrug.WESTERN: (55.7179, 37.4410, 0.03, ["Кутузовский пр-т", "Мичуринский пр-т", "ул. Ивана Франко"]),
    Okrug.NORTH_WESTERN: (
        55.8290,
        37.4515,
        0.03,
        ["Волоколамское ш.", "ул. Твардовского", "ул. Маршала Бирюзова"],
    ),
    Okrug.ZELENOGRAD: (
        55.9874,
        37.1942,
        0.02,
        ["Георгиевский пр-т", "Панфиловский пр-т", "Савёлкинский пр-д"],
    ),
    Okrug.NOVOMOSKOVSKY: (55.5600, 37.3800, 0.04, ["Калужское ш.", "ул. Сосенский Стан", "пос. Коммунарка"]),
    Okrug.TROITSKY: (55.4800, 37.3000, 0.03, ["Калужское ш.", "Октябрьский пр-т", "ул. Физическая"]),
}

OKRUG_ABBREVIATIONS_RU = dict(
    zip(
        Okrug,
        ["ЦАО", "САО", "СВАО", "ВАО", "ЮВАО", "ЮАО", "ЮЗАО", "ЗАО", "СЗАО", "ЗелАО", "НАО", "ТАО"],
        strict=True,
    )
)

HOST_NAMES = {
    Kind.TECHNOPARK: [
        ("Технополис «Москва»", "Technopolis Moscow"),
        ("Технопарк «Мосгормаш»", "Mosgormash Technopark"),
        ("Технопарк «Строгино»", "Strogino Technopark"),
        ("Технопарк «Калибр»", "Kalibr Technopark"),
        ("Технопарк «Нагатино»", "Nagatino Technopark"),
        ("Технопарк «Слава»", "Slava Technopark"),
        ("Технопарк «ИДЕЯ»", "IDEA Technopark"),
        ("Технопарк «Элма»", "Elma Technopark"),
        ("Технопарк «Полюс»", "Polyus Technopark"),
        ("Технопарк «Орбита»", "Orbita Technopark"),
        ("Технопарк «Курчатовский»", "Kurchatov Technopark"),
        ("Технопарк «Сокол»", "Sokol Technopark"),
        ("Технопарк «Энергия»", "Energiya Technopark"),
        ("Технопарк «Зеленоград»", "Zelenograd Technopark"),
        ("Технопарк «Сколково»", "Skolkovo Technopark"),
        ("Технопарк «Физтех»", "Phystech Technopark"),
    ],
    Kind.ECONOMIC_ZONE: [
        ("ОЭЗ «Технополис Москва» — площадка «Печатники»", "Technopolis Moscow SEZ — Pechatniki site"),
        ("ОЭЗ «Технополис Москва» — площадка «Алабушево»", "Technopolis Moscow SEZ — Alabushevo site"),
        ("ОЭЗ «Технополис Москва» — площадка «Руднево»", "Technopolis Moscow SEZ — Rudnevo site"),
        ("ОЭЗ «Технополис Москва» — площадка «Микрон»", "Technopolis Moscow SEZ — Mikron site"),
        ("ОЭЗ «Технополис Москва» — площадка «Зеленоград»", "Technopolis Moscow SEZ — Zelenograd site"),
    ],
    Kind.COWORKING: [
        ("Коворкинг «Точка кипения»", "Boiling Point coworking"),
        ("Коворкинг «Рабочая станция»", "Workstation coworking"),
        ("Коворкинг «Кластер»", "Cluster coworking"),
        ("Коворкинг «Старт»", "Start coworking"),
        ("Коворкинг «Мастерская»", "Workshop coworking"),
        ("Коворкинг «Орбита»", "Orbit coworking"),
    ],
}

SERVICE_KINDS = {
    Kind.RESEARCH_CENTRE: (
        "Научный центр",
        "Research Centre",
        [Capability.DESIGN, Capability.PROTOTYPE, Capability.TEST],
    ),
    Kind.LABORATORY: (
        "Испытательная лаборатория",
        "Testing Laboratory",
        [Capability.TEST, Capability.PROTOTYPE],
    ),
    Kind.CERTIFICATION_BODY: (
        "Орган по сертификации",
        "Certification Body",
        [Capability.CERTIFY, Capability.TEST],
    ),
    Kind.YOUTH_CENTRE: ("Детский технопарк", "Children's Technopark", []),
    Kind.UNIVERSITY: ("Университет", "University", [Capability.DESIGN, Capability.TEST]),
}
SERVICE_TOPICS = [
    ("электроники", "Electronics"),
    ("материалов", "Materials"),
    ("биомедицины", "Biomedicine"),
    ("робототехники", "Robotics"),
    ("энергетики", "Energy"),
    ("приборостроения", "Instrumentation"),
    ("связи", "Telecommunications"),
    ("аддитивных технологий", "Additive Manufacturing"),
    ("химии", "Chemistry"),
    ("транспорта", "Transport"),
    ("метрологии", "Metrology"),
]
YOUTH_NAMES = [
    ("Кванториум", "Quantorium"),
    ("IT-куб", "IT Cube"),
    ("Инженерный центр", "Engineering Centre"),
    ("Центр молодёжного инновационного творчества", "Youth Innovation Centre"),
]
COMPANY_ROOTS = [
    ("Нейро", "Neuro"),
    ("Квант", "Quant"),
    ("Синтез", "Synthesis"),
    ("Вектор", "Vector"),
    ("Протон", "Proton"),
    ("Гелиос", "Helios"),
    ("Аксон", "Axon"),
    ("Форпост", "Forpost"),
    ("Меридиан", "Meridian"),
    ("Спектр", "Spectrum"),
    ("Оптима", "Optima"),
    ("Альфа", "Alpha"),
    ("Сигма", "Sigma"),
    ("Логос", "Logos"),
    ("Титан", "Titan"),
    ("Радиант", "Radiant"),
    ("Импульс", "Impulse"),
    ("Кристалл", "Crystal"),
    ("Атом", "Atom"),
    ("Фотон", "Photon"),
]
COMPANY_SUFFIXES = [
    ("Технологии", "Technologies"),
    ("Системы", "Systems"),
    ("Лаб", "Lab"),
    ("Инжиниринг", "Engineering"),
    ("Роботикс", "Robotics"),
    ("Медикал", "Medical"),
    ("Электроникс", "Electronics"),
    ("Софт", "Soft"),
]
CAPABILITY_WORDS = {
    Capability.DESIGN: ("проектирование и конструирование изделий", "product design and engineering"),
    Capability.PROTOTYPE: (
        "изготовление прототипов и опытных образцов",
        "prototyping and building test samples",
    ),
    Capability.TEST: (
        "испытания и измерения в аккредитованной лаборатории",
        "testing and measurement in an accredited laboratory",
    ),
    Capability.CERTIFY: (
        "сертификация продукции и подтверждение соответствия",
        "product certification and conformity assessment",
    ),
    Capability.PILOT_PRODUCTION: ("опытное и мелкосерийное производство", "pilot and small-batch production"),
}


def _point(rng, okrug):
    latitude, longitude, spread, streets = OKRUG_GEOGRAPHY[okrug]
    return (
        Decimal(f"{latitude + rng.uniform(-spread, spread):.6f}"),
        Decimal(f"{longitude + rng.uniform(-spread * 1.6, spread * 1.6):.6f}"),
        f"г. Москва, {rng.choice(streets)}, д. {rng.randint(1, 120)}",
    )


def _descriptions(name_ru, name_en, kind_label_ru, kind_label_en, capabilities, industries):
    abilities_ru = "; ".join(CAPABILITY_WORDS[c][0] for c in capabilities)
    abilities_en = "; ".join(CAPABILITY_WORDS[c][1] for c in capabilities)
    fields_ru = ", ".join(industry.name_ru.lower() for industry in industries)
    fields_en = ", ".join(industry.name_en.lower() for industry in industries)
    ru = f"{name_ru} — {kind_label_ru.lower()} в Москве. Направления: {fields_ru}."
    en = f"{name_en} is a {kind_label_en.lower()} in Moscow working in {fields_en}."
    if capabilities:
        ru += f" Услуги: {abilities_ru}."
        en += f" Services: {abilities_en}."
    return ru, en


def _blueprints(scale, rng, industries):
    """Every demo organization as a dict, in a fixed order, so a seed always gives the same list."""
    okrugs = list(Okrug)
    for copy in range(1, scale + 1):
        suffix_ru = "" if copy == 1 else f" {copy}"
        suffix_en = "" if copy == 1 else f" {copy}"
        # Hosts: technology parks, economic zone sites, coworkings (44 per scale).
        for kind, count in ((Kind.TECHNOPARK, 24), (Kind.ECONOMIC_ZONE, 5), (Kind.COWORKING, 15)):
            names = HOST_NAMES[kind]
            for n in range(count):
                name_ru, name_en = names[n % len(names)]
                if n >= len(names):
                    building = n // len(names) + 1
                    name_ru, name_en = f"{name_ru}, корпус {building}", f"{name_en}, building {building}"
                yield {"kind": kind, "name_ru": name_ru + suffix_ru, "name_en": name_en + suffix_en}
        # Providers: research centres, laboratories and certification bodies (66),
        # youth centres (22) and universities (8).
        for kind, count in (
            (Kind.RESEARCH_CENTRE, 20),
            (Kind.LABORATORY, 26),
            (Kind.CERTIFICATION_BODY, 20),
            (Kind.YOUTH_CENTRE, 22),
            (Kind.UNIVERSITY, 8),
        ):
            label_ru, label_en, _caps = SERVICE_KINDS[kind]
            for n in range(count):
                if kind == Kind.YOUTH_CENTRE:
                    base_ru, base_en = YOUTH_NAMES[n % len(YOUTH_NAMES)]
                    okrug = okrugs[n % len(okrugs)]
                    name_ru = f"{base_ru} {OKRUG_ABBREVIATIONS_RU[okrug]} №{n // len(YOUTH_NAMES) + 1}"
                    name_en = f"{base_en} {okrug.value.upper()} No. {n // len(YOUTH_NAMES) + 1}"
                    yield {"kind": kind, "name_ru": name_ru + suffix_ru, "name_en": name_en + suffix_en, "okrug": okrug}
                    continue
                else:
                    topic_ru, topic_en = SERVICE_TOPICS[n % len(SERVICE_TOPICS)]
                    name_ru = f"{label_ru} {topic_ru} №{n // len(SERVICE_TOPICS) + 1}"
                    name_en = f"{topic_en} {label_en} No. {n // len(SERVICE_TOPICS) + 1}"
                yield {"kind": kind, "name_ru": name_ru + suffix_ru, "name_en": name_en + suffix_en}
        # Companies (160 per scale).
        for n in range(160):
            root_ru, root_en = COMPANY_ROOTS[n % len(COMPANY_ROOTS)]
            tail_ru, tail_en = COMPANY_SUFFIXES[(n // len(COMPANY_ROOTS)) % len(COMPANY_SUFFIXES)]
            yield {
                "kind": Kind.COMPANY,
                "name_ru": f"ООО «{root_ru}{tail_ru}»{suffix_ru}",
                "name_en": f"{root_en}{tail_en} LLC{suffix_en}",
            }


def _slug(blueprint):
    from imoscow.text import transliterated_slug

    return transliterated_slug(blueprint["name_en"])


def seed(*, scale, rng, stdout):
    industries = []
    for slug, name_ru, name_en in INDUSTRIES:
        industry, _created = Industry.objects.get_or_create(
            slug=slug, defaults={"name_ru": name_ru, "name_en": name_en}
        )
        industries.append(industry)

    blueprints = list(_blueprints(scale, rng, industries))
    existing = set(Organization.objects.values_list("slug", flat=True))
    okrugs = list(Okrug)
    new = []
    for blueprint in blueprints:
        kind = blueprint["kind"]
        okrug = okrugs[rng.randrange(len(okrugs))]
        okrug = blueprint.get("okrug", okrug)  # a youth centre named after its okrug stands in it
        latitude, longitude, address = _point(rng, okrug)
        chosen = rng.sample(industries, k=rng.randint(1, 3))
        if kind == Kind.COMPANY:
            capabilities = rng.sample(
                [Capability.DESIGN, Capability.PROTOTYPE, Capability.PILOT_PRODUCTION], k=rng.randint(0, 2)
            )
            label_ru, label_en = "Высокотехнологичная компания", "Hi-tech company"
        elif kind in SERVICE_KINDS:
            label_ru, label_en, capabilities = SERVICE_KINDS[kind]
            capabilities = list(capabilities) + ([Capability.PILOT_PRODUCTION] if rng.random() < 0.2 else [])
        else:
            label_ru, label_en, capabilities = (
                "Площадка",
                "Site",
                [Capability.PROTOTYPE] if rng.random() < 0.5 else [],
            )
            label_ru = {
                Kind.TECHNOPARK: "Технопарк",
                Kind.ECONOMIC_ZONE: "Особая экономическая зона",
                Kind.COWORKING: "Коворкинг",
            }[kind]
            label_en = {
                Kind.TECHNOPARK: "Technology park",
                Kind.ECONOMIC_ZONE: "Special economic zone",
                Kind.COWORKING: "Coworking space",
            }[kind]
        slug = _slug(blueprint)
        if slug in existing:
            continue
        existing.add(slug)
        description_ru, description_en = _descriptions(
            blueprint["name_ru"], blueprint["name_en"], label_ru, label_en, capabilities, chosen
        )
        organization = Organization(
            kind=kind,
            slug=slug,
            name_ru=blueprint["name_ru"],
            name_en=blueprint["name_en"],
            description_ru=description_ru,
            description_en=description_en,
            address=address,
            okrug=okrug,
            latitude=latitude,
            longitude=longitude,
            phone=f"+7 495 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            email=f"info@{slug[:40]}.example",
            website=f"https://{slug[:40]}.example",
            founded_year=rng.randint(1960 if kind == Kind.UNIVERSITY else 1995, 2024),
            headcount=rng.choice([5, 12, 25, 40, 80, 150, 300, 700]),
            capabilities=sorted(set(capabilities)),
            is_verified=rng.random() < 0.9,
            search_terms=search_terms(kind=kind, capabilities=capabilities, industries=chosen),
        )
        organization._demo_industries = chosen
        new.append(organization)

    Organization.objects.bulk_create(new, batch_size=2000)
    Through = Organization.industries.through
    Through.objects.bulk_create(
        [Through(organization_id=o.pk, industry_id=i.pk) for o in new for i in o._demo_industries],
        batch_size=5000,
        ignore_conflicts=True,
    )

    hosts = list(Organization.objects.filter(kind__in=[Kind.TECHNOPARK, Kind.ECONOMIC_ZONE]).order_by("pk"))
    residents = [o for o in new if o.kind in (Kind.COMPANY, Kind.LABORATORY, Kind.RESEARCH_CENTRE)]
    for organization in residents:
        if hosts and rng.random() < 0.8:
            organization.park = rng.choice(hosts)
    Organization.objects.bulk_update(residents, ["park"], batch_size=2000)

    accreditations = []
    for organization in new:
        if organization.kind in (Kind.LABORATORY, Kind.CERTIFICATION_BODY):
            standards = (
                [Accreditation.Standard.ISO_17025]
                if organization.kind == Kind.LABORATORY
                else [Accreditation.Standard.GOST_R, Accreditation.Standard.ISO_17065]
            )
            standards += rng.sample(
                [
                    Accreditation.Standard.ISO_9001,
                    Accreditation.Standard.ISO_13485,
                    Accreditation.Standard.EAEU_TR,
                ],
                k=rng.randint(0, 2),
            )
            for standard in standards:
                accreditations.append(
                    Accreditation(
                        organization=organization,
                        standard=standard,
                        certificate_number=f"RA.RU.{rng.randint(10000, 99999)}",
                        valid_until=datetime.date(2027 + rng.randint(0, 3), rng.randint(1, 12), 1),
                    )
                )
    Accreditation.objects.bulk_create(accreditations, batch_size=5000, ignore_conflicts=True)

    # The demo company administrator runs the first demo company and edits a technology park's profile.
    company_admin = User.objects.filter(email=COMPANY_ADMIN_EMAIL).first()
    if company_admin:
        company = Organization.objects.filter(kind=Kind.COMPANY, is_verified=True).order_by("pk").first()
        park = Organization.objects.filter(kind=Kind.TECHNOPARK).order_by("pk").first()
        for organization, role in ((company, Membership.Role.ADMIN), (park, Membership.Role.EDITOR)):
            if organization:
                Membership.objects.get_or_create(user=company_admin, organization=organization, defaults={"role": role})
    _residency_requests(stdout)
    stdout.write(f"Demo data: {len(new)} organizations added ({Organization.objects.count()} in all).")


def _residency_requests(stdout):
    """A few pending residency requests to the first technology park, for staff to try the workflow."""
    park = Organization.objects.filter(kind=Kind.TECHNOPARK).order_by("pk").first()
    if park is None or ResidencyRequest.objects.filter(park=park).exists():
        return
    applicants = list(
        Organization.objects.filter(kind=Kind.COMPANY, is_verified=True)
        .exclude(park=park)
        .exclude(residency_requests__status=ResidencyRequest.Status.PENDING)
        .order_by("pk")[1:4]
    )
    requests = ResidencyRequest.objects.bulk_create(
        [
            ResidencyRequest(
                organization=applicant,
                park=park,
                message=f"{applicant.name_ru} просит принять компанию в резиденты технопарка.",
            )
            for applicant in applicants
        ]
    )
    ResidencyEvent.objects.bulk_create(
        [ResidencyEvent(request=r, to_status=ResidencyRequest.Status.PENDING, comment=r.message) for r in requests]
    )
