"""Retake the README screenshots: `make screenshots`. Uses a throwaway database and Debian's chromium."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ["OPTOUT_DATA_DIR"] = tempfile.mkdtemp(prefix="optout-shots-")
os.environ.pop("DATABASE_URL", None)
os.environ["OPTOUT_ALLOW_PRIVATE_FETCH"] = "1"  # the audit shot checks a demo site on loopback
os.environ["DJANGO_SETTINGS_MODULE"] = "optout.settings"
sys.path.insert(0, str(HERE.parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from waitress.server import create_server  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, make_user  # noqa: E402
from optout.accounts import services  # noqa: E402
from optout.wsgi import application  # noqa: E402

SHOTS = [
    ("home", "/", "light", None),
    ("catalog", "/catalog/?region=EU", "light", None),
    ("platform-steps", "/catalog/linkedin/?region=EU", "light", None),
    ("no-opt-out", "/catalog/tiktok/?region=US", "dark", None),
    ("my-platforms", "/me/platforms/", "light", "login"),
    ("plan-wizard", "/plan/start/platforms/", "light", "login"),
    ("plan-dashboard", "/plan/", "light", "login"),
    ("plan-step-proof", "/plan/steps/{done}/#evidence", "light", "login"),
    ("plan-objection", "/plan/steps/{objection}/", "dark", "login"),
    ("plan-objection-de", "/plan/steps/{objection}/#form", "light", "login:de"),
    ("plan-report", "/plan/report/", "light", "login"),
    ("letter-new", "/letters/new/?action={objection}&kind=objection", "light", "login"),
    ("letter-preview", "/letters/{letter}/#preview-h", "light", "login"),
    ("letter-overdue", "/letters/{overdue}/", "dark", "login"),
    ("watch-diff", "/watch/versions/{version}/", "light", None),
    ("site-audit", "/site/?url={demo_site}&path=/portfolio/#audit-h", "light", None),
    ("media", "/media/", "light", "login"),
]


def _demo_plan(user) -> dict[str, int]:
    """A plan part-way through: one setting done with a screenshot, the Meta objection's code requested."""
    from conftest import CONFIRMATION_EML, make_plan, png_bytes
    from optout.plans import services as plans

    actions = {a.mechanism: a for a in make_plan(user, "EU", ["instagram", "linkedin", "x", "deviantart"])}
    done = actions["generative-ai-setting"]
    plans.add_screenshot(done, png_bytes(640, 360, (40, 90, 200)), "linkedin-data-for-ai-off.png", "Switch is off")
    plans.set_status(done, "done", "Turned off on my laptop")
    plans.add_email(actions["grok-data-sharing-setting"], CONFIRMATION_EML, "confirmation.eml")
    plans.set_status(actions["grok-data-sharing-setting"], "done")
    objection = actions["eu-objection-form"]
    plans.save_reason(objection, language="en", contents=["artwork"], harms=["livelihood", "style"],
                      own_words="My illustrations are how I pay my rent")
    plans.form_opened(objection)
    plans.request_code(objection)
    return {"done": done.number, "objection": objection.number, **_demo_letters(user, objection), **_demo_watch()}


def _demo_watch() -> dict[str, int]:
    """Two versions of LinkedIn's privacy policy, the second one about AI training."""
    import datetime as dt

    from django.utils import timezone

    from optout.watch import services as watch
    from optout.watch.models import WatchedDocument
    from optout.watch.normalise import normalise, text_hash

    watch.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    old = ("# Privacy Policy\n\n## How we use your data\n\nWe use your data to provide, support, personalise and develop "
           "our services.\n\nWe use automated systems to detect and remove spam and fake accounts.\n\n"
           "## Your choices\n\nYou can access, correct or delete your data in your settings.\n")
    new = old.replace("develop our services.", "develop our services, including to train content-generating AI models "
                      "with your profile, posts and articles.") + (
        "\nYou can turn this off under Settings > Data privacy > Data for Generative AI Improvement.\n")
    watch.record_text(document, normalise(old), text_hash(normalise(old)), timezone.now() - dt.timedelta(days=40))
    version = watch.record_text(document, normalise(new), text_hash(normalise(new)), timezone.now())
    return {"version": version.id}


def _demo_letters(user, objection) -> dict[str, int]:
    """One letter ready to send, and one the company left unanswered."""
    import datetime as dt

    from django.utils import timezone

    from optout.letters import services as letters

    user.profile.country = "DE"
    user.profile.save()
    details = dict(name="Dana Demo", address="Hauptstraße 1\n80331 München", email="demo@example.org",
                   contents=["artwork", "photos"], harms=["livelihood", "style"],
                   own_words="Meine Illustrationen sind mein Einkommen.")
    letter = letters.draft_request(user, platform="instagram", kind="objection", language="de", action=objection, **details)
    overdue = letters.draft_request(user, platform="linkedin", kind="erasure", language="en", **details)
    letters.mark_sent(overdue, timezone.localdate() - dt.timedelta(days=3), "email")
    overdue.deadline = timezone.localdate() - dt.timedelta(days=2)  # ended everywhere, whatever the hour
    overdue.save()
    letters.run_due()
    return {"letter": letter.number, "overdue": overdue.number}


def main() -> None:
    call_command("migrate", verbosity=0)
    user = make_user("demo@example.org")
    for slug in ("linkedin", "instagram", "deviantart"):
        try:
            services.add_platform_account(user, slug, handle="@demo_artist")
        except services.AccountDataError:
            pass
    numbers = _demo_plan(user)
    from tests.fixtures.httpserver import FixtureServer

    demo = FixtureServer()
    demo.route("/robots.txt", b"User-agent: GPT-Bot\nDisallow: /\n\nUser-agent: ClaudeBot\nUser-agent: CCBot\nDisallow: /\n"
               b"\nUser-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    demo.route("/", b"<html><head><meta name='robots' content='noai, noimageai'></head><body>Portfolio</body></html>")
    numbers["demo_site"] = demo.base + "/"
    server = create_server(application, host="127.0.0.1", port=0)
    base = f"http://127.0.0.1:{server.effective_port}"
    threading.Thread(target=server.run, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        only = set(sys.argv[1:])  # e.g. `python docs/screenshots/take.py plan-objection` retakes just that one
        for name, path, scheme, login in SHOTS:
            if only and name not in only:
                continue
            language = login.split(":")[1] if login and ":" in login else "en"
            context = browser.new_context(base_url=base, viewport={"width": 1100, "height": 800}, color_scheme=scheme,
                                          timezone_id="Europe/Berlin", locale="en-GB")
            page = context.new_page()
            if login:
                page.goto("/accounts/login/")
                page.get_by_label("Email:").fill("demo@example.org")
                page.get_by_label("Password:").fill(PASSWORD)
                page.get_by_role("button", name="Sign In").click()
            context.add_cookies([{"name": "django_language", "value": language, "url": base},
                                 {"name": "optout_tz", "value": "Europe/Berlin", "url": base}])
            page.goto(path.format(**numbers))
            page.screenshot(path=str(HERE / f"{name}.png"), full_page=False)
            context.close()
            print(f"wrote docs/screenshots/{name}.png")
        browser.close()
    server.close()


if __name__ == "__main__":
    main()
