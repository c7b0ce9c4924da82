"""A small public world for the API's tests: organizations of several kinds, measures, programs, cluster
participants and courses, each made different on exactly the points the filters look at."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from directory.models import Accreditation, Capability, Okrug, Organization
from programs.models import ClusterParticipant, Measure, Program
from tests.courses.factories import CourseFactory, GroupFactory, YouthCentreFactory
from tests.factories import IndustryFactory, OrganizationFactory, UserFactory
from tests.jobs.factories import days_ago, published_vacancy, vacancy_fields
from tests.programs.factories import MeasureFactory, ProgramFactory


@pytest.fixture
def api(db):
    """A client for the API that reads JSON answers."""
    return Client()


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.content[:500])
    return response.json()


def slugs(payload) -> list[str]:
    return [row["slug"] for row in payload["results"]]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    now = timezone.now()
    robotics = IndustryFactory(slug="robotics", name_ru="Робототехника", name_en="Robotics")
    biotech = IndustryFactory(slug="biotech", name_ru="Биотехнологии", name_en="Biotech")

    park = OrganizationFactory(
        slug="tech-park", kind=Organization.Kind.TECHNOPARK, name_ru="Технопарк Альфа", name_en="Alpha Park"
    )
    lab = OrganizationFactory(
        slug="test-lab",
        kind=Organization.Kind.LABORATORY,
        name_ru="Испытательная лаборатория Бета",
        name_en="Beta Testing Lab",
        okrug=Okrug.WESTERN,
        capabilities=[Capability.TEST, Capability.CERTIFY],
        park=park,
    )
    lab.industries.add(robotics)
    Accreditation.objects.create(
        organization=lab,
        standard=Accreditation.Standard.ISO_17025,
        certificate_number="RA.RU.1",
        valid_until=today + datetime.timedelta(days=365),
    )
    company = OrganizationFactory(
        slug="gamma-robots",
        kind=Organization.Kind.COMPANY,
        name_ru="Гамма Роботикс",
        name_en="Gamma Robotics",
        okrug=Okrug.NORTHERN,
        capabilities=[Capability.DESIGN],
        is_verified=False,
        email="=HYPERLINK(evil)",
    )
    company.industries.add(biotech)
    Accreditation.objects.create(
        organization=company,
        standard=Accreditation.Standard.ISO_9001,
        certificate_number="Q-2",
        valid_until=today - datetime.timedelta(days=1),
    )
    centre = YouthCentreFactory(slug="quantorium", okrug=Okrug.CENTRAL)

    # Measures: published ones differ in kind, industries, okrugs and window; one unpublished.
    grant = MeasureFactory(
        slug="robot-grant",
        kind=Measure.Kind.GRANT,
        title_ru="Грант на робототехнику",
        title_en="Robotics grant",
        okrugs=[Okrug.WESTERN],
        opens_on=today - datetime.timedelta(days=5),
        deadline=today + datetime.timedelta(days=5),
    )
    grant.industries.add(robotics)
    loan = MeasureFactory(
        slug="any-loan",
        kind=Measure.Kind.LOAN,
        title_ru="Льготный заём",
        title_en="Soft loan",
        deadline=today - datetime.timedelta(days=1),
    )
    bio = MeasureFactory(slug="bio-subsidy", kind=Measure.Kind.SUBSIDY, title_ru="Субсидия биотехам")
    bio.industries.add(biotech)

    open_program = ProgramFactory(slug="export-now", kind=Program.Kind.EXPORT)
    closed_program = ProgramFactory(
        slug="cluster-later",
        kind=Program.Kind.CLUSTER,
        opens_at=now + datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=40),
    )

    developer = ClusterParticipant.objects.create(
        organization=lab, role=ClusterParticipant.Role.DEVELOPER, industry=robotics, okrug=lab.okrug
    )
    investor = ClusterParticipant.objects.create(
        organization=company, role=ClusterParticipant.Role.INVESTOR, industry=biotech, okrug=company.okrug
    )

    robots = CourseFactory(
        organization=centre, title_ru="Роботы на Arduino", title_en="Arduino robots", min_age=7, max_age=12
    )
    robots_group = GroupFactory(course=robots, slots=[(1, "16:00", "17:30")], capacity=8)
    python = CourseFactory(
        organization=centre,
        title_ru="Программирование на Python",
        title_en="Python programming",
        topic="programming",
        min_age=12,
        max_age=17,
        price_per_month=3000,
        okrug=Okrug.NORTHERN,
    )
    GroupFactory(course=python, slots=[(5, "10:00", "11:30")])

    staff = UserFactory(is_staff=True)
    python_job = published_vacancy(
        lab,
        staff=staff,
        **vacancy_fields(
            title="Python-разработчик",
            profile="software",
            industry=robotics,
            okrug=Okrug.WESTERN,
            work_format="remote",
            salary_min=200_000,
            salary_max=300_000,
            employment_type="full_time",
            experience="3_6",
            skills="Python, Django",
        ),
    )
    engineer_job = published_vacancy(
        park,
        staff=staff,
        now=days_ago(10),
        **vacancy_fields(
            title="Инженер-испытатель",
            profile="engineering",
            industry=biotech,
            okrug=Okrug.NORTHERN,
            work_format="on_site",
            salary_min=None,
            salary_max=None,
            employment_type="internship",
            experience="none",
            skills="",
        ),
    )
    return SimpleNamespace(**locals())
