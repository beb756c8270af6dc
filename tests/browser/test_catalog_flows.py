"""A visitor searches the catalog, opens a platform and switches region — in a real browser."""

import re

from playwright.sync_api import expect

from conftest import assert_accessible


def test_search_the_catalog_and_open_a_platform(page):
    page.goto("/catalog/")
    assert_accessible(page)
    page.get_by_label("Search").fill("linkedin")
    # htmx replaces the results as you type; without JavaScript the Show button does the same.
    expect(page.locator("#result-count")).to_contain_text("1 platform")
    page.get_by_role("link", name="LinkedIn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LinkedIn and AI training")
    assert_accessible(page)


def test_leaving_the_search_box_does_not_search_again_but_a_filter_does(page):
    """A search already shown is not sent again when the box loses focus: clicking a result blurs the box,
    and a second reply landing while the platform's page loads would replace the URL and cancel the click."""
    page.goto("/catalog/")
    searches = []
    page.on("request", lambda request: searches.append(request.url) if "/catalog/?" in request.url else None)
    page.get_by_label("Search").fill("linkedin")
    expect(page.locator("#result-count")).to_contain_text("1 platform")
    page.wait_for_timeout(500)  # let the typing settle: only the search for "linkedin" was sent
    sent = len(searches)
    page.get_by_label("Search").press("Tab")
    page.wait_for_timeout(800)
    assert len(searches) == sent, searches[sent:]
    with page.expect_request(lambda request: "kind=setting" in request.url):
        page.get_by_label("Kind of opt-out").select_option("setting")
    expect(page).to_have_url(re.compile(r"kind=setting"))


def test_switching_region_shows_that_regions_steps_and_is_remembered(page):
    page.goto("/catalog/linkedin/")
    expect(page.get_by_text("Choose where you live above")).to_be_visible()
    page.get_by_label("Where do you live?").select_option("UK")
    page.get_by_role("button", name="Show my steps").click()
    expect(page.get_by_role("heading", name="What you can do in United Kingdom")).to_be_visible()
    expect(page).to_have_url(re.compile(r"region=UK"))
    step_link = page.get_by_role("link", name=re.compile("Open this page")).first
    expect(step_link).to_have_attribute("target", "_blank")

    page.goto("/catalog/")
    expect(page.get_by_label("Where you live")).to_have_value("UK")
    expect(page.locator("#result-count")).to_contain_text("showing what applies in United Kingdom")


def test_no_opt_out_panel_in_the_browser(page):
    from optout.catalog.loader import catalog

    platform = next(p for p in catalog().values() if p.says_no_opt_out("US"))
    page.goto(f"/catalog/{platform.slug}/?region=US")
    panel = page.get_by_role("region", name="No opt-out exists here")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("What you can do instead")
    assert_accessible(page)
    unsure = next(p for p in catalog().values() if not p.has_opt_out("US") and not p.says_no_opt_out("US"))
    page.goto(f"/catalog/{unsure.slug}/?region=US")
    panel = page.get_by_role("region", name="No opt-out known here")
    expect(panel).to_contain_text("It may have missed one")


def test_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/catalog/")
    page.get_by_label("Search").fill("linkedin")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#result-count")).to_contain_text("1 platform")
    context.close()


def test_pages_work_on_a_phone_in_dark_mode(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740},
                                  color_scheme="dark", is_mobile=True)
    page = context.new_page()
    for url in ("/", "/catalog/", "/catalog/linkedin/?region=EU"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} scrolls sideways ({width}px)"
        assert_accessible(page)
    context.close()


def test_start_from_the_home_page(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_label("Where do you live?").select_option("US-CA")
    page.get_by_role("button", name="Show my opt-outs").click()
    expect(page.locator("#result-count")).to_contain_text("showing what applies in United States: California")
