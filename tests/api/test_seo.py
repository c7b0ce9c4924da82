"""sitemap.xml, robots.txt, canonical and alternate links, Open Graph tags."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from jobs import services as job_services

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://imoscow.example"


def locations(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    return [loc.text for loc in root.iterfind(".//s:loc", NS)]


def test_sitemap_index_lists_every_area(world):
    sections = locations(Client(), "/sitemap.xml")
    for section in ("pages", "organizations", "measures", "programs", "courses", "vacancies"):
        assert f"https://imoscow.example/sitemap-{section}.xml" in sections


def test_sitemaps_have_public_pages_in_both_languages(world):
    client = Client()
    organizations = locations(client, "/sitemap-organizations.xml")
    assert "https://imoscow.example/directory/test-lab/" in organizations
    assert "https://imoscow.example/en/directory/test-lab/" in organizations
    measures = locations(client, "/sitemap-measures.xml")
    assert "https://imoscow.example/programs/measures/robot-grant/" in measures
    assert "https://imoscow.example/programs/p/export-now/" in locations(client, "/sitemap-programs.xml")
    assert f"https://imoscow.example/en/courses/{world.robots.pk}/" in locations(client, "/sitemap-courses.xml")
    vacancies = locations(client, "/sitemap-vacancies.xml")
    assert f"https://imoscow.example/jobs/{world.python_job.pk}/" in vacancies
    pages = locations(client, "/sitemap-pages.xml")
    assert {"https://imoscow.example/", "https://imoscow.example/en/directory/"} <= set(pages)


def test_sitemap_entries_carry_hreflang_alternates(world):
    root = ET.fromstring(Client().get("/sitemap-organizations.xml").content)  # noqa: S314 (our own sitemap)
    url = next(u for u in root.iterfind("s:url", NS) if u.find("s:loc", NS).text.endswith("/directory/test-lab/"))
    links = {link.get("hreflang"): link.get("href") for link in url.iterfind("x:link", NS)}
    assert links == {
        "ru": "https://imoscow.example/directory/test-lab/",
        "en": "https://imoscow.example/en/directory/test-lab/",
        "x-default": "https://imoscow.example/directory/test-lab/",
    }
    assert url.find("s:lastmod", NS) is not None


def test_sitemaps_leave_out_unpublished_items(world):
    world.loan.is_published = False
    world.loan.save()
    world.python.is_published = False
    world.python.save()
    job_services.vacancy_close(vacancy=world.engineer_job, user=world.engineer_job.created_by)
    client = Client()
    assert not any(f"/jobs/{world.engineer_job.pk}/" in loc for loc in locations(client, "/sitemap-vacancies.xml"))
    assert not any("any-loan" in loc for loc in locations(client, "/sitemap-measures.xml"))
    assert not any(f"/courses/{world.python.pk}/" in loc for loc in locations(client, "/sitemap-courses.xml"))
    assert Client().get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(db):
    response = Client().get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: https://imoscow.example/sitemap.xml" in text
    for path in ("/admin/", "/me/", "/accounts/", "/en/admin/", "/en/me/", "/en/accounts/"):
        assert f"Disallow: {path}\n" in text


def head(client, url) -> str:
    html = client.get(url).content.decode()
    return html[: html.index("</head>")]


def meta(html, prop) -> str:
    return re.search(rf'<meta property="{prop}" content="([^"]*)"', html).group(1)


def test_organization_profile_has_canonical_alternates_and_open_graph(world):
    html = head(Client(), "/en/directory/test-lab/?utm_source=x")
    assert '<link rel="canonical" href="https://imoscow.example/en/directory/test-lab/">' in html
    assert '<link rel="alternate" hreflang="ru" href="https://imoscow.example/directory/test-lab/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="https://imoscow.example/directory/test-lab/">' in html
    assert meta(html, "og:title") == "Beta Testing Lab"
    assert meta(html, "og:description") == "About the organization."
    assert meta(html, "og:url") == "https://imoscow.example/en/directory/test-lab/"
    assert meta(html, "og:locale") == "en_US"


@pytest.mark.parametrize(
    ("url", "title", "description"),
    [
        ("/programs/measures/robot-grant/", "Грант на робототехнику", "Деньги на развитие."),
        ("/programs/p/export-now/", None, "Поддержка выхода на зарубежные рынки."),
        ("/courses/{course}/", "Роботы на Arduino", "Собираем и программируем роботов."),
    ],
)
def test_pages_take_open_graph_from_their_title_and_description(world, url, title, description):
    html = head(Client(), url.format(course=world.robots.pk))
    if title:
        assert meta(html, "og:title") == title
    assert meta(html, "og:description") == description
    assert meta(html, "og:locale") == "ru_RU"


def test_pages_without_their_own_description_get_the_portals(world):
    world.lab.description_ru = ""
    world.lab.save()
    html = head(Client(), "/directory/test-lab/")
    assert meta(html, "og:description").startswith("Портал инновационной экономики Москвы")


def test_list_pages_keep_only_the_page_number_in_the_canonical_link(world):
    html = head(Client(), "/directory/?kind=laboratory&page=2")
    assert '<link rel="canonical" href="https://imoscow.example/directory/?page=2">' in html
    html = head(Client(), "/directory/?kind=laboratory&page=1")
    assert '<link rel="canonical" href="https://imoscow.example/directory/">' in html


def test_titles_with_quotes_stay_inside_the_attribute(world):
    world.lab.name_ru = 'Лаборатория "Кавычки" & <Ко>'
    world.lab.save()
    html = head(Client(), "/directory/test-lab/")
    assert meta(html, "og:title") == "Лаборатория &quot;Кавычки&quot; &amp; &lt;Ко&gt;"
