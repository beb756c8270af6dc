"""Every change to a person's account data goes through here (views, CLI and tasks alike)."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext as _

from optout.catalog import regions
from optout.catalog.loader import catalog
from optout.lib.ownership import owned
from optout.notify.services import known_unread_count, unread_count_of

from .choices import POLICY_NEWS_CHOICES
from .models import PlatformAccount, Profile


class AccountDataError(ValueError):
    """Input that cannot be saved, with a message meant for the person."""


def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(owner=user)
    return profile


_NOT_READ = object()


def _saved_platforms_of(owner_column: str) -> RawSQL:
    """The slugs in the person's "My platforms", comma-separated (slugs hold no commas), as a subquery."""
    table = connection.ops.quote_name(PlatformAccount._meta.db_table)
    join = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    return RawSQL(f'SELECT {join}({table}."platform", \',\') FROM {table} '  # noqa: S608 — names, no input
                  f'WHERE {table}."owner_id" = {owner_column}', [])


def saved_platforms_seen_by(request) -> set[str] | None:
    """The person's saved platforms as read with their profile at the start of this request, or None when
    that read did not happen (signed out, no profile yet): then ask the database."""
    seen = profile_seen_by(request)
    saved = getattr(seen, "saved_platforms", _NOT_READ)
    if saved is _NOT_READ:
        return None
    return set(saved.split(",")) if saved else set()


def profile_seen_by(request) -> Profile | None:
    """The signed-in person's profile, read once per request (None when signed out or never made).

    The time-zone middleware, the catalog's region choice and the dashboard all need it on one page; they
    share this read instead of each making their own. It is the profile as the request found it: code that
    changes the profile later in the same request reads it afresh with `profile_for`.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    seen = getattr(request, "_optout_profile", _NOT_READ)
    if seen is _NOT_READ:
        # The header's unread-news count and the person's saved platforms (the catalog pages mark them)
        # come in the same query: one round trip for what most pages need to know about the person.
        profiles = owned(Profile, user)
        owner = f'{connection.ops.quote_name(Profile._meta.db_table)}."owner_id"'
        seen = request._optout_profile = profiles.annotate(
            unread_news=unread_count_of(owner), saved_platforms=_saved_platforms_of(owner)).first()
        if seen is not None:
            known_unread_count(request, seen.unread_news)
    return seen


def _store_on_profile(user, field: str, value) -> Profile:
    """Save one checked answer on the person's profile, writing only when it changed."""
    profile = profile_for(user)
    if getattr(profile, field) != value:
        setattr(profile, field, value)
        profile.save(update_fields=[field])
    return profile


def set_region(user, region: str) -> Profile:
    region = (region or "").strip().upper()
    if region in regions.STATE_CODES and region not in regions.CHOICE_CODES:
        region = "US"  # a state without laws of its own that optout covers: "United States (other states)"
    if region and region not in regions.CHOICE_CODES:
        raise AccountDataError(f"Unknown region {region!r}; use one of {', '.join(code for code, _label in regions.CHOICES)}.")
    profile = _store_on_profile(user, "region", region)
    if region and profile.country and not _lies_in(profile.country, region):
        # A country saved before that is not in the region chosen now would keep choosing the letters' law, language
        # and authorities of the old place (a UK resident's letters citing the EU GDPR): it is no longer known.
        profile = _store_on_profile(user, "country", "")
        profile = _store_on_profile(user, "subdivision", "")
    return profile


def _lies_in(country: str, region: str) -> bool:
    derived = regions.from_country(country)
    return derived == region or (derived == "US" and region.startswith("US"))


def set_country(user, country: str) -> Profile:
    """The country someone lives in (ISO 3166-1 alpha-2), which picks their letters' language, the authorities they
    can complain to and the holidays a deadline skips; their region follows from it (`regions.from_country`)."""
    from django_countries import countries

    country = (country or "").strip().upper()
    if country not in dict(countries):
        raise AccountDataError(f"Unknown country {country!r}; use a two-letter code such as DE, FR or BR.")
    profile = _store_on_profile(user, "country", country)
    if profile.subdivision and not profile.subdivision.startswith(f"{country}-"):
        _store_on_profile(user, "subdivision", "")  # a Land of the country someone no longer lives in
    if not profile.language and (spoken := regions.LANGUAGE_BY_COUNTRY.get(regions.legal_country(country))):
        # Someone who never chose a language (a plan made at the terminal) got e-mails and news in English: the
        # country's, until they choose
        set_language(user, spoken.split("-")[0])
    return set_region(user, regions.from_country(country))


def set_subdivision(user, code: str) -> Profile:
    """A German resident's Land (ISO 3166-2, "DE-BY"), or "" for none: its authority takes their complaints about
    companies, and its public holidays count."""
    code = (code or "").strip().upper()
    if code and code not in regions.GERMAN_STATES:
        raise AccountDataError(f"Unknown Land {code!r}; use one of {', '.join(regions.GERMAN_STATES)}.")
    if code and profile_for(user).country != "DE":
        raise AccountDataError("A Land is for people who live in Germany: set the country DE first.")
    return _store_on_profile(user, "subdivision", code)


def set_place(user, country: str | None = None, region: str | None = None) -> tuple[Profile, str]:
    """Where someone lives, from a country, a region or both (a US state narrows the country US); returns the profile
    and the country it no longer takes as theirs ("" if none): one saved before that the region given now is not in.
    AccountDataError, naming both, when the two disagree."""
    from django_countries import countries

    country = (country or "").strip().upper() or None
    region = (region or "").strip().upper() or None
    if country and region and country in dict(countries) and not _lies_in(country, region):
        raise AccountDataError(f"{country} is in {regions.label(regions.from_country(country))}, not in {region}: "
                               "give one of them.")
    before = profile_for(user).country
    profile = set_country(user, country) if country else profile_for(user)
    if region:
        profile = set_region(user, region)
    return profile, before if before and not profile.country else ""


def set_recheck_days(user, days: int) -> Profile:
    """Applies to steps finished from now on; dates already set stay as they are."""
    if not 7 <= days <= 730:
        raise AccountDataError(_("Choose between 7 and 730 days."))
    return _store_on_profile(user, "recheck_days", days)


def wants_email_news(user) -> bool:
    """Whether the person's news is e-mailed to them (yes until they say no)."""
    return owned(Profile, user).values_list("email_news", flat=True).first() is not False


def set_email_news(user, wanted: bool) -> Profile:
    """Whether the person's news is e-mailed to them too (it always shows in optout, and goes to their channels)."""
    if not isinstance(wanted, bool):
        raise AccountDataError(_("Say whether to e-mail your news: on or off."))
    return _store_on_profile(user, "email_news", wanted)


EMAIL_OFF_SALT = "optout.accounts.email-off"


def email_off_link(user) -> str:
    """A link that stops the person's news e-mails without logging in (mail programs' "unsubscribe" button posts to it).

    It names the account and the moment it was made, signed, and never expires: an e-mail read a year later must still
    be able to stop the next one. The moment keeps a link from reaching a later account that reuses the number."""
    token = signing.dumps([user.pk, int(user.date_joined.timestamp())], salt=EMAIL_OFF_SALT)
    return f"{settings.SITE_URL}{reverse('accounts:email_off', args=[token])}"


def user_of_email_off(token: str):
    """The account an e-mail-off link was made for, or None when the link is broken, forged or its account is gone."""
    try:
        pk, joined = signing.loads(token, salt=EMAIL_OFF_SALT)
        user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return user if user is not None and int(user.date_joined.timestamp()) == joined else None


def set_policy_news(user, choice: str) -> Profile:
    """Which changes of the policies of the person's platforms reach them (`POLICY_NEWS_CHOICES`): all that may be
    about AI, or only those optout is sure are. The others are still listed on the watch pages and in their feed."""
    if choice not in dict(POLICY_NEWS_CHOICES):
        raise AccountDataError(_("Choose which policy changes to be told of: %(choices)s.") % {
            "choices": ", ".join(dict(POLICY_NEWS_CHOICES))})
    return _store_on_profile(user, "policy_news", choice)


def set_time_zone(user, name: str) -> Profile:
    """An IANA zone such as Europe/Berlin; '' means "my browser's"."""
    from optout.lib.dates import valid_zone

    name = (name or "").strip()
    if name and not valid_zone(name):
        raise AccountDataError(_("Unknown time zone “%(name)s”; use a name such as Europe/Berlin.") % {"name": name})
    return _store_on_profile(user, "time_zone", name)


def set_language(user, code: str) -> Profile:
    """Remember the interface language (the menu's choice), so e-mails and news reach the person in it."""
    from django.conf import settings

    code = (code or "").split("-")[0]
    if code not in dict(settings.LANGUAGES):
        raise AccountDataError(_("optout does not speak “%(code)s”.") % {"code": code})
    return _store_on_profile(user, "language", code)


@contextmanager
def speaking_to(user):
    """Write text for this person (notifications, e-mails made outside a request) in their language, with
    dates in their time zone (Account › Time zone; the server's when they chose none)."""
    import zoneinfo

    from django.conf import settings
    from django.utils import timezone, translation

    from optout.lib.zones import valid_zone

    language, zone = owned(Profile, user).values_list("language", "time_zone").first() or ("", "")
    with translation.override(language or settings.LANGUAGE_CODE), \
            timezone.override(zoneinfo.ZoneInfo(zone) if valid_zone(zone) else None):
        yield


def add_platform_account(user, platform: str, handle: str = "", note: str = "") -> PlatformAccount:
    if platform not in catalog():
        raise AccountDataError(f"There is no platform {platform!r} in the catalog.")
    try:
        with transaction.atomic():
            return PlatformAccount.objects.create(owner=user, platform=platform, handle=handle.strip(), note=note)
    except IntegrityError as exc:
        raise AccountDataError(_("That account is already in your list.")) from exc


def update_platform_account(account: PlatformAccount, handle: str, note: str) -> PlatformAccount:
    account.handle, account.note = handle.strip(), note
    try:
        with transaction.atomic():
            account.save(update_fields=["handle", "note", "updated_at"])
    except IntegrityError as exc:
        raise AccountDataError(_("You already have that account in your list.")) from exc
    return account


def remove_platform_account(account: PlatformAccount) -> None:
    account.delete()


# Where a session names a person by their id: Django's signed-in user; allauth's stash of a half-finished login or
# sign-up (`account_login`: `user_pk`, in base 36) and its record of the steps taken so far (during two-factor).
_USER_KEYS = frozenset({"_auth_user_id", "user_pk", "user_id", "account_authentication_methods_user"})


def _ids_of(user) -> set[str]:
    from allauth.account.utils import user_pk_to_url_str

    return {str(user.pk), user_pk_to_url_str(user)}


def _addresses_of(user) -> set[str]:
    from allauth.account.models import EmailAddress

    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return {address.lower() for address in (*addresses, user.email) if address}


def _refers_to(value, ids: set[str], addresses: set[str], key: str = "") -> bool:
    """Whether a decoded session (or a part of it) names the person: by id under a key that holds a user's id,
    or by one of their e-mail addresses anywhere (allauth keeps the address typed in during sign-up and login)."""
    if isinstance(value, dict):
        return any(_refers_to(item, ids, addresses, str(name)) for name, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(_refers_to(item, ids, addresses, key) for item in value)
    if key in _USER_KEYS and value is not None and str(value) in ids:
        return True
    return isinstance(value, str) and any(address in value.lower() for address in addresses)


def sessions_of(user) -> list[str]:
    """The keys of every stored session that refers to the person, signed in or halfway through signing in."""
    from django.contrib.sessions.models import Session

    ids, addresses = _ids_of(user), _addresses_of(user)
    return [session.session_key for session in Session.objects.iterator()
            if _refers_to(session.get_decoded(), ids, addresses)]


def _forget_in_admin_log(user) -> None:
    """The admin's log of changes names what it changed ("instagram (bob-handle)", the user's name): the lines
    about the person and their rows go with them (those they made themselves go with their user row)."""
    from django.apps import apps
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import ForeignKey

    user_model = get_user_model()
    about = [(ContentType.objects.get_for_model(user_model), [str(user.pk)])]
    for model in apps.get_models():
        owner = next((f.name for f in model._meta.get_fields()
                      if isinstance(f, ForeignKey) and f.related_model is user_model and f.name == "owner"), None)
        if owner:
            about.append((ContentType.objects.get_for_model(model),
                          [str(pk) for pk in owned(model, user).values_list("pk", flat=True)]))
    for content_type, ids in about:
        if ids:
            LogEntry.objects.filter(content_type=content_type, object_id__in=ids).delete()


def delete_account(user) -> None:
    """Remove the person: every row (cascades from the user), every file, every session. Not undoable.

    Rows with files remove their files as they go (accounts/signals.py); the person's own file folders
    are removed as well, so nothing a crash left behind survives either. Sessions go whether signed in or
    halfway through a login or sign-up (`sessions_of`), expired or not. The correction reports they sent the
    catalog go with them too (`Correction.owner` cascades): their text may say who they are.
    """
    from django.contrib.sessions.models import Session

    user_id = str(user.pk)
    with transaction.atomic():
        Session.objects.filter(session_key__in=sessions_of(user)).delete()
        _forget_in_admin_log(user)
        user.delete()
    root = Path(settings.MEDIA_ROOT)
    for folder in ("evidence",):
        shutil.rmtree(root / folder / user_id, ignore_errors=True)
