"""Jobs test data. Vacancies and applications reach their states through the real services."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Membership
from jobs import services
from jobs.models import EmploymentType, Experience, Profile, WorkFormat
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


def vacancy_fields(**overrides) -> dict:
    fields = {
        "title": "Инженер-конструктор",
        "description": "Проектирование узлов в **SolidWorks**.\n\n- расчёты\n- испытания",
        "profile": Profile.ENGINEERING,
        "industry": None,
        "okrug": "",
        "work_format": WorkFormat.ON_SITE,
        "salary_min": 120_000,
        "salary_max": 180_000,
        "employment_type": EmploymentType.FULL_TIME,
        "experience": Experience.ONE_TO_THREE,
        "skills": "SolidWorks, ANSYS",
    }
    fields.update(overrides)
    return fields


def company_with_recruiter(**organization_fields):
    """(company, recruiter): a verified company and a user who hires for it."""
    company = OrganizationFactory(**{"is_verified": True, **organization_fields})
    recruiter = MembershipFactory(organization=company, role=Membership.Role.RECRUITER).user
    return company, recruiter


def draft_vacancy(company=None, user=None, **fields):
    if company is None:
        company, user = company_with_recruiter()
    if user is None:
        user = MembershipFactory(organization=company, role=Membership.Role.RECRUITER).user
    return services.vacancy_create(company=company, user=user, **vacancy_fields(**fields))


def published_vacancy(company=None, user=None, *, staff=None, now=None, **fields):
    vacancy = draft_vacancy(company, user, **fields)
    services.vacancy_submit(vacancy=vacancy, user=user or vacancy.created_by)
    staff = staff or UserFactory(is_staff=True)
    return services.vacancy_approve(vacancy=vacancy, user=staff, now=now)


def days_ago(days: float):
    from django.utils import timezone

    return timezone.now() - datetime.timedelta(days=days)


# --- Resume files ----------------------------------------------------------------------------------------


def pdf_bytes(size: int = 0) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    padding = b"%" + b"0" * max(0, size - len(body) - 8) + b"\n" if size else b""
    return body + padding + b"%%EOF\n"


def pdf_upload(name="resume.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(size), content_type="application/pdf")


def docx_upload(name="resume.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def odt_upload(name="resume.odt") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def text_renamed_as_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("resume.pdf", "Я — резюме в виде текста".encode(), content_type="application/pdf")
