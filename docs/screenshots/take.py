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
    ("plan-objection", "/plan/steps/{objection}/#code", "dark", "login"),
    ("plan-report", "/plan/report/", "light", "login"),
    ("letter-new", "/letters/new/?action={objection}&kind=objection", "light", "login"),
    ("letter-preview", "/letters/{letter}/#preview-h", "light", "login"),
    ("letter-overdue", "/letters/{overdue}/", "dark", "login"),
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
    plans.request_code(objection)
    return {"done": done.number, "objection": objection.number, **_demo_letters(user, objection)}


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
    overdue.deadline = timezone.localdate() - dt.timedelta(days=1)
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
    server = create_server(application, host="127.0.0.1", port=0)
    base = f"http://127.0.0.1:{server.effective_port}"
    threading.Thread(target=server.run, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, scheme, login in SHOTS:
            context = browser.new_context(base_url=base, viewport={"width": 1100, "height": 800}, color_scheme=scheme)
            page = context.new_page()
            if login:
                page.goto("/accounts/login/")
                page.get_by_label("Email:").fill("demo@example.org")
                page.get_by_label("Password:").fill(PASSWORD)
                page.get_by_role("button", name="Sign In").click()
            page.goto(path.format(**numbers))
            page.screenshot(path=str(HERE / f"{name}.png"), full_page=False)
            context.close()
            print(f"wrote docs/screenshots/{name}.png")
        browser.close()
    server.close()


if __name__ == "__main__":
    main()
