"""Demo vacancies, candidates and applications: realistic for Moscow, deterministic, added only where missing.

At scale 1 the first copy of the directory's companies (about 155 that may post) publish 11-19 vacancies
each and research centres, laboratories and universities a few: more than 2,000 open vacancies, plus
drafts, vacancies on moderation and closed ones, and applications of demo candidates. Further copies
(--scale N) are smaller employers with 0-2 vacancies each, so --scale 75 gives about 16,000 vacancies
(generating the stored search vectors is what takes the time);
the benchmark (jobs/bench.py) tops that up to 100,000.
"""

import datetime
import html

from django.utils import timezone

from accounts.demo import STAFF_EMAIL, demo_user
from accounts.models import User
from alerts.models import SavedSearch
from directory.models import Okrug, Organization
from jobs import demo_text as text
from jobs.bulk import copy_insert
from jobs.models import Application, ApplicationEvent, EmploymentType, Experience, Vacancy, VacancyEvent, WorkFormat

State = Vacancy.State
Kind = Organization.Kind
CANDIDATE_EMAIL = "candidate@imoscow.example"
CANDIDATE_PASSWORD = "candidate-demo-2026"  # noqa: S105 — a published demo login, never used in production
# How many organizations of each kind the directory's demo makes per copy (see directory/demo.py).
FIRST_COPY = {Kind.COMPANY: 160, Kind.RESEARCH_CENTRE: 20, Kind.LABORATORY: 26, Kind.UNIVERSITY: 8, Kind.TECHNOPARK: 24}
OKRUGS = list(Okrug)


def _lower_first(title: str) -> str:
    return title[0].lower() + title[1:] if title and "А" <= title[0] <= "Я" else title


def _choose(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _round(amount: float) -> int:
    return int(round(amount / 5000) * 5000)


def _description(rng, company, profile, experience, work_format, skills, english):
    """The description as Markdown and the same text as the HTML that Markdown renders to."""
    _ru_titles, _en_titles, _skills, tasks_ru, tasks_en = text.PROFILES[profile]
    name = company.name_en if english and company.name_en else company.name_ru
    if english:
        intro = f"**{name}** is a Moscow technology company"
        intro += f", a resident of {company.park.name_en}." if company.park_id else "."
        intro += " We are growing the team and looking for a colleague."
        titles = ("Responsibilities", "Requirements", "We offer")
        tasks = rng.sample(tasks_en, k=3)
        requirements = [text.EXPERIENCE_PHRASES[experience][1], "hands-on skills: " + ", ".join(skills)]
        conditions = rng.sample(text.CONDITIONS_EN, k=3) + [text.FORMAT_PHRASES[work_format][1]]
    else:
        intro = f"**{name}** — технологическая компания Москвы"
        intro += f", резидент площадки «{company.park.name_ru}»." if company.park_id else "."
        intro += " Команда растёт, и мы ищем коллегу."
        titles = ("Задачи", "Требования", "Условия")
        tasks = rng.sample(tasks_ru, k=3)
        requirements = [text.EXPERIENCE_PHRASES[experience][0], "уверенное владение: " + ", ".join(skills)]
        conditions = rng.sample(text.CONDITIONS_RU, k=3) + [text.FORMAT_PHRASES[work_format][0]]
    sections = list(zip(titles, (tasks, requirements, conditions), strict=True))
    markdown = (
        intro
        + "\n\n"
        + "\n\n".join(f"### {title}\n" + "\n".join(f"- {item}" for item in items) for title, items in sections)
    )
    rest = intro[len(name) + 4 :]  # after "**name**"
    intro_html = f"<p><strong>{html.escape(name, quote=False)}</strong>{html.escape(rest, quote=False)}</p>"
    body_html = "\n".join(
        f"<h3>{title}</h3>\n<ul>\n"
        + "\n".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items)
        + "\n</ul>"
        for title, items in sections
    )
    return markdown, intro_html + "\n" + body_html


def build_vacancy(rng, company, *, industry_id, state, now, created_by_id=None) -> Vacancy:
    """One realistic vacancy of `company` (unsaved), in `state`, with dates relative to `now`."""
    profile = _choose(rng, text.PROFILE_WEIGHTS)
    titles_ru, titles_en, skills_pool, _tasks_ru, _tasks_en = text.PROFILES[profile]
    english = rng.random() < 0.22
    experience = rng.choices(list(Experience), weights=[10, 40, 35, 15])[0]
    level_ru, level_en, multiplier = text.LEVELS[experience]
    base = rng.choice(titles_en if english else titles_ru)
    title = (level_en if english else level_ru).format(title=base, lower=_lower_first(base))
    work_format = rng.choices(list(WorkFormat), weights=[50, 32, 18])[0]
    employment = _choose(rng, text.EMPLOYMENT_WEIGHTS)
    if experience == Experience.NONE and rng.random() < 0.5:
        employment = EmploymentType.INTERNSHIP
    salary_min = salary_max = None
    roll = rng.random()
    middle = text.BASE_SALARY[profile] * multiplier * rng.uniform(0.8, 1.25)
    if roll < 0.68:
        salary_min, salary_max = _round(middle * 0.85), _round(middle * rng.uniform(1.1, 1.45))
    elif roll < 0.8:
        salary_min = _round(middle)
    elif roll < 0.85:
        salary_max = _round(middle * 1.2)
    skills = rng.sample(skills_pool, k=min(len(skills_pool), rng.randint(3, 6)))
    markdown, description_html = _description(rng, company, profile, experience, work_format, skills, english)

    vacancy = Vacancy(
        company=company,
        created_by_id=created_by_id,
        title=title,
        description=markdown,
        description_html=description_html,
        profile=profile,
        industry_id=industry_id,
        park_id=company.park_id,
        okrug=company.okrug if rng.random() < 0.9 else rng.choice(OKRUGS),
        work_format=work_format,
        salary_min=salary_min,
        salary_max=salary_max,
        employment_type=employment,
        experience=experience,
        skills=", ".join(skills),
        state=state,
    )
    if state == State.PUBLISHED:
        vacancy.published_at = now - datetime.timedelta(minutes=rng.randint(10, 29 * 24 * 60))
        vacancy.expires_at = vacancy.published_at + datetime.timedelta(days=30)
    elif state == State.CLOSED:
        vacancy.published_at = now - datetime.timedelta(days=rng.randint(31, 120))
        vacancy.expires_at = vacancy.published_at + datetime.timedelta(days=30)
        vacancy.closed_at = vacancy.published_at + datetime.timedelta(days=rng.randint(5, 30))
    elif state == State.DRAFT and rng.random() < 0.3:
        vacancy.rejection_reason = rng.choice(
            [
                "Укажите зарплатную вилку или уберите из описания слово «достойная».",
                "В описании нет обязанностей: добавьте, чем будет заниматься сотрудник.",
                "Название должно описывать должность, без восклицательных знаков.",
            ]
        )
    return vacancy


def events_for(vacancy: Vacancy, *, staff_id) -> list[VacancyEvent]:
    """The history a vacancy in its state would have: created, sent to moderation, published, closed."""
    events = [VacancyEvent(vacancy=vacancy, actor_id=vacancy.created_by_id, from_state="", to_state=State.DRAFT)]
    if vacancy.state in (State.MODERATION, State.PUBLISHED, State.CLOSED):
        events.append(
            VacancyEvent(
                vacancy=vacancy, actor_id=vacancy.created_by_id, from_state=State.DRAFT, to_state=State.MODERATION
            )
        )
    if vacancy.state in (State.PUBLISHED, State.CLOSED):
        events.append(
            VacancyEvent(vacancy=vacancy, actor_id=staff_id, from_state=State.MODERATION, to_state=State.PUBLISHED)
        )
    if vacancy.state == State.CLOSED:
        events.append(
            VacancyEvent(
                vacancy=vacancy, actor_id=vacancy.created_by_id, from_state=State.PUBLISHED, to_state=State.CLOSED
            )
        )
    elif vacancy.state == State.DRAFT and vacancy.rejection_reason:
        events += [
            VacancyEvent(
                vacancy=vacancy, actor_id=vacancy.created_by_id, from_state=State.DRAFT, to_state=State.MODERATION
            ),
            VacancyEvent(
                vacancy=vacancy,
                actor_id=staff_id,
                from_state=State.MODERATION,
                to_state=State.DRAFT,
                comment=vacancy.rejection_reason,
            ),
        ]
    return events


def employers():
    """Organizations that may post (verified or resident), in a fixed order, with their first industry."""
    organizations = list(
        Organization.objects.filter(
            kind__in=[Kind.COMPANY, Kind.RESEARCH_CENTRE, Kind.LABORATORY, Kind.UNIVERSITY, Kind.TECHNOPARK]
        )
        .exclude(is_verified=False, park__isnull=True)
        .select_related("park")
        .only(
            "pk",
            "kind",
            "slug",
            "name_ru",
            "name_en",
            "okrug",
            "park_id",
            "is_verified",
            "park__name_ru",
            "park__name_en",
        )
        .order_by("pk")
    )
    through = Organization.industries.through
    first_industry = {}
    for organization_id, industry_id in through.objects.order_by("-pk").values_list("organization_id", "industry_id"):
        first_industry[organization_id] = industry_id
    return organizations, first_industry


def random_state(rng) -> str:
    roll = rng.random()
    if roll < 0.88:
        return State.PUBLISHED
    if roll < 0.92:
        return State.CLOSED
    if roll < 0.965:
        return State.DRAFT
    return State.MODERATION


def seed(*, scale, rng, stdout):
    now = timezone.now()
    staff = User.objects.filter(email=STAFF_EMAIL).only("pk").first()
    staff_id = staff.pk if staff else None
    organizations, first_industry = employers()
    already = set(Vacancy.objects.values_list("company_id", flat=True).distinct())
    seen = dict.fromkeys(FIRST_COPY, 0)
    vacancies = []
    for organization in organizations:
        # The first copy of each kind (as at --scale 1) are the big employers; later copies are smaller.
        big = seen[organization.kind] < FIRST_COPY[organization.kind]
        seen[organization.kind] += 1
        if organization.kind == Kind.COMPANY:
            count = rng.randint(11, 19) if big else rng.randint(0, 2)
        else:
            count = rng.randint(1, 5) if big else int(rng.random() < 0.25)
        planned = [
            build_vacancy(
                rng, organization, industry_id=first_industry.get(organization.pk), state=random_state(rng), now=now
            )
            for _ in range(count)
        ]
        if organization.pk not in already:  # idempotent: the rng is consumed all the same
            for vacancy in planned:
                vacancy._big = big
            vacancies.extend(planned)
    copy_insert(Vacancy, vacancies)
    copy_insert(VacancyEvent, [event for vacancy in vacancies for event in events_for(vacancy, staff_id=staff_id)])
    applications = _seed_candidates_and_applications(rng, [v for v in vacancies if v._big], scale=scale, now=now)
    _seed_saved_searches(now)
    published = sum(1 for v in vacancies if v.state == State.PUBLISHED)
    stdout.write(
        f"Demo data: {len(vacancies)} vacancies added ({published} published), {applications} applications "
        f"({Vacancy.objects.count()} vacancies in all)."
    )


def _seed_candidates_and_applications(rng, vacancies, *, scale, now) -> int:
    candidate = demo_user(CANDIDATE_EMAIL, CANDIDATE_PASSWORD, first_name="Мария", last_name="Лебедева")
    emails = [f"candidate{n}@example.com" for n in range(1, 40 * scale + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new_users = []
    for n, email in enumerate(emails):
        if email not in existing:
            user = User(
                email=email,
                first_name=text.FIRST_NAMES[n % len(text.FIRST_NAMES)],
                last_name=text.LAST_NAMES[(n // len(text.FIRST_NAMES)) % len(text.LAST_NAMES)],
            )
            user.set_unusable_password()
            new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=2000)
    candidates = [candidate, *User.objects.filter(email__in=emails).order_by("pk")]

    statuses = list(Application.Status)
    applications = []
    open_ones = [v for v in vacancies if v.state in (State.PUBLISHED, State.CLOSED)]
    for index, vacancy in enumerate(open_ones):
        count = rng.choices([0, 1, 2, 3, 5], weights=[35, 25, 20, 12, 8])[0]
        if index < 6:
            applicants = [candidate]  # the demo candidate has a few applications to look at
        else:
            applicants = rng.sample(candidates[1:], k=min(count, len(candidates) - 1))
        for applicant in applicants:
            status = rng.choices(statuses, weights=[45, 25, 15, 15])[0]
            application = Application(
                vacancy=vacancy,
                candidate=applicant,
                cover_letter=rng.choice(text.COVER_LETTERS),
                profile_url=f"https://hh.ru/resume/{rng.getrandbits(64):016x}",
                status=status,
                status_changed_at=None if status == Application.Status.NEW else now,
            )
            applications.append(application)
    copy_insert(Application, applications)
    events = []
    for application in applications:
        events.append(
            ApplicationEvent(application=application, actor=application.candidate, to_status=Application.Status.NEW)
        )
        if application.status != Application.Status.NEW:
            events.append(
                ApplicationEvent(
                    application=application, from_status=Application.Status.NEW, to_status=application.status
                )
            )
    copy_insert(ApplicationEvent, events)
    return len(applications)


def _seed_saved_searches(now) -> None:
    """The demo candidate keeps two searches, last opened three days ago, so "new since your last visit" shows."""
    candidate = User.objects.filter(email=CANDIDATE_EMAIL).first()
    if candidate is None:
        return
    for query, title, frequency in (
        ("format=remote&q=python", "python · Удалённо", SavedSearch.Frequency.DAILY),
        ("profile=hardware", "Электроника и аппаратура", SavedSearch.Frequency.WEEKLY),
    ):
        SavedSearch.objects.get_or_create(
            user=candidate,
            area="jobs",
            query=query,
            defaults={"title": title, "frequency": frequency, "last_seen_at": now - datetime.timedelta(days=3)},
        )
