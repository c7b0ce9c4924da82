"""schema.org JobPosting for search engines (https://developers.google.com/search/docs/appearance/structured-data/job-posting)."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from jobs.models import EmploymentType, Vacancy, WorkFormat

EMPLOYMENT_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.INTERNSHIP: "INTERN",
    EmploymentType.PROJECT: "CONTRACTOR",
}
MONTHS_OF_EXPERIENCE = {"none": 0, "1_3": 12, "3_6": 36, "6_plus": 72}
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def job_posting(vacancy: Vacancy, *, absolute_url) -> dict:
    """The JobPosting of a vacancy. `absolute_url(path)` makes a full address of a path."""
    company = vacancy.company
    organization = {"@type": "Organization", "name": company.name, "url": absolute_url(company.get_absolute_url())}
    if company.website:
        organization["sameAs"] = company.website
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description_html or strip_tags(vacancy.description),
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(vacancy.pk)},
        "datePosted": (vacancy.published_at or vacancy.created).date().isoformat(),
        "validThrough": vacancy.expires_at.isoformat() if vacancy.expires_at else None,
        "hiringOrganization": organization,
        "employmentType": EMPLOYMENT_TYPES[vacancy.employment_type],
        "url": absolute_url(vacancy.get_absolute_url()),
        "occupationalCategory": str(vacancy.profile_label),
    }
    if not data["validThrough"]:
        del data["validThrough"]
    if vacancy.industry_id:
        data["industry"] = vacancy.industry.name
    if vacancy.skills:
        data["skills"] = vacancy.skills
    if vacancy.experience in MONTHS_OF_EXPERIENCE and vacancy.experience != "none":
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": MONTHS_OF_EXPERIENCE[vacancy.experience],
        }
    if vacancy.work_format == WorkFormat.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "RU"}
    if vacancy.work_format != WorkFormat.REMOTE or company.address:
        address = {"@type": "PostalAddress", "addressLocality": "Москва", "addressCountry": "RU"}
        if company.address:
            address["streetAddress"] = company.address
        if vacancy.okrug:
            address["addressRegion"] = str(vacancy.okrug_label)
        data["jobLocation"] = {"@type": "Place", "address": address}
    if vacancy.salary_min or vacancy.salary_max:
        value = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if vacancy.salary_min:
            value["minValue"] = vacancy.salary_min
        if vacancy.salary_max:
            value["maxValue"] = vacancy.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "RUB", "value": value}
    return data


def as_script_content(data: dict) -> str:
    """JSON safe to place inside <script type="application/ld+json"> (no "</script>" can close it)."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308 (escaped above)
