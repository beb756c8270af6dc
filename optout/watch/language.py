"""Which language a policy's text is written in, well enough to tell when a page came back in another one.

Platforms serve a page by region or browser language, so an archive of one address sometimes switches
from the French page to the English one and back. Every sentence then reads as new, and the AI sentences
of the same policy in the other language look added: a false alarm about a change nobody made. optout
cannot compare texts in two languages, so it says the page switched and judges nothing. Pure: no Django.

Latin-script languages are told apart by their most frequent short words (articles, prepositions,
pronouns), which a policy uses by the hundred; other scripts by their letters. A text mixing two
languages (a bilingual page), or too short to count, has no language here, so it never reads as a switch.
"""

from __future__ import annotations

import re
from collections import Counter

from .links import without_links

SAMPLE = 20_000  # characters read from each text: thousands of words to count, cheap on a 400 KB page
AT_LEAST = 30  # function words needed before a text is given a language
# Enough to tell that a short text (a paragraph compared by hand) is not English, never enough to call a switch
SHORT_AT_LEAST = 4
MARGIN = 3.0  # the first language must count this many times the second's function words
KEEP_SIZE = 0.5  # a translation is at least half the size of the page it translates (and at most twice)
CJK_WEIGHT = 3  # Latin-script characters that one Chinese, Japanese or Korean character stands for

# Words frequent in one language's running text and rare in the others' (no word is in two lists, and none
# is common in another of these languages: not "de", "en", "la", "un", "das", "do", "da", "des").
FUNCTION_WORDS = {
    "en": "the and of to are that with for this you your we our which by or from be not",
    "fr": "le les du et est une vous votre nous notre sont pour dans sur qui avec au aux ces",
    "es": "el los las del y usted sus nuestro nuestra nuestros es cuando también puede datos está",
    "de": "der das und ist ein eine sie ihre wir unsere sind für mit auf dem nicht von zu werden",
    "it": "gli della delle degli dei di è che per sono noi nostro nostri tuoi tuo alla nella questo questa dati",
    "nl": "het een van zijn voor met op dat wij onze uw niet aan worden gegevens deze bij",
    "pt": "os é um uma seus nós nosso nossa são com em não ao às você dados pelo pela",
    "sv": "och att som är på av till det inte eller vi våra dina kan har",
    "pl": "się nie jest że lub oraz są przez dla jak twoje nasze danych",
    "cs": "pro jsou nebo vaše vaši osobní údaje které také jako při můžete",
    "ro": "și sau pentru este sunt dumneavoastră noastre datele cu în pe prin",
    "tr": "ve bir bu için ile olarak veya gibi olan tarafından kişisel verilerinizi",
    "id": "dan yang untuk dengan dari ini kami anda tidak atau dalam akan pada",
    "fi": "ja tai että ovat sinun meidän voimme jos kun tietoja myös",
    "hu": "és az hogy vagy egy ha adatait amely szerint adatok",
    "vi": "và của là các được cho trong với không những chúng tôi bạn",
}
_LANGUAGE_OF = {word: language for language, words in FUNCTION_WORDS.items() for word in words.split()}
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = (  # (language, letters of its own script); Han alone reads as Chinese, with kana as Japanese
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
# Letters Ukrainian writes and Russian does not: a Cyrillic text with some of them is Ukrainian.
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
UKRAINIAN_SHARE = 0.01
_KANA = re.compile(r"[\u3040-\u30ff]")
# Japanese legal text can be three parts kanji to one of kana; Chinese has no kana but in a quoted name.
KANA_SHARE = 0.05
_LETTER = re.compile(r"[^\W\d_]")
# Frequent characters written differently in Traditional and Simplified Chinese (we, this, say, for, with,
# data, hide (privacy), time, can, to, open, close, place, individual), in the same order.
_TRADITIONAL = re.compile("[們這說為與資據隱時會對開關處個]")
_SIMPLIFIED = re.compile("[们这说为与资据隐时会对开关处个]")


def language(text: str, at_least: int = AT_LEAST) -> str | None:
    """The language of a text as Django names languages ("en", "fr", "zh-hans" …), or None when optout cannot
    tell (too short, mixed). `at_least`: the function words a Latin-script text needs."""
    sample = without_links(text[:SAMPLE])
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    for code, script in _SCRIPTS:
        if (count := len(script.findall(sample))) >= 0.3 * letters:
            if code == "zh":
                if len(_KANA.findall(sample)) >= KANA_SHARE * count:
                    return "ja"
                return "zh-hant" if len(_TRADITIONAL.findall(sample)) > len(_SIMPLIFIED.findall(sample)) else "zh-hans"
            if code == "ru" and len(_UKRAINIAN.findall(sample)) >= UKRAINIAN_SHARE * count:
                return "uk"
            return code
    counts = Counter(_LANGUAGE_OF.get(word) for word in _WORD.findall(sample.casefold()))
    counts.pop(None, None)
    ranked = [*counts.most_common(2), (None, 0), (None, 0)]
    (first, most), (_, next_most) = ranked[0], ranked[1]
    if most < at_least or most < MARGIN * next_most:
        return None
    return first


def _size(text: str, code: str) -> int:
    """A text's length in Latin-script characters: a Chinese, Japanese or Korean character says about as much
    as a short word, so it counts as CJK_WEIGHT."""
    return len(text) * (CJK_WEIGHT if code in {"zh-hans", "zh-hant", "ja", "ko"} else 1)


def switched(old: str, new: str) -> tuple[str, str] | None:
    """(old language, new language) when the page came back in another language: both texts have a language,
    they differ, and neither is less than half the other's size (a translation of the same page). A page
    replaced by a short landing page or an error in another language is not a switch: what it lost is judged
    like any other change."""
    before = language(old)
    if before is None:
        return None
    after = language(new)
    if after is None or after == before:
        return None
    sizes = _size(old, before), _size(new, after)
    if min(sizes) < KEEP_SIZE * max(sizes):
        return None
    return before, after


def switched_language(languages: tuple[str, ...]) -> bool:
    """Whether a version's recorded languages ("fr en") say the page came back in another language; the
    same language twice ("fr fr") is a page in a language optout does not judge."""
    return len(set(languages)) == 2
