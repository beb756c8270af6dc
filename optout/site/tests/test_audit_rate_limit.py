"""The anonymous site audit makes several outbound requests per check, so each address gets only a few a minute."""

from django.urls import reverse


def test_the_site_audit_is_rate_limited_per_address(client, db, settings, web_fixture):
    settings.OPTOUT_SITE_AUDIT_RATE = "2/m"
    web_fixture.route("/robots.txt", b"User-agent: GPTBot\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    web_fixture.route("/", b"<html><head><title>x</title></head></html>")
    answers = [client.get(reverse("site:index"), {"url": web_fixture.base + "/"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Too many site checks from your address" in answers[2].content.decode()
    hits = sum(route.hits for route in web_fixture.routes.values())
    answers.append(client.get(reverse("site:index"), {"url": web_fixture.base + "/"}))
    assert sum(route.hits for route in web_fixture.routes.values()) == hits  # refused before any fetch
