"""Keeping a list of the platforms you have accounts on."""

from django.urls import reverse

from optout.accounts.models import PlatformAccount


def test_add_a_platform_with_a_handle(alice_client, alice):
    response = alice_client.post(
        reverse("accounts:platform_add"), {"platform": "linkedin", "handle": "@alice", "note": "portfolio"}, follow=True
    )
    html = response.content.decode()
    assert "Added LinkedIn to My platforms." in html
    assert "@alice" in html
    account = PlatformAccount.objects.get(owner=alice)
    assert (account.platform, account.handle, account.note) == ("linkedin", "@alice", "portfolio")


def test_the_same_account_twice_is_refused_with_a_message(alice_client, alice):
    alice_client.post(reverse("accounts:platform_add"), {"platform": "linkedin", "handle": "@alice"})
    response = alice_client.post(reverse("accounts:platform_add"), {"platform": "linkedin", "handle": "@alice"})
    assert response.status_code == 400
    assert "already in your list" in response.content.decode()
    assert PlatformAccount.objects.filter(owner=alice).count() == 1


def test_a_platform_not_in_the_catalog_is_refused(alice_client, alice):
    response = alice_client.post(reverse("accounts:platform_add"), {"platform": "myspace-2"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PlatformAccount.objects.filter(owner=alice).exists()


def test_edit_and_remove(alice_client, alice):
    account = PlatformAccount.objects.create(owner=alice, platform="linkedin", handle="old")
    alice_client.post(reverse("accounts:platform_edit", args=[account.id]), {"handle": "new", "note": "n"})
    account.refresh_from_db()
    assert account.handle == "new"
    response = alice_client.post(reverse("accounts:platform_remove", args=[account.id]), follow=True)
    assert "Removed it from My platforms." in response.content.decode()
    assert not PlatformAccount.objects.filter(pk=account.pk).exists()


def test_remove_needs_post(alice_client, alice):
    account = PlatformAccount.objects.create(owner=alice, platform="linkedin")
    assert alice_client.get(reverse("accounts:platform_remove", args=[account.id])).status_code == 405
    assert PlatformAccount.objects.filter(pk=account.pk).exists()


def test_the_catalog_page_offers_to_add_the_platform(alice_client, alice):
    html = alice_client.get(reverse("catalog:detail", args=["linkedin"])).content.decode()
    assert "add to My platforms" in html
    alice_client.post(reverse("accounts:platform_add"), {"platform": "linkedin"})
    html = alice_client.get(reverse("catalog:detail", args=["linkedin"])).content.decode()
    assert "In My platforms" in html


def test_save_where_you_live_and_recheck_interval(alice_client, alice):
    response = alice_client.post(reverse("accounts:settings"), {"region": "UK", "recheck_days": "30"}, follow=True)
    assert "Saved." in response.content.decode()
    assert (alice.profile.region, alice.profile.recheck_days) == ("UK", 30)
    response = alice_client.post(reverse("accounts:settings"), {"region": "UK", "recheck_days": "3"})
    assert "greater than or equal to 7" in response.content.decode()
    response = alice_client.post(reverse("accounts:settings"), {"region": "Atlantis", "recheck_days": "30"})
    assert "Select a valid choice" in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.region == "UK"
