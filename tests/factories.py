"""factory_boy factories for rows that tests need as a starting point.

State changes (booking, applying, enrolling) are made by calling the real services, not by factories.
"""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from directory.models import Industry, Membership, Okrug, Organization


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """Users can sign in straight away unless a test asks for `verified_email=False`."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"industry-{n}")
    name_ru = factory.Sequence(lambda n: f"Отрасль {n}")
    name_en = factory.Sequence(lambda n: f"Industry {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.COMPANY
    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organization {n}")
    description_ru = "Описание организации."
    description_en = "About the organization."
    address = "г. Москва, ул. Тверская, д. 1"
    okrug = Okrug.CENTRAL
    latitude = "55.757000"
    longitude = "37.615000"
    is_verified = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.ADMIN
