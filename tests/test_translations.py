"""The interface speaks eight languages: every string shown to people is marked, and every catalog has them all.

- Templates: text outside {% translate %}/{% blocktranslate %} (and alt, title, placeholder, aria-label
  attributes) must be marked. Only symbols, numbers and names in ALLOWED may stay literal.
- Python: flash messages, form labels and help texts, validation errors and model labels must be marked.
- Catalogs: `makemessages` over the code (run on a copy, so the real catalogs are untouched) must find no
  string that a language lacks, and the committed .mo files must be compiled from the committed .po files.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import require_tool

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "optout"
LANGUAGES = ["de", "fr", "es", "it", "nl", "pl", "pt"]
# Literal words that are the same in every language: the product's name, file and protocol names.
ALLOWED = {"optout", "robots", "txt", "ai", "tdmrep", "json", "SHA", "RFC", "HTTP", "JSON", "PDF", "ICS", "TOTP", "UTC"}
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]+")


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def templates() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("**/templates/**/*.html"))


def _strip_django(source: str) -> str:
    """Template source with Django comments, marked blocks, tags and variables removed (line breaks kept)."""
    def blank(match: re.Match) -> str:
        return "\n" * match.group(0).count("\n")

    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", blank, source, flags=re.S)
    source = re.sub(r"{#.*?#}", blank, source, flags=re.S)
    source = re.sub(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", blank, source, flags=re.S)
    source = re.sub(r"{%\s*block body_class\s*%}.*?{%\s*endblock", blank, source, flags=re.S)  # a CSS class
    source = re.sub(r"{%.*?%}", blank, source, flags=re.S)
    return re.sub(r"{{.*?}}", blank, source, flags=re.S)


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.found.append((self.getpos()[0], value))
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button") and value:
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.found.append((self.getpos()[0], data.strip()))


def unmarked_template_text(path: Path) -> list[str]:
    finder = _TextFinder()
    finder.feed(_strip_django(path.read_text()))
    problems = []
    for line, text in finder.found:
        words = [w for w in WORD.findall(text) if w not in ALLOWED]
        if words:
            problems.append(f"{_where(path)}:{line}: {text[:80]!r}")
    return problems


def test_every_template_string_shown_to_people_is_marked():
    problems = [problem for path in templates() for problem in unmarked_template_text(path)]
    assert not problems, "Mark these for translation ({% translate %} / {% blocktranslate %}):\n" + "\n".join(problems)


def test_the_template_check_notices_an_unmarked_string(tmp_path):
    sample = tmp_path / "sample.html"
    sample.write_text('{% load i18n %}<h1>{% translate "Fine" %}</h1><p>Not marked</p><img alt="Also not">'
                      '{% blocktranslate %}Marked {{ x }}{% endblocktranslate %}<p>optout · {{ name }} →</p>')
    found = unmarked_template_text(sample)
    assert [line.split(": ", 1)[1] for line in found] == ["'Not marked'", "'Also not'"]


# Python: calls whose string arguments reach the page.
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "debug", "add_message"}
LABEL_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "placeholder"}
MARKERS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}


def _is_plain_text(node: ast.AST) -> bool:
    """A literal (or f-string) with words in it, not wrapped in a translation call."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(node.value)) and node.value not in ALLOWED
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and WORD.search(str(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_plain_text(node.left)
    return False


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def unmarked_python_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node) in MARKERS:
            continue
        name = _call_name(node)
        candidates = []
        if name in MESSAGE_FUNCTIONS and isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "messages":
            candidates += node.args[1:2] + [k.value for k in node.keywords if k.arg == "message"]
        if name == "ValidationError":
            candidates += node.args[:1]
        if name == "add_error":
            candidates += node.args[1:2]
        # A model field's help_text documents the field for developers (forms set their own, checked here).
        keywords = LABEL_KEYWORDS - {"help_text"} if path.name == "models.py" else LABEL_KEYWORDS
        candidates += [k.value for k in node.keywords if k.arg in keywords]
        for candidate in candidates:
            if _is_plain_text(candidate):
                problems.append(f"{_where(path)}:{candidate.lineno}: {ast.unparse(candidate)[:80]}")
    return problems


def python_modules() -> list[Path]:
    names = ("views.py", "forms.py", "models.py", "wizard_views.py", "adapter.py")
    return sorted(p for p in PACKAGE.glob("**/*.py")
                  if (p.name in names or p.parent.name == "views") and "tests" not in p.parts and "migrations" not in p.parts)


def test_python_strings_shown_to_people_are_marked():
    problems = [problem for path in python_modules() for problem in unmarked_python_strings(path)]
    assert not problems, "Mark these for translation (gettext / gettext_lazy):\n" + "\n".join(problems)


def translations_inside_f_strings(path: Path) -> list[str]:
    """Translation calls written inside an f-string: xgettext does not look there, so their text never
    reaches the catalogs and people read it in English whatever language they chose."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [f"{_where(path)}:{call.lineno}: {ast.unparse(call)[:80]}"
            for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
            for call in ast.walk(node) if isinstance(call, ast.Call) and _call_name(call) in MARKERS]


def test_no_translation_call_hides_inside_an_f_string():
    modules = [p for p in PACKAGE.glob("**/*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    problems = [problem for path in sorted(modules) for problem in translations_inside_f_strings(path)]
    assert not problems, "Move these translation calls out of the f-string (xgettext skips them):\n" + "\n".join(problems)


def test_the_f_string_check_notices_a_hidden_translation(tmp_path):
    sample = tmp_path / "alerts.py"
    sample.write_text('from django.utils.translation import gettext as _\n'
                      'def tell(sentence):\n    advice = _("Fine.")\n    return f"{sentence} {_(\'Hidden.\')}", advice\n')
    assert [line.split(": ", 1)[1] for line in translations_inside_f_strings(sample)] == ["_('Hidden.')"]


def test_the_python_check_notices_an_unmarked_string(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text('from django.contrib import messages\nfrom django.utils.translation import gettext as _\n'
                      'def v(request, form):\n    messages.success(request, "Saved it.")\n'
                      '    messages.success(request, _("Fine."))\n    form.add_error("x", f"Wrong {1}")\n')
    found = unmarked_python_strings(sample)
    assert [line.split(": ", 1)[1] for line in found] == ["'Saved it.'", "f'Wrong {1}'"]


def _catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.fixture(scope="module")
def fresh_catalogs(tmp_path_factory):
    """makemessages on a copy of the code and catalogs: what the catalogs would be if brought up to date."""
    require_tool("msgmerge", "apt-get install gettext")
    copy = tmp_path_factory.mktemp("i18n") / "optout"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("data", "tests", "migrations", "__pycache__", "*.mo"))
    django_admin = Path(sys.executable).parent / "django-admin"
    subprocess.run(
        [str(django_admin), "makemessages", "--settings=optout.settings", f"--pythonpath={ROOT}", "--no-location",
         "--no-obsolete", *[f"-l{lang}" for lang in LANGUAGES], "--ignore=locale/*"],
        cwd=copy, check=True, capture_output=True, text=True,
    )
    return copy / "locale"


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, first msgstr, fuzzy) for each entry of a .po file, read with msgfmt's own parser via msgcat."""
    text = subprocess.run(["msgcat", "--no-wrap", "--sort-output", str(po)], capture_output=True, text=True,
                          check=True).stdout
    entries = []
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M)
        if msgid and msgid.group(1) and msgstr is not None:
            entries.append((msgid.group(1), msgstr.group(1), "#, fuzzy" in block or ", fuzzy" in block))
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_translates_every_string(fresh_catalogs, language):
    require_tool("msgcat", "apt-get install gettext")
    entries = _entries(fresh_catalogs / language / "LC_MESSAGES" / "django.po")
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert len(entries) > 500
    assert not missing, (f"The {language} catalog lacks {len(missing)} strings (run `make messages`, then translate "
                         "them in optout/locale/{language}/LC_MESSAGES/django.po):\n" + "\n".join(missing[:40]))
    committed = {msgid for msgid, _, _ in _entries(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po")}
    assert {msgid for msgid, _, _ in entries} == committed, "run `make messages`: the committed catalog is out of date"


OVERRIDES = sorted(path.name for path in (PACKAGE / "locale_overrides").iterdir() if path.is_dir())


@pytest.mark.parametrize(("catalogs", "language"), [*(("locale", language) for language in LANGUAGES),
                                                    *(("locale_overrides", language) for language in OVERRIDES)])
def test_the_compiled_catalog_is_compiled_from_the_committed_one(tmp_path, catalogs, language):
    require_tool("msgfmt", "apt-get install gettext")
    folder = PACKAGE / catalogs / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert _catalog(folder / "django.mo") == _catalog(fresh), f"run `make messages` to recompile {language}"


def test_the_compiled_catalogs_are_part_of_the_package():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["optout"]
    assert "locale/*/LC_MESSAGES/*.mo" in patterns and "locale_overrides/*/LC_MESSAGES/*.mo" in patterns


def test_values_from_the_catalog_and_the_profile_are_shown_in_the_pages_language(alice, alice_client):
    """Codes kept in English (a step's effort and confidence, a person's region) are words on a page: in German, no
    "easy, about 5 min", no "Confidence: medium", no "For European Union."."""
    from conftest import make_plan
    from optout.catalog.loader import catalog

    make_plan(alice, "EU", ["instagram"])
    german = {"accept-language": "de"}
    dashboard = alice_client.get("/plan/", headers=german).content.decode()
    assert "Für die Region Europäische Union." in dashboard and "European Union" not in dashboard
    slug, mechanism = next((p.slug, m) for p in catalog().values() for m in p.mechanisms
                           if m.difficulty == "easy" and m.confidence == "medium" and m.minutes)
    page = alice_client.get(f"/catalog/{slug}/", headers=german).content.decode()
    assert f"leicht, etwa {mechanism.minutes} Min." in page and "Sicherheit: mittel" in page
    assert ">easy," not in page and "Sicherheit: medium" not in page


def test_the_language_menu_names_each_language_in_itself_on_every_page(client, db):
    import re

    from django.conf import settings

    for language in ("de", "fr"):
        page = client.get("/", headers={"accept-language": language}).content.decode()
        menu = dict(re.findall(r'<option value="(\w+)" lang="\w+"[^>]*>([^<]+)</option>', page))
        assert menu == dict(settings.LANGUAGES), language


# The word each language uses for a legal objection (GDPR Art. 21); an opt-out is another thing, and "no opt-out here"
# written with it tells people they cannot object where the law says they can.
OBJECTION_WORDS = {"it": "opposizion", "pt": "oposiç", "pl": "sprzeciw", "es": "oposici", "fr": "opposition",
                   "de": "widerspr", "nl": "bezwaar"}


@pytest.mark.parametrize("language", sorted(OBJECTION_WORDS))
def test_an_opt_out_is_never_called_an_objection(language):
    catalog = _catalog(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo")
    wrong = [msgid for msgid, msgstr in catalog.items() if isinstance(msgid, str)
             and re.search(r"\bopt(?:[- ]outs?|ing out)\b", msgid, re.I) and not re.search(r"object|letter", msgid, re.I)
             and OBJECTION_WORDS[language] in msgstr.casefold()]
    assert not wrong, f"{language}: these call an opt-out an objection: {wrong}"


# The sentence an objection opens with says what the person makes ("I am a photographer"); a translation that says
# they do it for a living puts a claim in a hobbyist's legal letter that they never made.
FOR_A_LIVING = {"de": r"beruflich", "pt": r"profission|trabalho em", "es": r"me dedico|profesional",
                "it": r"mi occupo|professionis", "fr": r"professionnel", "nl": r"beroeps", "pl": r"zawodowo"}


@pytest.mark.parametrize("language", sorted(FOR_A_LIVING))
def test_the_creators_sentence_claims_no_profession(language):
    catalog = _catalog(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo")
    sentences = {msgid: msgstr for msgid, msgstr in catalog.items() if isinstance(msgid, str)
                 and re.fullmatch(r"I (?:am an? [\w ]+|make videos) and I post my work on your platform\.", msgid)}
    assert len(sentences) == 5
    wrong = [msgstr for msgstr in sentences.values() if re.search(FOR_A_LIVING[language], msgstr, re.I)]
    assert not wrong, f"{language}: {wrong}"


def _reason_msgids() -> list[str]:
    source = (PACKAGE / "plans" / "reasons.py").read_text(encoding="utf-8")
    return [ast.literal_eval(f'"{text}"') for text in re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', source)]


# The text a person pastes into a platform's objection form is theirs: no "ilustrador(a)", "musicien·ne",
# "illustratore/illustratrice" or "artystą lub artystką" for them to mend before it goes out.
GENDER_MARKS = re.compile(r"\w\((?:a|-am|-aś|-a|e|ne)\)|\w/(?:a|illustratrice|ilustradora)\b|\w·\w|\blub artystką\b")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_objection_text_people_paste_speaks_of_them_without_gender_marks(language):
    catalog = _catalog(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo")
    ids = _reason_msgids()
    assert len(ids) >= 20
    marked = [catalog[msgid] for msgid in ids if msgid in catalog and GENDER_MARKS.search(catalog[msgid])]
    assert not marked, f"{language}: {marked}"


def test_polish_never_assumes_the_persons_gender():
    """Polish past forms carry gender ("wysłałeś", "wysłałem(-am)"): the person is addressed in other forms."""
    catalog = _catalog(PACKAGE / "locale" / "pl" / "LC_MESSAGES" / "django.mo")
    texts = [text for key, value in catalog.items() if key
             for text in (value if isinstance(value, tuple) else (value,))]
    gendered = re.compile(r"\(-a[mś]?\)|\b\w+łeś\b|\b\w+łaś\b|\bzalogowany\b|\bwidoczny publicznie\b")
    assert not [text for text in texts if gendered.search(text)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_background_worker_is_named_in_the_readers_language(language):
    """"worker" is English jargon: only the command names "optout worker" and "--no-worker" keep it."""
    catalog = _catalog(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo")
    texts = [text for key, value in catalog.items() if key
             for text in (value if isinstance(value, tuple) else (value,))]
    english = [text for text in texts if re.search(r"worker", re.sub(r"optout worker|--no-worker", "", text), re.I)]
    assert len([text for text in texts if "optout worker" in text]) >= 5
    assert not english, f"{language}: {english}"


# A placeholder cannot take an article or a case ending: "de Instagram" wants "do Instagram" but "da Meta", and Polish
# "od Instagram" wants "od Instagrama". A noun put before the name carries them ("da plataforma %(platform)s", "od
# serwisu %(platform)s").
UNINFLECTED = {"pt": re.compile(r"\b(?:de|em|a|por|para|com|do|da|no|na) %\((?:platform|company)\)s"),
               "pl": re.compile(r"\b(?:od|do|na|w|o|dla|z|przez) %\((?:platform|company)\)s")}


@pytest.mark.parametrize("language", sorted(UNINFLECTED))
def test_platform_and_company_names_are_not_put_where_they_would_need_an_article_or_a_case(language):
    catalog = _catalog(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo")
    texts = [text for key, value in catalog.items() if key
             for text in (value if isinstance(value, tuple) else (value,))]
    assert len([text for text in texts if "%(platform)s" in text]) >= 10
    wrong = [text for text in texts if UNINFLECTED[language].search(text)]
    assert not wrong, f"{language}: {wrong}"
