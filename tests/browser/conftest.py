"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

`make test` installs Chromium with apt when it is missing; Playwright never downloads a browser.
Screenshots of failing tests are kept in var/screenshots/.
"""

import functools
import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
# ordinary synchronous code, between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `make test`, which installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Tests stay on the machine: the maps' tiles (the only images from elsewhere) come from here as plain
# land-coloured squares, so maps draw as they do online; any other outside request fails.
OUTSIDE = re.compile(r"^https?://(?!(localhost|127\.0\.0\.1)[:/])")


@functools.cache
def _blank_tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (242, 239, 233)).save(buffer, "PNG")
    return buffer.getvalue()


def _from_outside(route):
    if route.request.resource_type == "image":
        route.fulfill(status=200, content_type="image/png", body=_blank_tile())
    else:
        route.abort()


def _offline_context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.route(OUTSIDE, _from_outside)
    return context


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture
def new_page(browser, request, live_server):
    """new_page() -> a page in a browser context of its own (its own cookies): one per person in a journey.

    When the test fails, every page it opened is kept as a screenshot in var/screenshots/.
    """
    pages = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        pages.append(context.new_page())
        return pages[-1]

    yield make
    report = getattr(request.node, "rep_call", None)
    for number, page in enumerate(pages):
        if report is not None and report.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
            page.screenshot(path=SCREENSHOTS / f"{name}{f'-{number}' if number else ''}.png", full_page=True)
        page.context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def axe_page(browser, live_server):
    """A page for axe-core, which injects its script through the DevTools protocol past the page's CSP."""
    context = _offline_context(browser, live_server, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def axe_problems(page, paths, language_prefix="", *, status=200) -> dict[str, list[str]]:
    """Open each path (under the language prefix) and collect axe-core's serious and critical violations.

    A page that does not answer with `status` counts as a problem too: axe on an error page checks nothing.
    """
    problems = {}
    for path in paths:
        url = f"{language_prefix}{path}"
        response = page.goto(url)
        if response is None or response.status != status:
            problems[url] = [f"HTTP {response.status if response else 'no response'}, expected {status}"]
        elif found := serious_violations(page):
            problems[url] = found
    return problems


def sign_in(page, email, password="correct-horse-battery"):
    """Sign in through the sign-in page, as a person does; returns the page."""
    page.goto("/accounts/login/")
    page.get_by_label("Адрес электронной почты").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    return page


# The smallest PDF the upload checks accept: the header, a catalog and the end-of-file marker.
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


@pytest.fixture
def pdf_file(tmp_path):
    """pdf_file(name) -> the path of a small, valid PDF on disk, for a file input to upload."""

    def make(name="document.pdf"):
        path = tmp_path / name
        path.write_bytes(MINIMAL_PDF)
        return path

    return make


def admin_action(page, action, *object_ids):
    """On an admin change list: tick the rows of these objects, choose the action and run it."""
    for object_id in object_ids:
        page.locator(f"input.action-select[value='{object_id}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state()


# What has the keyboard focus now, and can a sighted person see where it is: the site's :focus-visible
# outline (or a shadow)? A date or time field that has the focus without matching :focus-visible has it
# on its picker button, inside the browser's own controls, which the browser rings itself.
_FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) { return null; }
  const style = getComputedStyle(element);
  const text = element.getAttribute("aria-label") || element.innerText || element.name || element.id || "";
  const ringed = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  const picker = element.matches("input[type=date], input[type=time], input[type=datetime-local]")
    && !element.matches(":focus-visible");
  return {
    element: `<${element.tagName.toLowerCase()}> ${text.trim().replace(/\\s+/g, " ").slice(0, 80)}`,
    visible: picker || (element.matches(":focus-visible") && ringed),
  };
}"""


def tab_to(page, target, *, max_presses=400) -> list[str]:
    """Press Tab, only Tab, until `target` (a locator) has the focus.

    Returns the elements met on the way whose focus could not be seen (an empty list is what we want).
    """
    unseen = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS)
        if focus is not None and not focus["visible"]:
            unseen.append(focus["element"])
        if target.evaluate("element => element === document.activeElement"):
            return unseen
    raise AssertionError(f"{max_presses} presses of Tab never reached {target}")
