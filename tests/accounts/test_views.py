import re

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "a-long-and-unusual-passphrase-42"


def _link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_sign_up_verify_email_then_sign_in(client):
    response = client.post(
        reverse("account_signup"), {"email": "Anna@Example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="anna@example.com")

    # Until the address is verified the account cannot sign in.
    client.logout()
    response = client.post(reverse("account_login"), {"login": "anna@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) >= 1
    confirm_path = _link_in(mail.outbox[-1])
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post(reverse("account_login"), {"login": "anna@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_signup_form_keeps_the_email_and_shows_the_error(client):
    response = client.post(
        reverse("account_signup"), {"email": "kirill@example.com", "password1": "1", "password2": "2"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="kirill@example.com"' in body
    assert "errorlist" in body or "error" in body


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="olga@example.com")
    client.post(reverse("account_reset_password"), {"email": "olga@example.com"})
    assert len(mail.outbox) == 1
    reset_path = _link_in(mail.outbox[0])
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(form_path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "correct-horse-battery", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_failed_logins_are_rate_limited(client):
    user = UserFactory(email="target@example.com")
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client, staff):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))

    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_non_staff_cannot_open_the_admin(client, user):
    client.force_login(user)
    assert client.get(reverse("admin:login")).status_code == 403


@pytest.mark.django_db
def test_email_is_unique_regardless_of_case_in_the_database():
    UserFactory(email="same@example.com")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="SAME@Example.com")])  # bypasses save(): the constraint decides
