import os


def setup() -> None:
    """Configure Django for use outside the web server (CLI commands, scripts)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optout.settings")
    import django

    django.setup()
