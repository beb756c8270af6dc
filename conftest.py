"""Shared fixtures: alice and bob, logged-in clients, and a browser for flows a person clicks through."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
PASSWORD = "correct horse battery staple"


def require_tool(path_or_name: str, install_hint: str) -> str:
    """A missing system tool fails the run in CI and skips (loudly) on a developer's machine."""
    found = shutil.which(path_or_name)
    if found:
        return found
    message = f"{path_or_name} is not installed ({install_hint})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _fail_skips_in_ci(report) -> None:
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {reason}"


def pytest_sessionfinish(session, exitstatus):
    """The data folder the settings made for this run (`test_run_folders`, with its data cache) goes with it."""
    from optout import settings

    for folder in settings.test_run_folders:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may skip: a test that skips (a missing tool, library or service) fails instead."""
    outcome = yield
    _fail_skips_in_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """The same for a whole module skipped while it is collected (pytest.importorskip)."""
    outcome = yield
    _fail_skips_in_ci(outcome.get_result())


@pytest.fixture
def pdftotext() -> str:
    """Tests that read a PDF back ask for this first, before they spend time making the PDF."""
    return require_tool("pdftotext", "apt-get install poppler-utils")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests run on a database file, as optout itself does, not in shared-cache memory.

    In memory, a second writer (the live server answering an autosave while a browser test clicks on) is told
    "database table is locked" at once; a file in WAL mode makes it wait its turn (busy_timeout), as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher():
    """Django's real hasher spends ~0.3 s of CPU per password on purpose; tests only need a hash that checks.

    Production keeps the slow default (settings.py does not name hashers); only the test process changes.
    """
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Rendered fragments never carry over from one test to the next."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language, as a new process does: a request in another language leaves that
    language active in the thread (LocaleMiddleware does not undo it), and the CLI would then speak it."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def default_time_zone():
    """Each test starts in the server's time zone, as a new process does: a command run for a person makes theirs
    current for the rest of the process (lib.cli.resolve_user)."""
    from django.utils import timezone

    timezone.deactivate()
    yield
    timezone.deactivate()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded evidence goes to a fresh folder per test, never into a real data folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def make_user(email: str):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def alice(db):
    return make_user("alice@example.org")


@pytest.fixture
def bob(db):
    return make_user("bob@example.org")


def make_plan(user, region: str, platforms: list[str], **about):
    """A plan made the way the wizard makes one."""
    from optout.accounts.services import set_region
    from optout.plans import services

    set_region(user, region)
    services.choose_platforms(user, platforms, remove_others=True)
    services.save_about_you(user, about.get("creator_kind", "photographer"), about.get("visibility", "balanced"))
    services.refresh_plan(user)
    return list(user.plan_actions.order_by("number"))


def step_history(client, action, language: str) -> str:
    """A plan step's page in `language`, from its history on (the whole page if it has none)."""
    from django.urls import reverse

    client.cookies["django_language"] = language
    page = client.get(reverse("plans:action", args=[action.number])).content.decode()
    return page[page.index('id="history'):] if 'id="history' in page else page


def png_bytes(width: int = 40, height: int = 30, color=(200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


CONFIRMATION_EML = (
    b"From: Meta Privacy <noreply@support.facebook.com>\r\n"
    b"To: alice@example.org\r\n"
    b"Date: Tue, 24 Nov 2026 10:15:00 +0000\r\n"
    b"Subject: =?utf-8?q?We=E2=80=99ll_honour_your_objection?=\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    b"We have reviewed your request and will honour your objection.\r\n"
)


@pytest.fixture
def alice_plan(alice):
    return make_plan(alice, "EU", ["instagram", "linkedin", "x"])


@pytest.fixture
def client(client):
    """Django's test client as a browser whose time zone optout.js has told (UTC, the tests' own): its pages
    show times as most people see them, without naming the zone (see ZONE_UNKNOWN)."""
    from optout.lib.zones import ZONE_COOKIE

    client.cookies[ZONE_COOKIE] = "UTC"
    return client


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(alice, bob):
    from django.test import Client

    other = Client()
    other.force_login(bob)
    return other


@pytest.fixture
def unwatched_platforms(db, monkeypatch):
    """Alamy and CapCut as they were until December 2026 (Alamy still is): in the catalog, with no page declared for
    optout to watch, for what optout says of a platform whose changes it cannot show."""
    from optout.watch.declarations import declarations
    from optout.watch.models import WatchedDocument

    slugs = ("alamy", "capcut")
    for slug in slugs:
        monkeypatch.delitem(declarations(), slug, raising=False)
    WatchedDocument.objects.filter(platform__in=slugs).delete()  # rows a sync made before this fixture ran
    return slugs


@pytest.fixture
def web_fixture(settings):
    """A loopback HTTP server; server-side fetches may reach loopback only in tests."""
    from tests.fixtures.httpserver import FixtureServer

    settings.OPTOUT_ALLOW_PRIVATE_FETCH = True
    settings.OPTOUT_WATCH_HOST_DELAY = 0
    server = FixtureServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    require_tool(CHROMIUM, "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the current page; fail on any WCAG A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}})
    violations = results.response["violations"]
    assert not violations, results.generate_report()
