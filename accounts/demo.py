"""Demo users whose logins `make run` prints."""

from allauth.account.models import EmailAddress

from accounts.models import User

STAFF_EMAIL = "staff@imoscow.example"
STAFF_PASSWORD = "staff-demo-2026"  # noqa: S105 — a published demo login, never used in production
COMPANY_ADMIN_EMAIL = "company@imoscow.example"
COMPANY_ADMIN_PASSWORD = "company-demo-2026"  # noqa: S105


def demo_user(email: str, password: str, **fields) -> User:
    """A user who can sign in at once: password set, email verified."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, **fields)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(*, scale, rng, stdout):
    demo_user(
        STAFF_EMAIL,
        STAFF_PASSWORD,
        first_name="Ирина",
        last_name="Соколова",
        is_staff=True,
        is_superuser=True,
    )
    demo_user(COMPANY_ADMIN_EMAIL, COMPANY_ADMIN_PASSWORD, first_name="Алексей", last_name="Морозов")
