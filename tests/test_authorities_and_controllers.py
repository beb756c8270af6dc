"""Authority and controller data: schema-valid, sourced and dated, and every reference resolves."""

from optout.catalog.loader import catalog
from optout.catalog.regions import EEA_ONLY_COUNTRIES, EU_COUNTRIES
from optout.letters.authorities import authorities, for_person, validate_all
from optout.letters.services import complaint_authorities


def test_every_authority_file_is_valid_sourced_and_dated():
    result = validate_all()
    assert not result.errors, "\n".join(map(str, result.errors))
    for authority in result.records.values():
        assert authority.sources and authority.last_verified
        assert not authority.contact_missing, f"{authority.id} has no way to reach it"


def test_there_is_an_authority_for_every_eu_and_eea_country_and_the_others_named():
    countries = {a.country for a in authorities().values()}
    assert set(EU_COUNTRIES + EEA_ONLY_COUNTRIES) <= countries
    ids = set(authorities())
    assert {"uk-ico", "ch-fdpic", "us-ca-cppa", "us-ca-oag", "br-anpd", "ie-dpc"} <= ids
    states = {a.subdivision for a in authorities().values() if a.country == "DE" and a.role == "state"}
    assert len(states) == 16


def test_a_german_resident_gets_their_states_authority_first():
    assert for_person("DE", "DE-HH")[0].id == "de-hh-hmbbfdi"
    assert for_person("IE")[0].id == "ie-dpc"


def test_every_controller_is_sourced_and_names_a_real_lead_authority():
    for slug, platform in catalog().items():
        for controller in platform.owner.controllers:
            assert controller.sources and controller.last_verified, f"{slug}: {controller.entity} needs sources and a date"
            if controller.lead_authority:
                assert controller.lead_authority in authorities(), f"{slug}: unknown authority {controller.lead_authority}"


def test_the_irish_entities_name_the_dpc_and_a_representative_is_no_lead_authority():
    for slug in ("microsoft-copilot", "dropbox", "pinterest", "adobe", "patreon", "anthropic-claude"):
        irish = [c for c in catalog()[slug].owner.controllers if "Ireland" in (c.address or "") and "EU" in c.regions]
        assert irish and all(c.lead_authority == "ie-dpc" for c in irish), slug
    assert all(c.lead_authority is None for c in catalog()["imdb"].owner.controllers)
    assert authorities()["ie-dpc"].name == "Data Protection Commission"
    assert "Protecção" not in authorities()["pt-cnpd"].name
    assert str(authorities()["us-ca-cppa"].web).startswith("https://privacy.ca.gov")


def test_a_uk_person_is_not_sent_to_the_irish_authority(alice):
    import datetime as dt

    from conftest import make_plan
    from optout.letters import services
    from optout.letters.models import Status

    make_plan(alice, "UK", ["microsoft-copilot"])
    letter = services.draft_request(alice, platform="microsoft-copilot", kind="objection", language="en", name="Alice",
                                    email="alice@example.org")
    services.mark_sent(letter, dt.date.today(), "email")
    letter.status = Status.REFUSED
    assert [a.id for a in complaint_authorities(letter)] == ["uk-ico"]
