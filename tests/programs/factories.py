"""Programs and measures for tests; applications are made by calling the real services."""

import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory.models import Membership
from programs import eligibility, services
from programs.models import Application, FormField, Measure, Program, ScreeningQuestion
from tests.factories import IndustryFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _letters(n: int) -> str:
    return "P" + "".join(chr(ord("A") + int(digit)) for digit in str(n)).rjust(1, "A")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    kind = Program.Kind.EXPORT
    code = factory.Sequence(_letters)
    slug = factory.Sequence(lambda n: f"program-{n}")
    title_ru = factory.Sequence(lambda n: f"Программа поддержки экспорта {n}")
    title_en = factory.Sequence(lambda n: f"Export support program {n}")
    summary_ru = "Поддержка выхода на зарубежные рынки."
    summary_en = "Support for entering foreign markets."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    kind = Measure.Kind.GRANT
    slug = factory.Sequence(lambda n: f"measure-{n}")
    title_ru = factory.Sequence(lambda n: f"Грант на развитие {n}")
    title_en = factory.Sequence(lambda n: f"Development grant {n}")
    summary_ru = "Деньги на развитие."
    summary_en = "Money for growth."
    provider_ru = "Фонд"
    provider_en = "Fund"


# key, kind, required, choices
STANDARD_FIELDS = [
    ("product", FormField.Kind.TEXT, True, ""),
    ("employees", FormField.Kind.INTEGER, True, ""),
    ("markets", FormField.Kind.MULTIPLE_CHOICE, True, "cis | СНГ | CIS\nchina | Китай | China\nindia | Индия | India"),
    ("website", FormField.Kind.URL, False, ""),
    ("consent", FormField.Kind.BOOLEAN, True, ""),
    ("deck", FormField.Kind.DOCUMENT, True, ""),
]
CLUSTER_FIELDS = [
    (
        "cluster_role",
        FormField.Kind.CHOICE,
        True,
        "developer | Разработчик | Developer\ninvestor | Инвестор | Investor",
    ),
    ("industry", FormField.Kind.INDUSTRY, True, ""),
    ("activity", FormField.Kind.TEXTAREA, True, ""),
]


def add_fields(program, fields):
    for position, (key, kind, required, choices) in enumerate(fields):
        FormField.objects.create(
            program=program,
            key=key,
            kind=kind,
            required=required,
            choices=choices,
            label_ru=f"Поле {key}",
            label_en=f"Field {key}",
            position=position,
        )
    return program


def export_program(**kwargs) -> Program:
    program = add_fields(ProgramFactory(**kwargs), STANDARD_FIELDS)
    ScreeningQuestion.objects.create(
        program=program, text_ru="Есть ли долги по налогам?", text_en="Do you owe taxes?", required_answer=False
    )
    return program


def cluster_program(**kwargs) -> Program:
    kwargs.setdefault("kind", Program.Kind.CLUSTER)
    return add_fields(ProgramFactory(**kwargs), CLUSTER_FIELDS)


FITTING = eligibility.Profile(
    founded_year=2015,
    headcount=50,
    revenue=Decimal("100"),
    industries=frozenset({"software"}),
    is_resident=True,
    registered_in_moscow=True,
    okrug="cao",
)


def answers_for(program) -> dict:
    return {question.key: question.required_answer for question in program.screening_questions.all()}


def pdf(name="deck.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def complete_values(program) -> dict:
    if program.kind == Program.Kind.CLUSTER:
        return {"cluster_role": "investor", "industry": IndustryFactory(slug="software").slug, "activity": "Инвестиции"}
    return {"product": "Контроллер", "employees": "12", "markets": ["cis", "india"], "website": "", "consent": "on"}


def start(program, organization, user) -> Application:
    return services.application_start(
        program=program, organization=organization, user=user, profile=FITTING, answers=answers_for(program)
    )


def submitted(program, organization, user) -> Application:
    application = start(program, organization, user)
    uploads = {"deck": pdf()} if program.fields.filter(key="deck").exists() else None
    return services.application_submit(
        application=application, user=user, values=complete_values(program), uploads=uploads
    )


def staff_user():
    return UserFactory(is_staff=True)


def application_in(status, program, organization, applicant, staff) -> Application:
    """Drive an application through the real services to `status`."""
    Status = Application.Status
    if status == Status.DRAFT:
        return start(program, organization, applicant)
    application = submitted(program, organization, applicant)
    if status == Status.SUBMITTED:
        return application
    services.application_start_review(application=application, user=staff)
    if status == Status.IN_REVIEW:
        return application
    if status == Status.INFO_REQUESTED:
        return services.application_request_info(application=application, user=staff, comment="Приложите отчёт.")
    if status == Status.APPROVED:
        return services.application_approve(application=application, user=staff)
    return services.application_reject(application=application, user=staff, comment="Не подходит.")


def member(organization, role=Membership.Role.EDITOR):
    return Membership.objects.create(organization=organization, user=UserFactory(), role=role).user
