"""Logos are checked by content, bounded in size and dimensions, and re-encoded (foundation, issue 2)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from directory.models import Membership
from tests.factories import MembershipFactory


def _png(width=200, height=120, color=(200, 20, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_client(client):
    membership = MembershipFactory(role=Membership.Role.EDITOR)
    client.force_login(membership.user)
    client.organization = membership.organization
    return client


def _upload(client, content, name):
    organization = client.organization
    return client.post(
        reverse("directory:edit", args=[organization.slug]),
        {"name_ru": organization.name_ru, "okrug": "cao", "logo": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
def test_a_real_png_is_accepted_and_stored_under_a_server_chosen_name(editor_client):
    response = _upload(editor_client, _png(), "../../etc/evil name.png")
    assert response.status_code == 302
    organization = editor_client.organization
    organization.refresh_from_db()
    assert organization.logo.name.startswith("logos/")
    assert "evil" not in organization.logo.name
    with Image.open(organization.logo.path) as stored:
        assert stored.format == "PNG" and stored.size == (200, 120)


@pytest.mark.django_db
def test_a_text_file_renamed_to_png_is_refused(editor_client):
    response = _upload(editor_client, b"<?php echo 'not an image'; ?>" * 10, "logo.png")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["logo"][0].code == "not_an_image"


@pytest.mark.django_db
def test_an_oversized_file_is_refused(editor_client):
    response = _upload(editor_client, _png() + b"\0" * (2 * 1024 * 1024), "big.png")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["logo"][0].code == "too_large"


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused_before_decoding(editor_client):
    # 20000×20000 pixels of one colour compress to a few hundred kilobytes.
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    response = _upload(editor_client, buffer.getvalue(), "bomb.png")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["logo"][0].code == "too_big_dimensions"


@pytest.mark.django_db
def test_a_gif_is_refused_even_though_pillow_can_read_it(editor_client):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="GIF")
    response = _upload(editor_client, buffer.getvalue(), "logo.gif")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["logo"][0].code in {"not_an_image", "damaged_image"}


@pytest.mark.django_db
def test_a_truncated_image_is_refused(editor_client):
    response = _upload(editor_client, _png(400, 400, (1, 2, 3))[:200], "cut.png")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["logo"][0].code in {"not_an_image", "damaged_image"}
