"""Demo courses: 3-5 courses at every youth centre, 1-2 groups each with a weekly schedule, children
enrolled in most groups, some groups full with a waitlist.

Idempotent per centre: a centre that already has courses is left alone. Term dates and children's ages
are relative to today (terms must still be running, ages must fit); everything else comes from `rng`.

Demo logins: a parent with two children (one enrolled in two groups and waitlisted in a third), and an
administrator of the first youth centre.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from courses import services
from courses.models import Child, Course, Enrollment, EnrollmentEvent, Format, Group, Level, Slot, Topic
from courses.selectors import groups_with_seats
from directory.models import Membership, Organization
from imoscow.errors import DomainError

PARENT_EMAIL = "parent@imoscow.example"
PARENT_PASSWORD = "parent-demo-2026"  # noqa: S105 — a published demo login, never used in production
CENTRE_ADMIN_EMAIL = "centre@imoscow.example"
CENTRE_ADMIN_PASSWORD = "centre-demo-2026"  # noqa: S105

Status = Enrollment.Status

# (topic, title ru, title en, min age, max age, description ru, description en)
COURSES = [
    (
        Topic.ROBOTICS,
        "Робототехника на LEGO Education",
        "Robotics with LEGO Education",
        6,
        9,
        "Собираем и программируем первых роботов из конструкторов LEGO Education SPIKE: датчики, моторы, "
        "простые алгоритмы. В конце курса — командные соревнования.",
        "Children build and program their first robots with LEGO Education SPIKE kits: sensors, motors and "
        "simple algorithms, ending with a team competition.",
    ),
    (
        Topic.ROBOTICS,
        "Робототехника на Arduino",
        "Arduino robotics",
        10,
        14,
        "Проектируем мобильных роботов на Arduino: схемы, датчики расстояния и линии, программирование на C++. "
        "Готовимся к олимпиадам по робототехнике.",
        "Designing mobile robots on Arduino: circuits, distance and line sensors, C++ programming. "
        "Preparation for robotics olympiads.",
    ),
    (
        Topic.PROGRAMMING,
        "Scratch: первые программы",
        "Scratch: first programs",
        7,
        10,
        "Учимся думать алгоритмами: создаём игры и мультфильмы в Scratch, знакомимся с циклами, условиями и "
        "переменными.",
        "Learning to think in algorithms: games and cartoons in Scratch, loops, conditions and variables.",
    ),
    (
        Topic.PROGRAMMING,
        "Программирование на Python",
        "Python programming",
        11,
        16,
        "Основы программирования на Python: типы данных, функции, работа с файлами, первые проекты — "
        "чат-бот и игра. Подготовка к олимпиадам по информатике.",
        "Python fundamentals: data types, functions, files, and first projects such as a chat bot and a game. "
        "Preparation for informatics olympiads.",
    ),
    (
        Topic.PROGRAMMING,
        "Разработка игр на Unity",
        "Game development with Unity",
        12,
        17,
        "Создаём собственную компьютерную игру на Unity и C#: физика, анимация, уровни, публикация.",
        "Making your own computer game with Unity and C#: physics, animation, levels and publishing.",
    ),
    (
        Topic.MODELLING,
        "3D-моделирование и печать",
        "3D modelling and printing",
        9,
        15,
        "Моделируем в Blender и Компас-3D, печатаем свои модели на 3D-принтерах, учимся доводить изделие "
        "от эскиза до прототипа.",
        "Modelling in Blender and Kompas-3D and printing the models on 3D printers: from a sketch to a prototype.",
    ),
    (
        Topic.ELECTRONICS,
        "Схемотехника и пайка",
        "Circuits and soldering",
        11,
        17,
        "Электрические цепи, радиодетали, пайка и измерения. Собираем собственные электронные устройства.",
        "Electric circuits, components, soldering and measurement: building your own electronic devices.",
    ),
    (
        Topic.ELECTRONICS,
        "Умный дом на микроконтроллерах",
        "Smart home with microcontrollers",
        12,
        16,
        "Датчики, реле и беспроводная связь: собираем модель умного дома на ESP32 и управляем ею с телефона.",
        "Sensors, relays and wireless links: a smart home model on ESP32 controlled from a phone.",
    ),
    (
        Topic.DRONES,
        "Беспилотные летательные аппараты",
        "Drones: build and fly",
        10,
        17,
        "Собираем и настраиваем квадрокоптеры, учимся пилотированию на симуляторе и в зале, программируем "
        "автономные полёты.",
        "Building and tuning quadcopters, learning to fly on a simulator and in the hall, programming "
        "autonomous flights.",
    ),
    (
        Topic.BIOTECH,
        "Юные биотехнологи",
        "Young biotechnologists",
        12,
        17,
        "Работаем в настоящей лаборатории: микроскопия, выделение ДНК, выращивание микроорганизмов, "
        "исследовательские проекты.",
        "Working in a real laboratory: microscopy, DNA extraction, growing microorganisms and research projects.",
    ),
    (
        Topic.VR_AR,
        "Виртуальная и дополненная реальность",
        "VR and AR development",
        12,
        17,
        "Создаём VR-приложения и AR-маски: 3D-сцены, взаимодействие, тестирование на шлемах виртуальной реальности.",
        "Building VR apps and AR filters: 3D scenes, interaction and testing on virtual reality headsets.",
    ),
    (
        Topic.AI,
        "Искусственный интеллект и машинное обучение",
        "AI and machine learning",
        13,
        18,
        "Как учатся нейросети: данные, классификация изображений, распознавание речи, собственная модель на Python.",
        "How neural networks learn: data, image classification, speech recognition and your own model in Python.",
    ),
    (
        Topic.SPACE,
        "Космические технологии: спутник своими руками",
        "Space technology: build a CubeSat",
        12,
        17,
        "Проектируем и собираем учебный наноспутник формата CubeSat: бортовая электроника, связь, телеметрия.",
        "Designing and assembling a training CubeSat: on-board electronics, radio link and telemetry.",
    ),
    (
        Topic.CHEMISTRY,
        "Химия новых материалов",
        "Chemistry of new materials",
        12,
        17,
        "Опыты с полимерами, композитами и наноматериалами, исследовательские проекты с вузами-партнёрами.",
        "Experiments with polymers, composites and nanomaterials; research projects with partner universities.",
    ),
]

TEACHERS = [
    "Анна Сергеевна Волкова",
    "Дмитрий Андреевич Орлов",
    "Екатерина Павловна Лебедева",
    "Михаил Игоревич Соколов",
    "Ольга Викторовна Новикова",
    "Артём Олегович Кузнецов",
    "Наталья Юрьевна Морозова",
    "Игорь Николаевич Белов",
    "Светлана Алексеевна Павлова",
    "Кирилл Денисович Егоров",
]
CHILD_NAMES = [
    "Маша",
    "Ваня",
    "Соня",
    "Артём",
    "Алиса",
    "Миша",
    "Ева",
    "Лев",
    "Полина",
    "Матвей",
    "Варя",
    "Тимофей",
    "Вероника",
    "Максим",
    "Даша",
    "Егор",
]
SURNAME_INITIALS = "АБВГДЕЖЗИКЛМНОПРСТФХЧШЯ"
PARENT_NAMES = [
    ("Елена", "Иванова"),
    ("Андрей", "Смирнов"),
    ("Татьяна", "Кузнецова"),
    ("Сергей", "Попов"),
    ("Юлия", "Васильева"),
    ("Алексей", "Петров"),
    ("Мария", "Соколова"),
    ("Павел", "Михайлов"),
]
GROUP_NAMES = ["Группа А", "Группа Б", "Группа В"]
START_TIMES = [(10, 0), (11, 0), (12, 30), (14, 0), (15, 0), (16, 0), (16, 30), (17, 30), (18, 0), (19, 0)]
PRICES = [2500, 3000, 3500, 4000, 5000, 6000]


def _birth_date(rng, today: datetime.date, age: int) -> datetime.date:
    """A birth date at which the child is `age` today."""
    birthday = today.replace(year=today.year - age, day=min(today.day, 28))
    return birthday - datetime.timedelta(days=rng.randint(1, 360))


def add_courses(centres, *, rng, today: datetime.date, enroll: bool = True) -> dict:
    """Courses, groups, class times and (with `enroll`) parents, children and enrollments at `centres`.
    Everything in bulk: a few dozen queries for any number of centres."""
    courses = []
    for centre in centres:
        for template in rng.sample(COURSES, k=rng.randint(3, 5)):
            topic, title_ru, title_en, min_age, max_age, description_ru, description_en = template
            free = rng.random() < 0.6
            courses.append(
                Course(
                    organization=centre,
                    title_ru=title_ru,
                    title_en=title_en,
                    description_ru=description_ru,
                    description_en=description_en,
                    topic=topic,
                    level=rng.choice(list(Level)),
                    format=Format.IN_PERSON if rng.random() < 0.85 else rng.choice([Format.ONLINE, Format.BLENDED]),
                    min_age=min_age,
                    max_age=max_age,
                    price_per_month=Decimal(0 if free else rng.choice(PRICES)),
                    address=centre.address,
                    okrug=centre.okrug,
                )
            )
    Course.objects.bulk_create(courses, batch_size=2000)

    groups = []
    for course in courses:
        for n in range(rng.choice([1, 1, 2, 2, 3])):
            starts_on = today - datetime.timedelta(days=rng.randint(0, 75))
            groups.append(
                Group(
                    course=course,
                    name=GROUP_NAMES[n],
                    teacher=rng.choice(TEACHERS),
                    capacity=rng.choice([8, 10, 12, 12, 15, 16]),
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=rng.choice([90, 120, 180, 240])),
                )
            )
    Group.objects.bulk_create(groups, batch_size=2000)

    slots = []
    for group in groups:
        weekdays = sorted(rng.sample(range(6), k=rng.choice([1, 2, 2])))
        hour, minute = rng.choice(START_TIMES)
        length = rng.choice([90, 90, 120])
        starts_at = datetime.time(hour, minute)
        ends_at = (datetime.datetime.combine(today, starts_at) + datetime.timedelta(minutes=length)).time()
        slots += [Slot(group=group, weekday=day, starts_at=starts_at, ends_at=ends_at) for day in weekdays]
    Slot.objects.bulk_create(slots, batch_size=5000)

    enrollment_count = 0
    if enroll:
        enrollment_count = _enroll_children(groups, rng=rng, today=today)
    if courses:
        # Fresh statistics, so that the planner knows the bulk-loaded tables at once.
        with connection.cursor() as cursor:
            for model in (Course, Group, Slot, Child, Enrollment):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return {"courses": len(courses), "groups": len(groups), "enrollments": enrollment_count}


def _enroll_children(groups, *, rng, today) -> int:
    """Each demo child attends one group, so no schedule can clash; most parents have two children."""
    password = make_password(None)  # demo parents cannot sign in; the published demo parent can
    plans = []  # (group, number enrolled, number waiting)
    for group in groups:
        if rng.random() < 0.15:
            plans.append((group, group.capacity, rng.randint(1, 6)))
        else:
            plans.append((group, rng.randint(0, group.capacity - 1), 0))
    children_needed = sum(enrolled + waiting for _group, enrolled, waiting in plans)
    parent_count = (children_needed + 1) // 2
    first_new = User.objects.filter(email__startswith="parent-").count()
    parents = []
    for n in range(first_new, first_new + parent_count):
        first_name, last_name = PARENT_NAMES[n % len(PARENT_NAMES)]
        parents.append(
            User(
                email=f"parent-{n:06d}@demo.imoscow.example",
                first_name=first_name,
                last_name=last_name,
                password=password,
            )
        )
    User.objects.bulk_create(parents, batch_size=5000)

    children, rows = [], []
    now = timezone.now()
    for group, enrolled, waiting in plans:
        course = group.course
        for place in range(enrolled + waiting):
            parent = parents[len(children) // 2]
            age = rng.randint(course.min_age, course.max_age)
            child = Child(
                parent=parent,
                name=f"{rng.choice(CHILD_NAMES)} {rng.choice(SURNAME_INITIALS)}.",
                birth_date=_birth_date(rng, today, age),
            )
            children.append(child)
            status = Status.ENROLLED if place < enrolled else Status.WAITLISTED
            rows.append((group, child, status))
    Child.objects.bulk_create(children, batch_size=5000)

    enrollments = [
        Enrollment(
            group=group,
            child=child,
            status=status,
            enrolled_at=now - datetime.timedelta(days=rng.randint(1, 40)) if status == Status.ENROLLED else None,
        )
        for group, child, status in rows
    ]
    Enrollment.objects.bulk_create(enrollments, batch_size=5000)
    EnrollmentEvent.objects.bulk_create(
        [
            EnrollmentEvent(enrollment=enrollment, from_status="", to_status=enrollment.status, comment="demo data")
            for enrollment in enrollments
        ],
        batch_size=5000,
    )
    return len(enrollments)


def _demo_logins(*, rng, stdout) -> None:
    centre = Organization.objects.filter(kind=Organization.Kind.YOUTH_CENTRE).order_by("pk").first()
    if centre is None:
        return
    admin = demo_user(CENTRE_ADMIN_EMAIL, CENTRE_ADMIN_PASSWORD, first_name="Галина", last_name="Фёдорова")
    Membership.objects.get_or_create(user=admin, organization=centre, defaults={"role": Membership.Role.ADMIN})

    parent = demo_user(PARENT_EMAIL, PARENT_PASSWORD, first_name="Ольга", last_name="Никитина")
    if Child.objects.filter(parent=parent).exists():
        return
    today = timezone.localdate()
    masha = services.child_create(user=parent, name="Маша Никитина", birth_date=_birth_date(rng, today, 11))
    services.child_create(user=parent, name="Петя Никитин", birth_date=_birth_date(rng, today, 8))
    # Masha attends two groups and waits for a seat in a full one; the services check age and clashes.
    candidates = list(
        groups_with_seats(Group.objects.filter(course__min_age__lte=11, course__max_age__gte=11, ends_on__gte=today))
        .select_related("course")
        .filter(course__organization__okrug=centre.okrug)
        .order_by("pk")[:60]
    )
    wanted = {"free": 2, "full": 1}
    for group in candidates:
        kind = "free" if group.seats_left and not group.waitlist_count else "full"
        if not wanted[kind]:
            continue
        try:
            services.enrollment_create(child=masha, group=group, user=parent)
        except DomainError:
            continue
        wanted[kind] -= 1
    stdout.write(
        f"Demo logins: parent {PARENT_EMAIL} / {PARENT_PASSWORD}, "
        f"youth centre admin {CENTRE_ADMIN_EMAIL} / {CENTRE_ADMIN_PASSWORD}"
    )


def seed(*, scale, rng, stdout):
    today = timezone.localdate()
    centres = list(
        Organization.objects.filter(kind=Organization.Kind.YOUTH_CENTRE, courses__isnull=True).order_by("pk").distinct()
    )
    stats = add_courses(centres, rng=rng, today=today)
    _demo_logins(rng=rng, stdout=stdout)
    stdout.write(
        f"Demo data: {stats['courses']} courses, {stats['groups']} groups, {stats['enrollments']} enrollments "
        f"at {len(centres)} youth centres."
    )
