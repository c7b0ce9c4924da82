"""Directory rows for tests. Organizations made here get their search terms from the real service."""

import factory

from directory.models import Accreditation, Capability, Organization
from directory.services import organization_search_terms_refresh
from tests.factories import IndustryFactory, OrganizationFactory


class DirectoryOrganizationFactory(OrganizationFactory):
    """An organization with capabilities, industries and accreditations, searchable like a real one.

    `DirectoryOrganizationFactory(industries=[robotics], standards=["gost_r"])`.
    """

    capabilities = factory.LazyFunction(list)

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def industries(organization, create, extracted, **kwargs):
        if create and extracted:
            organization.industries.set(extracted)

    @factory.post_generation
    def standards(organization, create, extracted, **kwargs):
        if create and extracted:
            Accreditation.objects.bulk_create(
                [Accreditation(organization=organization, standard=standard) for standard in extracted]
            )

    @factory.post_generation
    def search_terms(organization, create, extracted, **kwargs):
        if create:
            organization_search_terms_refresh(organization=organization)


class ParkFactory(DirectoryOrganizationFactory):
    kind = Organization.Kind.TECHNOPARK
    name_ru = factory.Sequence(lambda n: f"Технопарк «Парк {n}»")
    name_en = factory.Sequence(lambda n: f"Park {n} Technopark")


class LaboratoryFactory(DirectoryOrganizationFactory):
    kind = Organization.Kind.LABORATORY
    capabilities = factory.LazyFunction(lambda: [Capability.TEST])


__all__ = ["DirectoryOrganizationFactory", "IndustryFactory", "LaboratoryFactory", "ParkFactory"]
