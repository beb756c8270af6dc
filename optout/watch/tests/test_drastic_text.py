"""Which fetched texts are drastic changes that wait for a second check (pure: optout.watch.confirm)."""

from optout.watch import confirm
from optout.watch.confirm import drastic, verdict

POLICY = "\n\n".join([
    "# Privacy Policy",
    "We collect information you provide when you create an account, such as your name and e-mail address.",
    "We use information to provide, personalise and improve our services, and to keep them safe.",
    "You can access, correct and delete your information in your settings at any time.",
    "We share information with service providers who help us run the service, under contract.",
    "We keep information for as long as your account exists, and delete it within 90 days after.",
    "We may use your posts to train the generative AI models that power our features.",
])


def test_no_latest_or_an_empty_latest_is_never_drastic():
    assert drastic(None, POLICY) == ""
    assert drastic("", POLICY) == ""
    assert drastic(None, "") == ""


def test_an_empty_new_text_is_drastic():
    assert drastic(POLICY, "") == confirm.SHORTER


def test_the_same_text_and_the_same_sentences_reordered_are_not_drastic():
    assert drastic(POLICY, POLICY) == ""
    assert drastic(POLICY, "\n\n".join(reversed(POLICY.split("\n\n")))) == ""


def test_a_stub_keeping_less_than_half_the_length_is_drastic():
    assert drastic(POLICY, "# Privacy Policy\n\nPlease sign in to continue.") == confirm.SHORTER
    truncated = POLICY[: len(POLICY) // 2 - 1]
    assert drastic(POLICY, truncated) == confirm.SHORTER
    assert drastic(POLICY, POLICY[: len(POLICY) // 2 + 1]) == ""  # half of it, with most sentences: not drastic


def test_an_ordinary_edit_of_similar_length_is_not_drastic():
    edited = POLICY.replace("90 days", "30 days").replace("train the generative AI models", "improve the AI features")
    assert drastic(POLICY, edited) == ""


def test_a_text_of_the_same_length_sharing_few_sentences_is_drastic():
    """Another region's version, a wall padded with boilerplate, or a real rewrite of every sentence:
    optout cannot tell them apart from one fetch, so each waits for a second one."""
    rewrite = "\n\n".join(s.replace("We ", "The company ").replace("You ", "Members ") for s in POLICY.split("\n\n"))
    assert len(rewrite) >= len(POLICY)
    assert drastic(POLICY, rewrite) == confirm.DIFFERENT
    one_kept = "\n\n".join([POLICY.split("\n\n")[1], *(f"Sentence number {n} of the regional terms here." for n in range(8))])
    assert drastic(POLICY, one_kept) == confirm.DIFFERENT  # 1 of 7 sentences kept (< 20 %)
    two_kept = "\n\n".join([*POLICY.split("\n\n")[1:3], *(f"Sentence number {n} of the regional terms here." for n in range(7))])
    assert drastic(POLICY, two_kept) == ""  # 2 of 7 (≥ 20 %)


def test_punctuation_markup_and_case_do_not_count_as_lost_sentences():
    marked = POLICY.replace("settings", "[settings](https://example.com/settings)").upper().replace(".", "!")
    assert drastic(POLICY, marked) == ""


def test_the_verdict_of_a_check():
    stub, other_stub = "Please sign in.", "Something went wrong."
    assert verdict(None, "", stub, "s") == (confirm.NEW, "")  # the first version is never held
    assert verdict(POLICY, "p", POLICY, "p") == (confirm.SAME, "")
    assert verdict(POLICY, "p", stub, "s") == (confirm.HOLD, confirm.SHORTER)
    assert verdict(POLICY, "p", stub, "s", pending_hash="s") == (confirm.CONFIRMED, "")
    assert verdict(POLICY, "p", POLICY, "p", pending_hash="s") == (confirm.FLAP, "")
    assert verdict(POLICY, "p", other_stub, "o", pending_hash="s") == (confirm.HOLD, confirm.SHORTER)
    edited = POLICY.replace("90 days", "30 days")
    assert verdict(POLICY, "p", edited, "e", pending_hash="s") == (confirm.NEW, "")
    # drastic texts in place of the latest for longer than confirm.MAX_WAIT: the latest is not coming back
    assert verdict(POLICY, "p", other_stub, "o", pending_hash="s", waited_long=True) == (confirm.CONFIRMED, "")
    assert verdict(POLICY, "p", POLICY, "p", pending_hash="s", waited_long=True) == (confirm.FLAP, "")
    assert verdict(POLICY, "p", edited, "e", pending_hash="s", waited_long=True) == (confirm.NEW, "")
