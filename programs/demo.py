"""Demo incentives, the two programs, applications in every state and the cluster registry.

Deterministic for a seed (only `rng` decides), idempotent (what exists is kept), fast (bulk inserts).
At scale 1: 20 measures; 3 programs (export promotion, cluster membership, a closed one); 16 applications
covering every state of both open programs (the demo company's export application waits for its answer to
an information request, and the company is a cluster participant); about 30 approved cluster members per
unit of --scale.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from accounts.demo import COMPANY_ADMIN_EMAIL, STAFF_EMAIL
from accounts.models import User
from directory.models import Industry, Membership, Organization
from programs.models import (
    Application,
    ApplicationChange,
    ApplicationDocument,
    ApplicationEvent,
    ClusterParticipant,
    FormField,
    Measure,
    Program,
    ScreeningQuestion,
)

Status = Application.Status
Kind = Measure.Kind
DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# slug, kind, title ru/en, summary ru/en, provider ru/en, amount min/max, note ru/en, deadline in days (None: all
# year), documents ru/en, rules
MEASURES = [
    (
        "startup-grant",
        Kind.GRANT,
        ("Грант для технологических стартапов", "Grant for technology start-ups"),
        (
            "До 5 млн ₽ на разработку и вывод на рынок нового продукта молодой компании.",
            "Up to 5 million roubles for a young company to develop and launch a new product.",
        ),
        ("Фонд «Московский инновационный кластер»", "Moscow Innovation Cluster Fund"),
        (1_000_000, 5_000_000),
        ("до 80% затрат проекта", "up to 80% of the project costs"),
        90,
        {"max_company_age": 5, "max_headcount": 100, "requires_moscow_registration": True},
    ),
    (
        "rnd-grant",
        Kind.GRANT,
        ("Грант на НИОКР в приоритетных отраслях", "R&D grant in priority industries"),
        (
            "Финансирование опытно-конструкторских работ в микроэлектронике, робототехнике и новых материалах.",
            "Funding of development work in microelectronics, robotics and new materials.",
        ),
        ("Департамент инвестиционной и промышленной политики", "Department of Investment and Industrial Policy"),
        (5_000_000, 30_000_000),
        ("до 50% затрат на НИОКР", "up to 50% of R&D costs"),
        120,
        {
            "min_company_age": 2,
            "min_headcount": 10,
            "requires_moscow_registration": True,
            "industries": ["microelectronics", "robotics", "new-materials", "instruments"],
        },
    ),
    (
        "medtech-grant",
        Kind.GRANT,
        ("Грант на разработку медицинских изделий", "Grant for developing medical devices"),
        (
            "Поддержка клинических испытаний и регистрации медицинских изделий московских разработчиков.",
            "Support for clinical trials and registration of medical devices by Moscow developers.",
        ),
        ("Агентство инноваций Москвы", "Moscow Innovation Agency"),
        (2_000_000, 15_000_000),
        ("", ""),
        60,
        {"industries": ["medtech", "biotech"], "requires_moscow_registration": True, "min_company_age": 1},
    ),
    (
        "city-pilot-grant",
        Kind.GRANT,
        ("Грант на пилотное внедрение в городском хозяйстве", "Grant for piloting a solution in the city"),
        (
            "Город оплачивает пилотное тестирование технологии на своих объектах.",
            "The city pays for testing a technology on its own sites.",
        ),
        ("Агентство инноваций Москвы", "Moscow Innovation Agency"),
        (500_000, 10_000_000),
        ("", ""),
        45,
        {"industries": ["ai-data", "software", "transport", "cleantech", "energy"]},
    ),
    (
        "loan-interest-subsidy",
        Kind.SUBSIDY,
        ("Субсидия на уплату процентов по кредитам", "Subsidy on loan interest"),
        (
            "Компенсация части процентной ставки по кредитам на модернизацию производства.",
            "Part of the interest on loans for modernizing production is repaid.",
        ),
        ("Департамент инвестиционной и промышленной политики", "Department of Investment and Industrial Policy"),
        (None, 10_000_000),
        ("до 2/3 ключевой ставки", "up to two thirds of the key rate"),
        None,
        {"min_company_age": 1, "max_revenue": Decimal("2000"), "requires_moscow_registration": True},
    ),
    (
        "equipment-subsidy",
        Kind.SUBSIDY,
        ("Субсидия на приобретение оборудования", "Subsidy for buying equipment"),
        (
            "Возмещение части затрат на новое оборудование для высокотехнологичного производства.",
            "Part of the cost of new equipment for high-tech production is refunded.",
        ),
        ("Департамент инвестиционной и промышленной политики", "Department of Investment and Industrial Policy"),
        (1_000_000, 50_000_000),
        ("до 30% стоимости оборудования", "up to 30% of the equipment cost"),
        150,
        {
            "min_headcount": 10,
            "requires_moscow_registration": True,
            "industries": ["microelectronics", "robotics", "instruments", "additive", "new-materials", "medtech"],
        },
    ),
    (
        "grid-connection-subsidy",
        Kind.SUBSIDY,
        ("Субсидия на технологическое присоединение", "Subsidy for grid connection"),
        (
            "Компенсация затрат резидентов технопарков на подключение к электросетям.",
            "Residents of technology parks are refunded the cost of connecting to the power grid.",
        ),
        ("Департамент инвестиционной и промышленной политики", "Department of Investment and Industrial Policy"),
        (None, 3_000_000),
        ("", ""),
        None,
        {"requires_residency": True},
    ),
    (
        "technopark-property-tax",
        Kind.TAX_BENEFIT,
        ("Льготы по налогу на имущество для резидентов технопарков", "Property tax relief for technopark residents"),
        (
            "Снижение налога на имущество и земельного налога для резидентов технопарков.",
            "Lower property and land tax for residents of technology parks.",
        ),
        ("Правительство Москвы", "Moscow Government"),
        (None, None),
        ("ставка снижается до 25%", "the rate is cut by up to 25%"),
        None,
        {"requires_residency": True, "requires_moscow_registration": True},
    ),
    (
        "sez-profit-tax",
        Kind.TAX_BENEFIT,
        ("Пониженная ставка налога на прибыль в ОЭЗ «Технополис Москва»", "Lower profit tax in Technopolis Moscow SEZ"),
        (
            "Ставка налога на прибыль 2% в городской части для резидентов особой экономической зоны.",
            "A 2% city profit tax rate for residents of the special economic zone.",
        ),
        ("ОЭЗ «Технополис Москва»", "Technopolis Moscow SEZ"),
        (None, None),
        ("", ""),
        None,
        {"requires_residency": True, "okrugs": ["zelao", "yuvao", "vao"]},
    ),
    (
        "investment-tax-deduction",
        Kind.TAX_BENEFIT,
        ("Инвестиционный налоговый вычет", "Investment tax deduction"),
        (
            "Уменьшение налога на прибыль на часть вложений в основные средства.",
            "Profit tax is reduced by part of the investment in fixed assets.",
        ),
        ("Департамент экономической политики и развития", "Department of Economic Policy and Development"),
        (None, None),
        ("", ""),
        None,
        {"min_revenue": Decimal("100"), "requires_moscow_registration": True},
    ),
    (
        "technopark-rent",
        Kind.RENT,
        ("Льготная аренда в городских технопарках", "Preferential rent in city technology parks"),
        (
            "Офисы и производственные помещения по ставке ниже рыночной для малых технологических компаний.",
            "Offices and production space below market rates for small technology companies.",
        ),
        ("Технополис «Москва»", "Technopolis Moscow"),
        (None, None),
        ("ставка от 4 500 ₽ за м² в год", "from 4,500 roubles per m² a year"),
        None,
        {"max_headcount": 250, "max_revenue": Decimal("2000")},
    ),
    (
        "zelenograd-rent",
        Kind.RENT,
        ("Льготная аренда на инновационных площадках Зеленограда", "Preferential rent on Zelenograd innovation sites"),
        (
            "Помещения для компаний микроэлектроники в Зеленограде.",
            "Space for microelectronics companies in Zelenograd.",
        ),
        ("Префектура Зеленоградского АО", "Prefecture of Zelenograd"),
        (None, None),
        ("", ""),
        None,
        {"okrugs": ["zelao"], "industries": ["microelectronics", "instruments", "telecom"]},
    ),
    (
        "industrial-loan",
        Kind.LOAN,
        ("Льготный заём на развитие производства", "Preferential loan for developing production"),
        (
            "Займы от 5 до 100 млн ₽ под 1–5% годовых на срок до 5 лет.",
            "Loans of 5 to 100 million roubles at 1–5% a year for up to 5 years.",
        ),
        ("Московский фонд поддержки промышленности и предпринимательства", "Moscow Industry Support Fund"),
        (5_000_000, 100_000_000),
        ("1–5% годовых", "1–5% a year"),
        None,
        {"min_company_age": 2, "min_revenue": Decimal("10"), "requires_moscow_registration": True},
    ),
    (
        "guarantee-fund",
        Kind.LOAN,
        ("Поручительство Московского гарантийного фонда", "Surety of the Moscow Guarantee Fund"),
        (
            "Поручительство по кредиту малому и среднему бизнесу, когда не хватает залога.",
            "A surety on a bank loan for small and medium businesses without enough collateral.",
        ),
        ("Московский гарантийный фонд", "Moscow Guarantee Fund"),
        (None, 100_000_000),
        ("до 50% суммы кредита", "up to 50% of the loan"),
        None,
        {"max_headcount": 250, "max_revenue": Decimal("2000"), "requires_moscow_registration": True},
    ),
    (
        "export-certification",
        Kind.EXPORT,
        ("Компенсация затрат на сертификацию продукции для экспорта", "Refund of export certification costs"),
        (
            "Возмещение расходов на сертификацию продукции по требованиям зарубежных рынков.",
            "The cost of certifying products for foreign markets is refunded.",
        ),
        ("Московский экспортный центр", "Moscow Export Centre"),
        (None, 3_000_000),
        ("до 80% затрат", "up to 80% of the costs"),
        200,
        {"min_company_age": 1, "requires_moscow_registration": True},
    ),
    (
        "export-exhibitions",
        Kind.EXPORT,
        ("Участие в международных выставках на коллективном стенде Москвы", "Moscow's pavilion at trade fairs"),
        (
            "Место на коллективном стенде Москвы на зарубежных отраслевых выставках.",
            "A place on Moscow's joint stand at trade fairs abroad.",
        ),
        ("Московский экспортный центр", "Moscow Export Centre"),
        (None, None),
        ("бесплатно", "free of charge"),
        30,
        {"requires_moscow_registration": True},
    ),
    (
        "export-accelerator",
        Kind.EXPORT,
        ("Экспортный акселератор", "Export accelerator"),
        (
            "Четыре месяца работы с экспертами над первой экспортной сделкой.",
            "Four months with experts towards a first export contract.",
        ),
        ("Московский экспортный центр", "Moscow Export Centre"),
        (None, None),
        ("", ""),
        75,
        {"min_company_age": 1, "min_revenue": Decimal("5")},
    ),
    (
        "patent-consulting",
        Kind.CONSULTING,
        ("Бесплатные консультации по патентованию", "Free patent consulting"),
        (
            "Патентные поверенные помогают оценить патентоспособность и подготовить заявку.",
            "Patent attorneys help assess patentability and prepare an application.",
        ),
        ("Московский инновационный кластер", "Moscow Innovation Cluster"),
        (None, None),
        ("бесплатно", "free of charge"),
        None,
        {},
    ),
    (
        "technopark-accelerator",
        Kind.CONSULTING,
        ("Акселератор технопарков Москвы", "Moscow technology parks accelerator"),
        (
            "Менторы, пилотные заказчики и инвесторы для молодых технологических компаний.",
            "Mentors, pilot customers and investors for young technology companies.",
        ),
        ("Технопарки Москвы", "Moscow Technology Parks"),
        (None, None),
        ("", ""),
        40,
        {"max_company_age": 3, "max_headcount": 50},
    ),
    (
        "marketplace-consulting",
        Kind.CONSULTING,
        ("Консультации по выходу на маркетплейсы", "Consulting on selling through marketplaces"),
        (
            "Помощь производителям в выходе на российские и зарубежные маркетплейсы.",
            "Help for manufacturers selling through Russian and foreign marketplaces.",
        ),
        ("Московский экспортный центр", "Moscow Export Centre"),
        (None, None),
        ("бесплатно", "free of charge"),
        None,
        {},
    ),
]

EXPORT_MARKETS = """cis | СНГ | CIS
china | Китай | China
india | Индия | India
middle_east | Ближний Восток | Middle East
southeast_asia | Юго-Восточная Азия | Southeast Asia
latin_america | Латинская Америка | Latin America
africa | Африка | Africa"""

EXPORT_SUPPORT = """exhibitions | Выставки и бизнес-миссии | Trade fairs and business missions
certification | Сертификация | Certification
logistics | Логистика | Logistics
marketing | Маркетинг за рубежом | Marketing abroad
legal | Юридическое сопровождение | Legal support"""

CLUSTER_ROLES = "\n".join(
    f"{value} | {ru} | {en}"
    for value, ru, en in [
        ("researcher", "Исследователь", "Researcher"),
        ("developer", "Разработчик", "Developer"),
        ("manufacturer", "Производитель", "Manufacturer"),
        ("investor", "Инвестор", "Investor"),
        ("integrator", "Интегратор", "Integrator"),
        ("service_provider", "Сервисная компания", "Service provider"),
        ("infrastructure", "Инфраструктура", "Infrastructure"),
        ("education", "Образование", "Education"),
    ]
)

F = FormField.Kind

# slug: (code, kind, titles, summaries, descriptions, window (days from now: opens, closes), rules, questions, fields)
PROGRAMS = {
    "export-promotion": (
        "EXP",
        Program.Kind.EXPORT,
        ("Программа продвижения экспорта", "Export promotion program"),
        (
            "Комплексная поддержка выхода московских технологических компаний на зарубежные рынки.",
            "Comprehensive support for Moscow technology companies entering foreign markets.",
        ),
        (
            "Участники получают компенсацию затрат на выставки и сертификацию, консультации экспертов "
            "Московского экспортного центра и помощь в поиске зарубежных партнёров.",
            "Participants are refunded the costs of trade fairs and certification, get advice from the experts "
            "of the Moscow Export Centre and help in finding partners abroad.",
        ),
        (-30, 60),
        {"min_company_age": 1, "requires_moscow_registration": True},
        [
            (
                (
                    "Производит ли компания товары или услуги в Москве?",
                    "Does the company make goods or services in Moscow?",
                ),
                True,
                (
                    "Программа поддерживает только московских производителей.",
                    "The program supports Moscow producers only.",
                ),
            ),
            (
                ("Есть ли у компании просроченная задолженность по налогам?", "Does the company have overdue taxes?"),
                False,
                ("Компании с долгами по налогам не могут участвовать.", "Companies with tax debts cannot take part."),
            ),
        ],
        [
            ("product", F.TEXT, ("Продукт для экспорта", "Product to export"), ("", ""), True, ""),
            (
                "product_description",
                F.TEXTAREA,
                ("Описание продукта и его преимуществ", "The product and its advantages"),
                ("Для кого он, чем лучше аналогов.", "Who it is for and why it beats the alternatives."),
                True,
                "",
            ),
            ("export_markets", F.MULTIPLE_CHOICE, ("Целевые рынки", "Target markets"), ("", ""), True, EXPORT_MARKETS),
            (
                "export_revenue",
                F.DECIMAL,
                ("Экспортная выручка за прошлый год, млн ₽", "Export revenue last year, million roubles"),
                ("Оставьте пустым, если экспорта ещё не было.", "Leave empty if you have not exported yet."),
                False,
                "",
            ),
            (
                "planned_contracts",
                F.INTEGER,
                ("Сколько экспортных контрактов планируете за год", "Export contracts planned in a year"),
                ("", ""),
                True,
                "",
            ),
            (
                "support_needed",
                F.MULTIPLE_CHOICE,
                ("Какая поддержка нужна", "Support needed"),
                ("", ""),
                True,
                EXPORT_SUPPORT,
            ),
            ("website", F.URL, ("Сайт на английском языке", "Website in English"), ("", ""), False, ""),
            ("contact_email", F.EMAIL, ("Email для связи", "Contact email"), ("", ""), True, ""),
            (
                "presentation",
                F.DOCUMENT,
                ("Презентация компании", "Company presentation"),
                ("PDF, не более 10 МБ.", "PDF, at most 10 MB."),
                True,
                "",
            ),
            (
                "financial_statement",
                F.DOCUMENT,
                ("Бухгалтерская отчётность за прошлый год", "Last year's financial statements"),
                ("PDF, не более 10 МБ.", "PDF, at most 10 MB."),
                True,
                "",
            ),
            (
                "consent",
                F.BOOLEAN,
                (
                    "Согласен на обработку данных и проверку сведений",
                    "I agree to the processing and checking of this data",
                ),
                ("", ""),
                True,
                "",
            ),
        ],
    ),
    "innovation-cluster": (
        "CLU",
        Program.Kind.CLUSTER,
        ("Вступление в Московский инновационный кластер", "Innovation cluster membership"),
        (
            "Участники кластера получают доступ к мерам поддержки, заказчикам и партнёрам по кооперации.",
            "Cluster participants get access to support measures, customers and partners.",
        ),
        (
            "Московский инновационный кластер объединяет исследователей, разработчиков, производителей и инвесторов. "
            "Одобренные участники появляются в открытом реестре кластера.",
            "The Moscow innovation cluster brings researchers, developers, manufacturers and investors together. "
            "Approved participants appear in the cluster's public registry.",
        ),
        (-60, 300),
        {"requires_moscow_registration": True},
        [
            (
                (
                    "Ведёт ли организация исследования, разработки или производство инновационной продукции?",
                    "Does the organization research, develop or produce innovative products?",
                ),
                True,
                ("Кластер объединяет участников инновационной деятельности.", "The cluster is for innovators."),
            ),
        ],
        [
            ("cluster_role", F.CHOICE, ("Роль в кластере", "Role in the cluster"), ("", ""), True, CLUSTER_ROLES),
            ("industry", F.INDUSTRY, ("Основная отрасль", "Main industry"), ("", ""), True, ""),
            (
                "activity",
                F.TEXTAREA,
                ("Чем занимается организация", "What the organization does"),
                ("Продукты, технологии, заказчики.", "Products, technologies, customers."),
                True,
                "",
            ),
            ("rnd_share", F.DECIMAL, ("Доля затрат на НИОКР, %", "R&D share of costs, %"), ("", ""), False, ""),
            ("patents", F.INTEGER, ("Число патентов", "Number of patents"), ("", ""), False, ""),
            (
                "founded_on",
                F.DATE,
                ("Дата регистрации организации", "Date the organization was registered"),
                ("", ""),
                True,
                "",
            ),
            (
                "charter",
                F.DOCUMENT,
                ("Устав организации", "Articles of association"),
                ("PDF, не более 10 МБ.", "PDF, at most 10 MB."),
                True,
                "",
            ),
            (
                "consent",
                F.BOOLEAN,
                ("Согласен на публикацию в реестре кластера", "I agree to be listed in the cluster registry"),
                ("", ""),
                True,
                "",
            ),
        ],
    ),
    "city-pilots-2025": (
        "PIL",
        Program.Kind.OTHER,
        ("Пилотное тестирование технологий в городе — 2025", "City technology pilots 2025"),
        (
            "Отбор решений для бесплатного тестирования на городских объектах. Приём заявок завершён.",
            "Selection of solutions to test on city sites free of charge. Applications are closed.",
        ),
        ("", ""),
        (-200, -20),
        {},
        [],
        [("solution", F.TEXTAREA, ("Описание решения", "The solution"), ("", ""), True, "")],
    ),
}

EXPORT_PRODUCTS = [
    ("Промышленный контроллер для станков", "Industrial controller for machine tools"),
    ("Система компьютерного зрения для контроля качества", "Computer vision system for quality control"),
    ("Портативный анализатор крови", "Portable blood analyser"),
    ("Платформа предиктивной аналитики", "Predictive analytics platform"),
    ("Композитные панели для авиации", "Composite panels for aviation"),
]
INFO_REQUESTS = [
    "Приложите, пожалуйста, отчётность с отметкой налоговой и уточните целевые рынки.",
    "Уточните долю НИОКР в затратах и приложите устав в последней редакции.",
]
REJECTIONS = [
    "Продукт пока не готов к экспорту: нет сертификатов и опыта поставок. Подайте заявку в следующем году.",
    "Деятельность организации не связана с инновационной продукцией.",
]


def _measure_rows(rng, today, industries):
    for slug, kind, titles, summaries, providers, amounts, notes, deadline_days, rules in MEASURES:
        rules = dict(rules)
        industry_slugs = rules.pop("industries", [])
        deadline = None if deadline_days is None else today + datetime.timedelta(days=deadline_days)
        measure = Measure(
            slug=slug,
            kind=kind,
            title_ru=titles[0],
            title_en=titles[1],
            summary_ru=summaries[0],
            summary_en=summaries[1],
            description_ru=summaries[0]
            + " Заявки принимаются через портал оператора меры; консультации — по телефону горячей линии.",
            description_en=summaries[1] + " Applications are made on the provider's portal; the hotline advises.",
            provider_ru=providers[0],
            provider_en=providers[1],
            amount_min=amounts[0],
            amount_max=amounts[1],
            amount_note_ru=notes[0],
            amount_note_en=notes[1],
            opens_on=None if deadline is None else deadline - datetime.timedelta(days=rng.choice([60, 90, 180])),
            deadline=deadline,
            documents_ru="Заявка по форме оператора\nВыписка из ЕГРЮЛ\nБухгалтерская отчётность за последний год",
            documents_en="Application on the provider's form\nExtract from the state register\nLast year's accounts",
            url=f"https://www.mos.ru/city/projects/{slug}/",
            **rules,
        )
        measure._industries = [industries[s] for s in industry_slugs if s in industries]
        yield measure


def _seed_measures(rng, today, industries, stdout):
    existing = set(Measure.objects.values_list("slug", flat=True))
    new = [m for m in _measure_rows(rng, today, industries) if m.slug not in existing]
    Measure.objects.bulk_create(new)
    Through = Measure.industries.through
    Through.objects.bulk_create([Through(measure_id=m.pk, industry_id=i.pk) for m in new for i in m._industries])
    stdout.write(f"Demo data: {len(new)} support measures added.")


def _seed_programs(now, industries):
    programs = {}
    for slug, (code, kind, titles, summaries, descriptions, window, rules, questions, fields) in PROGRAMS.items():
        program = Program.objects.filter(slug=slug).first()
        if program is None:
            rules = dict(rules)
            industry_slugs = rules.pop("industries", [])
            program = Program.objects.create(
                slug=slug,
                code=code,
                kind=kind,
                title_ru=titles[0],
                title_en=titles[1],
                summary_ru=summaries[0],
                summary_en=summaries[1],
                description_ru=descriptions[0],
                description_en=descriptions[1],
                opens_at=now + datetime.timedelta(days=window[0]),
                closes_at=now + datetime.timedelta(days=window[1]),
                **rules,
            )
            program.industries.set([industries[s] for s in industry_slugs])
            ScreeningQuestion.objects.bulk_create(
                ScreeningQuestion(
                    program=program,
                    text_ru=texts[0],
                    text_en=texts[1],
                    required_answer=answer,
                    explanation_ru=why[0],
                    explanation_en=why[1],
                    position=n,
                )
                for n, (texts, answer, why) in enumerate(questions)
            )
            FormField.objects.bulk_create(
                FormField(
                    program=program,
                    key=key,
                    kind=kind_,
                    label_ru=labels[0],
                    label_en=labels[1],
                    help_ru=helps[0],
                    help_en=helps[1],
                    required=required,
                    choices=choices,
                    position=(n + 1) * 10,
                )
                for n, (key, kind_, labels, helps, required, choices) in enumerate(fields)
            )
        programs[slug] = program
    return programs


def tracking_numbers(program, count: int, year: int) -> list[str]:
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('programs_tracking_number_seq') FROM generate_series(1, %s)", [count])
        numbers = [row[0] for row in cursor.fetchall()]
    return [f"{program.code}-{year}-{n:06d}" for n in numbers]


def _export_answers(rng, organization):
    product = rng.choice(EXPORT_PRODUCTS)[0]
    return {
        "product": product,
        "product_description": f"{product}: собственная разработка компании, серийное производство в Москве.",
        "export_markets": sorted(rng.sample(["cis", "china", "india", "middle_east", "southeast_asia"], k=2)),
        "export_revenue": str(rng.choice([0, 12, 35, 80])),
        "planned_contracts": str(rng.randint(1, 12)),
        "support_needed": sorted(rng.sample(["exhibitions", "certification", "logistics", "marketing"], k=2)),
        "website": f"https://{organization.slug[:40]}.example/en",
        "contact_email": organization.email or "export@example.com",
        "consent": "on",
    }


def cluster_answers(rng, organization, industry_slug):
    return {
        "cluster_role": rng.choice(
            ["researcher", "developer", "developer", "manufacturer", "manufacturer", "investor", "integrator"]
        ),
        "industry": industry_slug,
        "activity": f"{organization.name_ru}: разработка и производство высокотехнологичной продукции.",
        "rnd_share": str(rng.choice([5, 12, 20, 35])),
        "patents": str(rng.randint(0, 25)),
        "founded_on": f"{organization.founded_year or 2015}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "consent": "on",
    }


# The path to each demo status: (status, staff comment) after the draft.
PATHS = {
    Status.DRAFT: [],
    Status.SUBMITTED: [(Status.SUBMITTED, "")],
    Status.IN_REVIEW: [(Status.SUBMITTED, ""), (Status.IN_REVIEW, "")],
    Status.INFO_REQUESTED: [(Status.SUBMITTED, ""), (Status.IN_REVIEW, ""), (Status.INFO_REQUESTED, "info")],
    Status.APPROVED: [(Status.SUBMITTED, ""), (Status.IN_REVIEW, ""), (Status.APPROVED, "")],
    Status.REJECTED: [(Status.SUBMITTED, ""), (Status.IN_REVIEW, ""), (Status.REJECTED, "reject")],
}


def create_applications(rows, *, applicant_of, staff, rng, year, start):
    """Bulk-create applications with their events. `rows`: (program, organization, status, answers)."""
    programs, counts = {}, {}
    for program, _organization, status, _answers in rows:
        programs[program.pk] = program
        if status != Status.DRAFT:
            counts[program.pk] = counts.get(program.pk, 0) + 1
    numbers = {pk: tracking_numbers(programs[pk], count, year) for pk, count in counts.items()}
    applications, moments = [], []
    for program, organization, status, answers in rows:
        started = start - datetime.timedelta(days=rng.randint(5, 40), minutes=rng.randint(0, 600))
        steps, when = [], started
        for to_status, comment in PATHS[status]:
            when = when + datetime.timedelta(days=rng.randint(1, 4), minutes=rng.randint(0, 600))
            text = {"info": rng.choice(INFO_REQUESTS), "reject": rng.choice(REJECTIONS)}.get(comment, "")
            steps.append((to_status, when, text))
        submitted = steps[0][1] if steps else None
        application = Application(
            program=program,
            organization=organization,
            created_by=applicant_of(organization),
            status=status,
            tracking_number=numbers[program.pk].pop() if status != Status.DRAFT else None,
            data=answers,
            submitted_at=submitted,
            decided_at=steps[-1][1] if status in Application.FINAL else None,
        )
        applications.append(application)
        moments.append((started, steps))
    Application.objects.bulk_create(applications, batch_size=2000)
    events = []
    for application, (started, steps) in zip(applications, moments, strict=True):
        applicant = application.created_by
        events.append(
            ApplicationEvent(application=application, actor=applicant, to_status=Status.DRAFT, created=started)
        )
        previous = Status.DRAFT
        for to_status, when, comment in steps:
            actor = applicant if to_status == Status.SUBMITTED else staff
            events.append(
                ApplicationEvent(
                    application=application,
                    actor=actor,
                    from_status=previous,
                    to_status=to_status,
                    comment=comment,
                    created=when,
                )
            )
            previous = to_status
    ApplicationEvent.objects.bulk_create(events, batch_size=5000)
    return applications


def admit(applications, industries_by_slug):
    """Cluster participants for approved cluster applications (in bulk)."""
    participants = [
        ClusterParticipant(
            organization_id=application.organization_id,
            application=application,
            role=application.data["cluster_role"],
            industry=industries_by_slug[application.data["industry"]],
            okrug=application.organization.okrug,
            joined_at=application.decided_at,
        )
        for application in applications
        if application.status == Status.APPROVED and application.program.kind == Program.Kind.CLUSTER
    ]
    ClusterParticipant.objects.bulk_create(participants, batch_size=2000, ignore_conflicts=True)
    return len(participants)


def _attach_documents(applications, user_for):
    for application in applications:
        if application.status == Status.DRAFT:
            continue
        for spec in application.program.fields.all():
            if spec.is_document:
                document = ApplicationDocument(
                    application=application,
                    field=spec,
                    original_name=f"{spec.key}.pdf",
                    size=len(DEMO_PDF),
                    uploaded_by=user_for(application),
                )
                document.file.save("document.pdf", ContentFile(DEMO_PDF), save=False)
                document.save()


def seed(*, scale, rng, stdout):
    now = timezone.now()
    today = timezone.localdate()
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    _seed_measures(rng, today, industries, stdout)
    programs = _seed_programs(now, industries)
    export, cluster, pilots = programs["export-promotion"], programs["innovation-cluster"], programs["city-pilots-2025"]
    if Application.objects.filter(program__in=programs.values()).exists():
        stdout.write("Demo data: applications exist; none added.")
        return

    staff = User.objects.filter(email=STAFF_EMAIL).first()
    company_admin = User.objects.filter(email=COMPANY_ADMIN_EMAIL).first()
    members = dict(
        Membership.objects.filter(role__in=[Membership.Role.ADMIN, Membership.Role.EDITOR])
        .order_by("pk")
        .values_list("organization_id", "user_id")
    )
    users = {user.pk: user for user in User.objects.filter(pk__in=members.values())}

    def applicant_of(organization):
        return users.get(members.get(organization.pk)) or company_admin

    candidates = list(
        Organization.objects.filter(
            kind__in=[Organization.Kind.COMPANY, Organization.Kind.RESEARCH_CENTRE, Organization.Kind.LABORATORY]
        )
        .prefetch_related("industries")
        .order_by("pk")
    )
    if not candidates:
        return
    demo_company = next((o for o in candidates if o.pk in members and users.get(members[o.pk]) == company_admin), None)
    demo_company = demo_company or candidates[0]
    others = [o for o in candidates if o.pk != demo_company.pk]
    rng.shuffle(others)

    def industry_of(organization):
        chosen = list(organization.industries.all())
        return (rng.choice(chosen) if chosen else next(iter(industries.values()))).slug

    # Every state, for both programs; the demo company has an export application awaiting its answer and is a
    # cluster participant, so its dashboard shows both.
    rows = [
        (export, demo_company, Status.INFO_REQUESTED, _export_answers(rng, demo_company)),
        (cluster, demo_company, Status.APPROVED, cluster_answers(rng, demo_company, industry_of(demo_company))),
    ]
    if len(others) < 2 * len(Status) + 2:
        stdout.write("Demo data: too few organizations for demo applications.")
        return
    pool = iter(others)
    for status in Status:
        for program in (export, cluster):
            organization = next(pool)
            answers = (
                _export_answers(rng, organization)
                if program is export
                else cluster_answers(rng, organization, industry_of(organization))
            )
            if status == Status.DRAFT:
                answers = {key: value for key, value in list(answers.items())[:3]}
            rows.append((program, organization, status, answers))
    for _n in range(2):
        organization = next(pool)
        rows.append((pilots, organization, Status.APPROVED, {"solution": "Датчики качества воздуха на остановках."}))
    detailed = create_applications(rows, applicant_of=applicant_of, staff=staff, rng=rng, year=now.year, start=now)
    _attach_documents(detailed, lambda application: application.created_by)
    labels = {(f.program_id, f.key): f.label_ru for f in FormField.objects.filter(program__in=programs.values())}
    ApplicationChange.objects.bulk_create(
        ApplicationChange(
            application=application,
            user=application.created_by,
            field_key=key,
            field_label=labels.get((application.program_id, key), key),
            old_value="",
            new_value=value,
            created=application.created,
        )
        for application in detailed
        for key, value in list(application.data.items())[:3]
    )

    # The registry: approved cluster members, 30 per scale.
    bulk = [
        (cluster, organization, Status.APPROVED, cluster_answers(rng, organization, industry_of(organization)))
        for organization in list(pool)[: 30 * scale - 4]
    ]
    approved = create_applications(bulk, applicant_of=applicant_of, staff=staff, rng=rng, year=now.year, start=now)
    admitted = admit([*detailed, *approved], industries)
    stdout.write(f"Demo data: {len(detailed) + len(approved)} applications and {admitted} cluster participants added.")
