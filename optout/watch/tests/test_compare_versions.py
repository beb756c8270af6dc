"""Comparing two versions: the alignment is exact where it matters and the judgement finds one
AI sentence in a large policy (what `optout watch compare` and the version page rely on)."""

import json
import re
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from optout.cli import build_app
from optout.watch.align import opcodes
from optout.watch.classify import _GENERATED, GENERATED_CONTENT, classify
from optout.watch.diff import diff
from optout.watch.links import LINK_PATTERN, RUN_TOGETHER_PATTERN, links_run_together, without_links

items = st.lists(st.sampled_from("abcdefgh"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(items, items)
def test_opcodes_rebuild_both_sides_and_equal_blocks_are_equal(a, b):
    codes = opcodes(a, b)
    assert [c[1] for c in codes] == [0] + [c[2] for c in codes[:-1]] if codes else a == b == []
    rebuilt_a, rebuilt_b = [], []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        rebuilt_a += a[i1:i2]
        rebuilt_b += b[j1:j2]
    assert rebuilt_a == a and rebuilt_b == b


markdown = st.lists(st.sampled_from(["](", ")", "[", "]", "(", " ", "\n", "x", "https://", "http://", "a.b/c"]),
                    max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(markdown)
def test_links_are_found_exactly_as_the_plain_patterns_find_them(text):
    """The linear scans give what the plain patterns give (which are quadratic on hostile pages)."""
    assert without_links(text) == re.sub(LINK_PATTERN, " ", text)
    assert links_run_together(text) == len(re.findall(RUN_TOGETHER_PATTERN, text))


# The rule on AI-generated content as first written: a labelling word then a making word, or the other way
# round, on one line. It read a long line once per labelling word; the shipped pattern reads it once.
PLAIN_GENERATED = re.compile(
    rf"\b({_GENERATED}|(disclos\w+|label\w*|watermark\w*)\b.*\b(generat\w+|creat\w+|made|synthetic|manipulat\w+|realistic)"
    rf"|(generat\w+|creat\w+|made|synthetic|manipulat\w+|realistic)\b.*\b(disclos\w+|label\w*|watermark\w*))\b", re.I)
words = st.lists(st.sampled_from(["label", "Labels", "relabel", "labelmade", "disclose", "watermarked", "made",
                                  "madeup", "created", "generated", "synthetic", "realistic", "by", "with", "AI",
                                  "or", "images", "deepfake", "x", ",", "\n"]), max_size=14).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(words)
def test_the_generated_content_rule_reads_as_first_written(sentence):
    assert bool(GENERATED_CONTENT.search(sentence)) == bool(PLAIN_GENERATED.search(sentence))


def _policy(paragraphs: int) -> list[str]:
    return [f"Section {n}. We keep the records of account {n} for {n % 12 + 1} months to run the service, "
            f"answer support request {n} and meet legal duty {n}." for n in range(paragraphs)]


def test_one_ai_sentence_in_a_large_policy_is_found_and_quoted():
    old = _policy(3000)  # about 400 KB
    new = list(old)
    new.insert(1500, "We use your public posts and photos to train our generative AI models.")
    result = classify("\n\n".join(old), "\n\n".join(new))
    assert result.ai_relevant
    assert result.reasons[0].kind == "added"
    assert "train our generative AI models" in result.reasons[0].text


def test_a_reworded_sentence_is_paired_with_its_old_wording_in_a_large_policy():
    old = _policy(3000)
    old[2000] = "We do not use your messages to train AI models."
    new = list(old)
    new[2000] = "We use your messages to train AI models."
    result = classify("\n\n".join(old), "\n\n".join(new))
    assert result.ai_relevant and [r.kind for r in result.reasons] == ["changed"]


def test_a_moved_paragraph_and_a_typo_are_not_about_ai():
    old = _policy(500) + ["We do not use your content to train generative AI models."]
    new = ["We do not use your content to train generative AI models."] + _policy(500)
    new[10] = new[10].replace("support request", "support  request")
    result = classify("\n\n".join(old), "\n\n".join(new))
    assert not result.ai_relevant


def test_the_paragraph_diff_marks_only_the_changed_paragraph():
    old = _policy(2000)
    new = list(old)
    new[700] = new[700].replace("legal duty", "legal obligation")
    changes = diff("\n\n".join(old), "\n\n".join(new))
    assert [c.kind for c in changes].count("changed") == 1
    assert sum(c.kind == "equal" for c in changes) == 1999



def test_a_paragraph_in_the_place_of_another_is_shown_removed_and_added_not_word_by_word():
    """A part of the page replaced by an error message, marked word by word against the promise it replaced, read
    "We~~Try~~ do~~searching~~ not …": a jumble of two unrelated sentences."""
    promise = "We do not use your prompts or uploaded images to train our AI models."
    error = "Sorry, we couldn't find that page. Try searching for something else."
    edited = promise.replace("uploaded images", "uploaded images and videos")
    changes = diff(f"# Privacy\n\n{promise}\n\nContact us.", f"# Privacy\n\n{error}\n\nContact us.")
    assert [(c.kind, c.old, c.new) for c in changes if c.kind != "equal"] == [
        ("removed", promise, ""), ("added", "", error)]
    changes = diff(f"# Privacy\n\n{promise}\n\nContact us.", f"# Privacy\n\n{edited}\n\nContact us.")
    assert [(c.kind, c.old, c.new) for c in changes if c.kind != "equal"] == [("changed", promise, edited)]


def compare(old, new):
    return CliRunner().invoke(build_app(), ["watch", "compare", str(old), str(new)], env={"COLUMNS": "200"})


def test_compare_refuses_what_is_not_a_text_file_and_says_which(tmp_path):
    """A folder, a device or a huge file is refused by name before it is read (reading first, a 300 MB file
    took 330 MB of memory and /dev/zero all of it); a PDF is not compared as a page of gibberish."""
    policy = tmp_path / "policy.md"
    policy.write_text("# Policy\n\nWe keep your data.\n")
    huge = tmp_path / "huge.md"
    with huge.open("wb") as file:
        file.truncate(100 * 1024 * 1024)  # sparse: no disk used
    assert compare(policy, policy).exit_code == 0  # the modules a comparison loads are loaded before measuring

    def peak_memory(old, new):
        tracemalloc.start()
        try:
            return compare(old, new), tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    _, usual = peak_memory(policy, policy)
    said, peak = peak_memory(policy, huge)
    assert said.exit_code == 1 and f"{huge} is larger than 5 MB, the largest page the watcher reads" in said.output
    assert peak < usual + 5 * 1024 * 1024, (peak, usual)

    folder = tmp_path / "2024.md"
    folder.mkdir()
    said = compare(policy, folder)
    assert said.exit_code == 1 and f"{folder} is a folder, not a file." in said.output
    said = compare("/dev/null", policy)
    assert said.exit_code == 1 and "/dev/null is not a file (a device or a pipe?)." in said.output

    pdf = tmp_path / "policy.pdf.md"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 42 /Filter /FlateDecode >>\nstream\n\x78\x9c\x00\x01")
    said = compare(policy, pdf)
    assert said.exit_code == 1 and f"{pdf} is not a text file" in said.output


def test_compare_refuses_a_page_larger_than_the_watcher_reads(tmp_path):
    """A 13.8 MB page was read and judged, "the same judgement as the watcher's", while the watcher refuses any page
    larger than 5 MB ("The document is larger than 5 MB.")."""
    from optout.lib.http import Limits

    policy = tmp_path / "policy.html"
    paragraph = "<p>We keep your data for as long as your account is open, and delete it after.</p>\n"
    policy.write_text(f"<html><body><main><h1>Policy</h1>{paragraph}</main></body></html>")
    big = tmp_path / "saved page.html"
    big.write_text(f"<html><body><main><h1>Policy</h1>{paragraph * (Limits().max_bytes // len(paragraph) + 1)}"
                   "<p>We use your posts to train our AI models.</p></main></body></html>")
    refused = (f"{big} is larger than 5 MB, the largest page the watcher reads: it would refuse this page, so optout "
               "does not compare it either.")
    for old, new in ((policy, big), (big, policy)):
        said = compare(old, new)
        assert said.exit_code == 1 and refused in said.output, said.output
        assert "about AI" not in said.output
    said = CliRunner().invoke(build_app(), ["watch", "compare", "--json", str(policy), str(big)])
    assert said.exit_code == 1 and json.loads(said.stdout.splitlines()[0]) == {"error": refused}


def test_a_utf8_file_with_one_line_in_windows_encoding_is_read_line_by_line(tmp_path):
    """One line saved by Windows appended to a UTF-8 file: read wholly as Windows' encoding, every "’" of the
    rest became "â€™", and each sentence holding one a change about AI. A file wholly in Windows' encoding
    still reads as the same text."""
    policy = ("# Policy\n\nWe don’t use your private messages to train our AI models.\n\n"
              "We use your public posts – photos, captions – to train our AI models.\n")
    old, new, windows = tmp_path / "old.md", tmp_path / "new.md", tmp_path / "windows.md"
    old.write_text(policy, encoding="utf-8")
    new.write_bytes(policy.encode("utf-8") + "\nCopyright © Café Ltd\n".encode("cp1252"))
    windows.write_bytes((policy + "\nCopyright © Café Ltd\n").encode("cp1252"))
    said = compare(old, new)
    assert said.exit_code == 0 and said.output == "Changed, not about AI (score 0.00).\n"
    assert compare(new, windows).output == "No change in the text.\n"
    linked = tmp_path / "linked.md"
    linked.write_text(policy.replace("AI models.\n\nWe", "[AI models](https://example.com/ai).\n\nWe"), encoding="utf-8")
    assert compare(old, linked).output == ("No change in what the text says: only links, layout, punctuation or "
                                           "spelling differ.\n")


def test_compare_names_a_utf16_file_without_its_mark_and_a_link_to_nowhere(tmp_path):
    policy = tmp_path / "policy.md"
    policy.write_text("# Policy\n\nWe keep your data.\n")
    notepad = tmp_path / "notepad.md"
    notepad.write_bytes("# Policy\n\nWe keep your café’s data.\n".encode("utf-16-le"))
    said = compare(policy, notepad)
    assert said.exit_code == 1
    assert f"{notepad} looks like UTF-16 text saved without the mark that says so. Save it as UTF-8" in said.output
    notepad.write_bytes("# Policy\n\nWe keep your data.\n".encode("utf-16-be"))
    assert "looks like UTF-16 text" in compare(policy, notepad).output
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "moved.md")
    said = compare(policy, link)
    assert said.exit_code == 1
    assert f"{link} is a link to {tmp_path / 'moved.md'}, which does not exist.\n" in said.output
    said = compare(policy, tmp_path / "missing.md")
    assert said.exit_code == 1 and f"Cannot read {tmp_path / 'missing.md'}: No such file or directory.\n" in said.output


def test_compare_says_when_a_part_of_either_version_reads_like_an_error_message(tmp_path):
    policy = "\n\n".join(["# Privacy Policy", *_policy(12)])
    whole = tmp_path / "whole.md"
    whole.write_text(f"{policy}\n\n- - -\n\nWe never use your messages to train our AI models.\n\nYou can delete "
                     "your messages at any time, and we remove them from our servers within thirty days.\n")
    broken = tmp_path / "broken.md"
    broken.write_text(f"{policy}\n\n- - -\n\n# Something went wrong\n\nPlease reload the page.\n")
    said = compare(whole, broken)
    assert said.exit_code == 0, said.output
    lines = said.output.splitlines()
    assert lines[0].startswith("Changed, maybe about AI (optout cannot tell for sure)")
    assert lines[1].startswith("Careful: one of the two versions has a line that reads like an error message "
                               "(“Something went wrong”): a part of the page may not have loaded")
    assert "removed: “We never use your messages to train our AI models.”" in said.output
    back = CliRunner().invoke(build_app(), ["watch", "compare", str(broken), str(whole), "--json"])
    data = json.loads(back.output)
    assert (data["ai_relevant"], data["sure"], data["drastic"], data["error_line"]) == (
        True, False, "error", "Something went wrong")


def test_compare_quotes_a_banned_item_after_its_lead_in(tmp_path):
    """`watch compare` tells the reasons as an alert does: "train AI systems using platform data" alone, under "Users
    may not:", read as the platform training on people's data."""
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    rules = "# Rules\n\nUsers may not:\n\n- post spam; or\n- harass other users; or\n"
    old.write_text(f"{rules}\nOutput may be generated by AI.\n", encoding="utf-8")
    new.write_text(f"{rules}- train AI systems using platform data; or\n\nOutput may be generated by AI and may be "
                   "inaccurate.\n", encoding="utf-8")
    said = compare(old, new).output
    assert "added: “Users may not: … train AI systems using platform data; or”" in said


def test_compare_of_a_stub_and_the_policy_back_is_never_sure(tmp_path):
    """Instagram's policy, as Open Terms Archive read it on 19 June 2025 ("Privacy Policy", and nothing under it), then
    whole again on 20 June: `compare` called the page back a sure change about AI, as the watcher's judgement of two
    versions did, while the two files alone cannot tell a page back from a policy grown at length."""
    stub, whole = tmp_path / "stub.md", tmp_path / "whole.md"
    stub.write_text("Privacy Policy\n---\n")
    whole.write_text("\n\n".join(["# Privacy Policy", *_policy(40), "We use your public posts and photos to train "
                                  "our generative AI models."]) + "\n")
    said = compare(stub, whole)
    assert said.exit_code == 0, said.output
    lines = said.output.splitlines()
    assert lines[0].startswith("Changed, maybe about AI (optout cannot tell for sure)")
    assert lines[1].startswith("Careful: the old version holds few of the new one's sentences. It may have been an "
                               "error page or a cut-down page and the new one the page back")
    data = json.loads(CliRunner().invoke(build_app(), ["watch", "compare", str(stub), str(whole), "--json"]).output)
    assert (data["ai_relevant"], data["sure"], data["drastic"]) == (True, False, "restored")
