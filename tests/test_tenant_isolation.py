"""Every owner-scoped URL, requested by someone else, answers 404 and changes nothing."""

import pytest
from django.urls import reverse

from optout.accounts.models import PlatformAccount


@pytest.fixture
def alices_account(alice):
    return PlatformAccount.objects.create(owner=alice, platform="linkedin", handle="@alice", note="secret note")


OWNER_SCOPED = [
    ("get", "accounts:platform_edit"),
    ("post", "accounts:platform_edit"),
    ("post", "accounts:platform_remove"),
]


@pytest.mark.parametrize(("method", "name"), OWNER_SCOPED)
def test_another_user_gets_404(bob_client, alices_account, method, name):
    url = reverse(name, args=[alices_account.id])
    response = getattr(bob_client, method)(url, {"handle": "pwned", "note": "pwned"} if method == "post" else None)
    assert response.status_code == 404
    alices_account.refresh_from_db()
    assert (alices_account.handle, alices_account.note) == ("@alice", "secret note")


def test_lists_show_only_your_own_rows(bob_client, alices_account):
    html = bob_client.get(reverse("accounts:platforms")).content.decode()
    assert "@alice" not in html and "secret note" not in html
    html = bob_client.get(reverse("catalog:detail", args=["linkedin"])).content.decode()
    assert "In My platforms" not in html


def test_every_owner_scoped_route_is_covered():
    """A new URL that takes an id must be added to OWNER_SCOPED above."""
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + (p.namespace + ":" if p.namespace else ""))
            elif "<int:" in str(p.pattern):
                yield prefix + p.name

    ours = {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}
    assert ours == {name for _, name in OWNER_SCOPED}
