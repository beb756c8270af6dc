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


# An archive's record of a document read from two pages (as Open Terms Archive keeps Meta's): the second page
# failed to load once, so its part of the record is the site's error message. The record keeps most of its length.
TERMS = "\n\n".join([
    "# Terms of Service",
    "These terms govern your use of the service and of the features we offer to businesses and developers.",
    "You must be at least 18 years old and able to form a binding contract to use the service.",
    "You are responsible for the content you submit and for keeping your account credentials secure.",
    "We may suspend accounts that break these terms, and you may close your account at any time.",
    "These terms are governed by the laws of Ireland, without regard to conflict of laws principles.",
])
COMMITMENTS = "\n\n".join([
    "## Data commitments",
    "We do not use your prompts or the model's responses to train our AI models.",
    "Customer content is encrypted in transit and at rest, and only the staff who need it can see it.",
    "You can delete your content at any time, and we delete it from our systems within 30 days.",
])
BROKEN = "This page isn’t available\n-------------------------\n\nAn unexpected error has occurred. Try reloading the page or come back later."


def test_a_part_of_a_record_replaced_by_an_error_message_is_drastic_and_names_the_line():
    whole, broken = f"{TERMS}\n\n- - -\n\n{COMMITMENTS}", f"{TERMS}\n\n- - -\n\n{BROKEN}"
    assert len(broken) > len(whole) / 2
    assert drastic(whole, broken) == confirm.ERROR
    assert confirm.error_line(whole, broken) == "This page isn’t available"
    # The page back: nothing to wait for, but the change was made against an error message, which error_line finds.
    assert drastic(broken, whole) == ""
    assert confirm.error_line(broken, whole) == "This page isn’t available"


def test_common_error_pages_and_walls_in_place_of_a_part_are_error_messages():
    whole = f"{TERMS}\n\n{COMMITMENTS}"
    for message in ("Sorry, we couldn't find that page.", "Hmm...this page doesn’t exist. Try searching for something else.",
                    "Just a moment...", "403 Forbidden", "500 Internal Server Error", "Rate limit exceeded",
                    "Sign in to continue to Instagram", "There was an error loading this page", "Page Not Found",
                    "The page you’re looking for can’t be found.", "Sorry! We are experiencing technical difficulties",
                    "Please turn JavaScript on and reload the page.", "Loading...",
                    "There was a problem loading this content.", "We're having trouble loading this section.",
                    "Could not load content.", "Content unavailable", "This section is temporarily unavailable.",
                    "Oops! Something's not right.", "You don't have permission to access this resource.",
                    "Log in or sign up to view", "We'll be back soon!", "Failed to fetch", "Network Error"):
        broken = f"{TERMS}\n\n## Data commitments\n\n{message}"
        assert confirm.error_line(whole, broken) == confirm.MARKUP.sub("", message), message
        assert drastic(whole, broken) == confirm.ERROR, message


def test_error_words_in_a_policys_own_lines_are_no_error_message():
    """Words an error page uses, in lines that are the policy's own: in a long sentence, added beside what they
    replace or about as long, gone with nothing in their place, or in both texts."""
    outages = ("We are not liable when the service is temporarily unavailable, when a page is not found or when an "
               "unexpected error has occurred on a device that you or a third party control.")
    api = "3. After a grace period of at least 2 weeks, we will stop routing requests for that model and return a 404 error."
    for line in (outages, api, "a) Not receiving sufficient information to determine that an error occurred;",
                 "Oops! Something went wrong while submitting the form.", "447 Suter Street Ste 405 #1091",
                 "550€ refill per month"):
        assert confirm.error_lines(line) == [], line
    for line in ("## What to do if something went wrong", "Access denied requests are logged and reviewed.",
                 "Please enable JavaScript to view the cookie settings.", "| 429 | Too many requests |",
                 "If you send too many requests, we may throttle your API access."):
        assert confirm.error_lines(line), line  # words of an error page, so the place they stand in decides
        assert drastic(POLICY, f"{POLICY}\n\n{line}") == "", line  # added, nothing lost
        faq = f"{line}\n\nWrite to our support team with your order number and we will put it right within two days."
        promise = "We do not use your posts to train our AI models, and we never sell them to anyone who would."
        assert confirm.error_line(f"{TERMS}\n\n{promise}", f"{TERMS}\n\n{faq}") == "", line  # a rewrite
        assert confirm.error_line(f"{POLICY}\n\n{line}", POLICY) == "", line  # gone, nothing in its place
    boilerplate = "Learn how to change your browser settings to enable JavaScript."
    assert drastic(f"{POLICY}\n\n{boilerplate}", f"{POLICY.replace('90 days', '30 days')}\n\n{boilerplate}") == ""
