"""History pages, diffs and Atom feeds: what anyone can read, with hostile text kept inert; and the years of
history `optout watch import` reads from an archive or a folder of files."""

import datetime as dt
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from optout.cli import build_app
from optout.plans.services import feed_for
from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.normalise import normalise, text_hash

ATOM = "{http://www.w3.org/2005/Atom}"

NOTHING_NEW = "Nothing new to import: optout already holds the versions found here.\n"


def _versions(texts):
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    start = timezone.now() - dt.timedelta(days=len(texts))
    out = []
    for index, text in enumerate(texts):
        text = normalise(text)
        out.append(services.record_text(document, text, text_hash(text), start + dt.timedelta(days=index)))
    return out


def test_the_diff_escapes_whatever_the_page_said(client, db):
    first, second = _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello <script>alert(1)</script> world.\n"])
    html = client.get(reverse("watch:version", args=[second.id])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ins>" in html
    side = client.get(reverse("watch:version", args=[second.id]), {"view": "side"}).content.decode()
    assert "&lt;script&gt;" in side and "<table class=\"diff side\">" in side
    assert client.get(reverse("watch:version", args=[999999])).status_code == 404


def test_the_diff_shows_links_as_their_labels_not_in_markdown(client, db):
    """A person read "*[Effective September 18, 2024](https://www.linkedin.com/help/…)*" on the version page."""
    old = "# Policy\n\n*[Effective November 20, 2023](https://www.linkedin.com/help/linkedin/answer/a1)*\n\nHello.\n"
    new = ("# Policy\n\n*[Effective September 18, 2024](https://www.linkedin.com/help/linkedin/answer/a2)*\n\n"
           "Hello, see **[our AI page](https://www.linkedin.com/ai)** and \\[1\\].\n")
    _, second = _versions([old, new])
    for view in ("inline", "side"):
        html = client.get(reverse("watch:version", args=[second.id]), {"view": view}).content.decode()
        diff = html.split('class="diff')[1]
        assert "Effective September 18, 2024" in diff and "Hello, see our AI page and [1]." in diff, diff
        assert "](" not in diff and "https://www.linkedin.com" not in diff and "*" not in diff, diff
    # a change of a link's address alone is still shown, as stored
    third = _versions([new, new.replace("/ai)", "/ai-features)")])[1]
    html = client.get(reverse("watch:version", args=[third.id])).content.decode()
    assert "https://www.linkedin.com/ai-features" in html.split('class="diff')[1]
    # the terminal keeps the text as stored
    shown = CliRunner().invoke(build_app(), ["watch", "show", str(second.id)], env={"COLUMNS": "200"}).output
    assert "[our AI page](https://www.linkedin.com/ai)" in shown


def test_platform_and_personal_atom_feeds(client, alice, db):
    from optout.accounts.services import add_platform_account

    _, ai = _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    feed = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"])).content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["AI-relevant change: LinkedIn: Privacy Policy"]
    assert client.get(reverse("watch:platform_feed", args=["myspace"])).status_code == 404
    add_platform_account(alice, "linkedin")
    token = feed_for(alice, create=True).token
    personal = ElementTree.fromstring(client.get(reverse("watch:person_feed", args=[token])).content)
    assert len(personal.findall(f"{ATOM}entry")) == 1
    assert client.get(reverse("watch:person_feed", args=["wrong"])).status_code == 404


def test_a_feed_speaks_the_language_of_its_reader(client, alice, db):
    """A personal feed is read by a feed reader that sends no language: it is written in the one the person
    chose. A platform's public feed follows the language the reader asks for."""
    from optout.accounts.services import add_platform_account, set_language

    _, ai = _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    add_platform_account(alice, "linkedin")
    set_language(alice, "de")
    token = feed_for(alice, create=True).token
    personal = ElementTree.fromstring(client.get(reverse("watch:person_feed", args=[token])).content)
    assert personal.find(f"{ATOM}title").text == "Änderungen auf Ihren Plattformen (optout)"
    assert [e.find(f"{ATOM}title").text for e in personal.findall(f"{ATOM}entry")] == [
        "KI-relevante Änderung: LinkedIn: Privacy Policy"]
    assert "LinkedIn hat" in personal.find(f"{ATOM}entry").find(f"{ATOM}summary").text  # the one-line summary too
    assert personal.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"

    french = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"]),
                                               HTTP_ACCEPT_LANGUAGE="fr").content)
    assert french.find(f"{ATOM}title").text == "LinkedIn\u00a0: modifications de ses politiques (optout)"
    assert [e.find(f"{ATOM}title").text for e in french.findall(f"{ATOM}entry")] == [
        "Modification concernant l’IA\u00a0: LinkedIn: Privacy Policy"]
    # the request after it, with no language, is English again: the person's language did not leak
    english = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"])).content)
    assert english.find(f"{ATOM}title").text == "LinkedIn: changes to its policies (optout)"


def test_history_page_lists_versions_and_flags(client, db):
    _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "LinkedIn: policy history" in html and "About AI" in html and "first version" in html
    assert client.get(reverse("watch:platform", args=["nope"])).status_code == 404


def test_a_page_optout_no_longer_watches_keeps_its_history_and_promises_no_check(client, db):
    """A document taken out of the data files keeps its history, listed last, and the page says it is no
    longer watched instead of when it is checked next or that a drastic change waits for a second look."""
    _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello again.\n"])
    WatchedDocument.objects.filter(platform="linkedin").exclude(doc_id="privacy-policy").update(active=True)
    WatchedDocument.objects.filter(platform="linkedin", doc_id="privacy-policy").update(
        active=False, pending_hash="0" * 64, pending_since=timezone.now(), next_check_at=timezone.now())
    html = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    dropped = html[html.index("LinkedIn: Privacy Policy</h2>"):]
    assert "optout no longer watches this page" in dropped and "first version" in dropped
    assert "checks again at" not in dropped and "The next check runs at" not in dropped
    others = html[:html.index("LinkedIn: Privacy Policy</h2>")]
    assert "Not checked yet" in others  # the documents still watched come first, with their next check


def test_the_history_of_a_platform_taken_out_of_the_catalog_names_it_and_links_to_no_missing_page(client, db):
    """Its version page said "← : policy history", linked to a page that is a 404, and its summary named the
    platform by its slug."""
    document = WatchedDocument.objects.create(platform="gone", doc_id="privacy-policy", title="Gone Ltd: Privacy Policy",
                                              type="privacy-policy", url="https://gone.example/p", active=False)
    for days, text in ((3, "# Privacy Policy\n\nWe collect your name.\n"),
                       (0, "# Privacy Policy\n\nWe collect your name.\n\nWe use your posts to train our generative AI.\n")):
        text = normalise(text)
        version = services.record_text(document, text, text_hash(text), timezone.now() - dt.timedelta(days=days))
    html = " ".join(client.get(version.get_absolute_url()).content.decode().split())
    assert ": policy history" not in html and 'href="/watch/gone/"' not in html
    assert '<a href="/watch/">← Policy changes</a>' in html
    assert "Gone Ltd added to its Privacy Policy, about AI training" in html and "gone added" not in html


def test_only_someone_who_uses_the_platform_is_asked_to_re_check_their_steps(client, alice, bob):
    from conftest import make_plan

    _, ai = _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    make_plan(alice, "EU", ["linkedin"])
    make_plan(bob, "EU", ["reddit"])
    link = "Re-check your steps for this platform"
    assert link not in client.get(ai.get_absolute_url()).content.decode()  # a visitor has no steps
    client.force_login(bob)
    assert link not in client.get(ai.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert link in client.get(ai.get_absolute_url()).content.decode()


def test_control_and_invisible_characters_neither_make_a_change_nor_break_the_feeds(client, db):
    """A page may carry characters that show nothing: control characters (which XML cannot carry: a feed
    quoting one failed for everyone), bidirectional marks, word joiners. They are dropped when a page is
    read, and a text stored before that still gives a feed."""
    ai = "We may use your posts and profile to train the generative AI models that power our features."
    versions = _versions(["# Policy\n\nHello.\n", f"# Policy\n\nHello.\n\n{ai.replace('generative', 'gener\x01ative')}\n",
                          f"# Policy\n\nHello\u200e.\u2060\n\n{ai}\n"])
    assert ai in versions[1].text and versions[2] is None  # the marks alone are no change
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    old = document.latest
    stored = f"# Policy\n\nHello.\n\n{ai}\n\nWe also use your private messages to train\x1b our AI models.\n"  # read before
    legacy = services.record_text(document, stored, text_hash(stored), timezone.now())
    assert legacy.ai_relevant and legacy.changed_from == old
    response = client.get(reverse("watch:platform_feed", args=["linkedin"]))
    assert response.status_code == 200
    feed = response.content.decode()
    assert "\x1b" not in feed and "\x01" not in feed and "private messages to train our AI models" in feed
    ElementTree.fromstring(response.content)  # well-formed XML


def test_a_long_history_is_listed_in_a_few_queries(client, db, django_assert_max_num_queries):
    """Years of imported history: the platform page lists hundreds of versions without reading their texts."""
    _versions([f"# Policy\n\nWe keep your data for {n} days.\n" for n in range(1, 121)])
    with django_assert_max_num_queries(20):
        html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert html.count("first version") == 1


def import_history(*args):
    return CliRunner().invoke(build_app(), ["watch", "import", *map(str, args)], env={"COLUMNS": "200"})


def archive_commit(repo, day: str, files: dict[str, bytes | Path]) -> str:
    """Commit files (path in the repository → bytes, or a Path: a symbolic link to it) as Open Terms Archive did
    on `day`; the commit's id."""
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    if not (repo / ".git").exists():
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).unlink(missing_ok=True)  # never written through a link committed before
        if isinstance(data, Path):
            (repo / name).symlink_to(data)
        else:
            (repo / name).write_bytes(data)
    dated = {"GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z"}
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", f"Update {day}"], check=True, env={"PATH": "/usr/bin:/bin", **dated})
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def stored(platform: str, document: str) -> list[str]:
    return list(WatchedDocument.objects.get(platform=platform, doc_id=document).versions.order_by("created_at")
                .values_list("text", flat=True))


WINDOWS = "# Privacy Policy\n\nWe don’t sell your café’s data.\n".encode("cp1252")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 42 /Filter /FlateDecode >>\nstream\n\x78\x9c\x00\x01"


def test_import_reads_a_file_saved_in_windows_encoding_as_compare_does(db, tmp_path):
    """A version saved on Windows, in an archive or in a folder, is read as `optout watch compare` reads it."""
    repo = tmp_path / "versions"
    archive_commit(repo, "2021-01-01", {"LinkedIn/Privacy Policy.md": b"# Privacy Policy\n\nWe collect data.\n"})
    archive_commit(repo, "2022-01-01", {"Reddit/Privacy Policy.md": WINDOWS})
    said = import_history(repo)
    assert said.exit_code == 0, said.output
    assert "Imported 2 versions of 2 documents." in said.output
    assert stored("reddit", "privacy-policy") == ["# Privacy Policy\n\nWe don’t sell your café’s data.\n"]

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2023-01-01.md").write_bytes(WINDOWS.replace(b"sell", b"rent"))
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert stored("reddit", "terms-of-service") == ["# Privacy Policy\n\nWe don’t rent your café’s data.\n"]


def test_an_import_that_meets_a_file_it_cannot_read_names_it_and_says_what_it_kept(db, tmp_path):
    """A version of an archive that is no text (a PDF, UTF-16 saved without its mark, a symbolic link, whose
    bytes are the path it points to) stopped every import of the archive, with advice to save it again that a
    past commit cannot take: it is left out and named, and the next version is compared with the one before it.
    A folder's file is the person's to save again: it stops the import."""
    repo = tmp_path / "versions"
    (tmp_path / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    archive_commit(repo, "2021-01-01", {"LinkedIn/Privacy Policy.md": b"# Privacy Policy\n\nWe collect data.\n"})
    archive_commit(repo, "2021-06-01", {"Reddit/Privacy Policy.md": b"# Privacy Policy\n\nWe collect data.\n"})
    pdf = archive_commit(repo, "2022-01-01", {"Reddit/Privacy Policy.md": PDF})
    utf16 = archive_commit(repo, "2022-06-01", {"Reddit/Privacy Policy.md": "# Privacy\n\nWe sell it.\n".encode("utf-16-le")})
    link = archive_commit(repo, "2023-01-01", {"Reddit/Privacy Policy.md": tmp_path / "secret.txt"})
    archive_commit(repo, "2023-06-01", {"Reddit/Privacy Policy.md": b"# Privacy Policy\n\nWe collect more data.\n"})
    left_out = (
        f"optout left out Reddit/Privacy Policy.md in commit {pdf[:12]} (2022-01-01): it is not a text file (a PDF, a "
        "word-processor document or a picture?). A past commit cannot be corrected: the version after it is compared "
        "with the one before it.\n"
        f"optout left out Reddit/Privacy Policy.md in commit {utf16[:12]} (2022-06-01): it looks like UTF-16 text "
        "saved without the mark that says so. A past commit cannot be corrected: the version after it is compared "
        "with the one before it.\n"
        f"optout left out Reddit/Privacy Policy.md in commit {link[:12]} (2023-01-01): it is a symbolic link (a "
        "pointer to another file), not a text. A past commit cannot be corrected: the version after it is compared "
        "with the one before it.\n")
    said = import_history(repo)
    assert said.exit_code == 0, said.output
    assert said.output == "Imported 3 versions of 2 documents.\n" + left_out
    assert stored("reddit", "privacy-policy") == ["# Privacy Policy\n\nWe collect data.\n",
                                                  "# Privacy Policy\n\nWe collect more data.\n"]
    first, second = WatchedDocument.objects.get(platform="reddit", doc_id="privacy-policy").versions.order_by("created_at")
    assert second.changed_from == first and second.created_at.date() == dt.date(2023, 6, 1)
    said = import_history(repo)  # run again, it names them again, and says nothing it holds is missing
    assert said.exit_code == 0 and said.output == "Nothing new to import.\n" + left_out

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2020-01-01.md").write_text("# Terms\n\nBe nice.\n")
    (folder / "2021-01-01.md").write_bytes(PDF)
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert f"The import stopped: {folder / '2021-01-01.md'} is not a text file" in said.output
    assert "Nothing was imported." in said.output and stored("reddit", "terms-of-service") == []


def test_a_version_in_an_archive_larger_than_optout_reads_is_left_out_by_its_size_before_it_is_read(db, tmp_path):
    repo = tmp_path / "versions"
    archive_commit(repo, "2021-01-01", {"Reddit/Privacy Policy.md": b"# Privacy Policy\n\nWe collect data.\n"})
    commit = archive_commit(repo, "2022-01-01", {"Reddit/Privacy Policy.md": b"We collect data.\n" * 1_400_000})
    said = import_history(repo)
    assert said.exit_code == 0, said.output
    assert (f"optout left out Reddit/Privacy Policy.md in commit {commit[:12]} (2022-01-01): it is 23 MB, larger than "
            "the 20 MB optout reads." in " ".join(said.output.split()))
    assert stored("reddit", "privacy-policy") == ["# Privacy Policy\n\nWe collect data.\n"]


def test_an_imported_history_is_not_a_check_and_the_watch_page_stops_offering_to_import(client, db, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2024-01-10.md").write_text("# Terms\n\nBe kind.\n")
    text = " ".join(client.get("/watch/").content.decode().split())
    assert "import it with “optout watch import PATH”" in text
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    text = " ".join(client.get("/watch/").content.decode().split())
    assert "optout has checked" not in text and "and has not checked them yet" in text
    assert "optout watch import PATH" not in text
    status = CliRunner().invoke(build_app(), ["watch", "status", "--platform", "reddit"], env={"COLUMNS": "200"})
    assert "not checked yet, 1 version" in status.output

    (folder / "2024-03-05.md").write_text("# Terms\n\nBe very kind.\n")
    assert import_history(folder, "--platform", "reddit", "--document", "terms-of-service").exit_code == 0
    client.cookies["optout_tz"] = "Pacific/Auckland"  # UTC+13 in summer: noon UTC is already the next day
    page = " ".join(client.get("/watch/reddit/").content.decode().split())
    assert "10 January 2024" in page and "5 March 2024" in page and "11 January" not in page and ":00" not in page
    version = WatchedDocument.objects.get(platform="reddit", doc_id="terms-of-service").versions.first()
    page = " ".join(client.get(version.get_absolute_url()).content.decode().split())
    assert "Version of 5 March 2024 · <a href=" in page and "compared with 10 January 2024</a>" in page


def test_a_platform_whose_history_was_imported_says_optout_has_not_checked_it_yet(client, db, tmp_path):
    """After an import, the platform's page listed a 2024 version and nothing else, as if it were the page today,
    while `optout watch status` said "not checked yet"; the watch page showed the imported changes and hid the
    sentence saying nothing was checked."""
    from optout.lib.dates import format_datetime
    from optout.watch.tests.documents import book_tick

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2024-01-10.md").write_text("# Terms\n\nBe kind.\n")
    (folder / "2024-03-05.md").write_text("# Terms\n\nBe very kind.\n")
    assert import_history(folder, "--platform", "reddit", "--document", "terms-of-service").exit_code == 0
    tick = timezone.now() + dt.timedelta(minutes=5)
    book_tick(tick)
    client.cookies["optout_tz"] = "UTC"
    html = client.get(reverse("watch:platform", args=["reddit"])).content.decode()
    card = " ".join(html.split('id="doc-terms-of-service"')[1].split("</section>")[0].split())
    assert "10 January 2024" in card and "imported history" in card
    assert (f"Not checked yet. The next check runs at {format_datetime(tick)}; after that each page is checked about "
            "once a day. Until then, the newest version listed here comes from imported history and may be older "
            "than the page today.") in card
    document = WatchedDocument.objects.get(platform="reddit", doc_id="terms-of-service")
    index = " ".join(client.get("/watch/").content.decode().split())
    assert document.versions.first().get_absolute_url() in index  # the imported change is listed …
    assert ("optout has not checked 1 page yet: what it shows of it is history imported from an archive, which may "
            "be older than the page today.") in index  # … and the page says it is not optout's reading

    WatchedDocument.objects.filter(pk=document.pk).update(last_checked_at=timezone.now())  # optout's own check
    html = client.get(reverse("watch:platform", args=["reddit"])).content.decode()
    card = html.split('id="doc-terms-of-service"')[1].split("</section>")[0]
    assert "Not checked yet" not in card and "imported history" in card
    assert "optout has not checked" not in client.get("/watch/").content.decode()


def test_a_file_dated_in_the_future_is_refused_and_nothing_is_imported(db, tmp_path):
    """A mistyped year would have been stored as of today, as the latest version every check compares with."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2020-01-01.md").write_text("# Terms\n\nBe nice.\n")
    (folder / "2099-01-01.md").write_text("# Terms\n\nBe very nice.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert (f"The import stopped: 2099-01-01.md is dated 2099-01-01, after today ({timezone.localdate().isoformat()})"
            in said.output)
    assert "Nothing was imported." in said.output and stored("reddit", "terms-of-service") == []

    (folder / "2099-01-01.md").rename(folder / f"{timezone.localdate().isoformat()}.md")  # today is no future
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and "Imported 2 versions" in said.output


def test_a_version_dated_before_the_web_had_policies_is_refused_by_name_and_date(db, tmp_path):
    """A computer whose clock was reset dates its commit 1970-01-01: stored, it opened the history as a version
    decades older than the web."""
    repo = tmp_path / "versions"
    commit = archive_commit(repo, "1970-01-01", {"Reddit/Privacy Policy.md": b"# Privacy Policy\n\nWe collect data.\n"})
    archive_commit(repo, "2021-01-01", {"Reddit/Privacy Policy.md": b"# Privacy Policy\n\nWe collect more data.\n"})
    said = import_history(repo)
    assert said.exit_code == 0, said.output
    assert (f"optout left out Reddit/Privacy Policy.md in commit {commit[:12]} (1970-01-01): it is dated "
            "1970-01-01T12:00:00+00:00, before 1994, when no policy was yet on the web: its computer's clock was "
            "wrong, and optout cannot place it in the history.") in " ".join(said.output.split())
    assert stored("reddit", "privacy-policy") == ["# Privacy Policy\n\nWe collect more data.\n"]

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "1994-01-01.md").write_text("# Terms\n\nBe nice.\n")
    (folder / "1970-01-01.md").write_text("# Terms\n\nBe kind.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert ("The import stopped: 1970-01-01.md is dated 1970-01-01, before 1994, when no policy was yet on the web: a "
            "file must be named after the day its version was published. Nothing was imported.\n") in said.output
    (folder / "1970-01-01.md").unlink()
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and stored("reddit", "terms-of-service") == ["# Terms\n\nBe nice.\n"]


def test_an_import_from_an_archive_takes_the_document_named_and_refuses_what_optout_does_not_watch(
        db, tmp_path, unwatched_platforms):
    repo = tmp_path / "versions"
    archive_commit(repo, "2021-01-01", {"LinkedIn/Privacy Policy.md": b"# Privacy\n\nWe collect data.\n",
                                        "LinkedIn/Terms of Service.md": b"# Terms\n\nBe nice.\n"})
    said = import_history(repo, "--platform", "linkedin", "--document", "terms-of-service")
    assert said.exit_code == 0 and "Imported 1 version of 1 document." in said.output
    assert stored("linkedin", "privacy-policy") == [] and stored("linkedin", "terms-of-service") == ["# Terms\n\nBe nice.\n"]
    for args, message in (
            (["--platform", "nosuch"], "optout knows no platform 'nosuch'. 'optout catalog list' names the platforms."),
            (["--platform", "capcut"], "optout watches no documents of 'capcut'; 'optout watch status' lists those"),
            (["--platform", "linkedin", "--document", "nosuch"], "optout does not watch linkedin/nosuch"),
            (["--document", "privacy-policy"], "Name the platform too, with --platform"),
            (["--platform", "reddit"], f"{repo} holds no Reddit/Privacy Policy.md or Reddit/Terms of Service.md, where "
                                       "Open Terms Archive keeps the documents of reddit.")):
        said = import_history(repo, *args)
        assert said.exit_code == 1 and f"The import stopped: {message}" in said.output, (args, said.output)
    assert stored("linkedin", "privacy-policy") == []

    # A version git cannot give (a broken repository) stops every import at the same place: it says how to import
    # the others.
    archive_commit(repo, "2022-01-01", {"Reddit/Privacy Policy.md": b"# Privacy\n\nWe collect it all.\n",
                                        "Reddit/Terms of Service.md": b"# Terms\n"})
    blob = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD:Reddit/Privacy Policy.md"], check=True,
                          capture_output=True, text=True).stdout.strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    said = import_history(repo)
    assert said.exit_code == 1 and "To import the documents after it, name each with --platform and --document." in said.output
    assert "git cannot read this version: the copy of the repository may be damaged" in " ".join(said.output.split())
    said = import_history(repo, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and stored("reddit", "terms-of-service") == ["# Terms\n"]


AI_POLICY = "# Privacy Policy\n\nWe collect data.\n\nWe use your posts to train our generative AI models.\n"


def test_an_empty_version_is_refused_by_name_and_nothing_of_its_document_is_imported(db, tmp_path):
    """An empty file was stored as a version: a page that lost all it said, an AI change on the platform's
    record, and a false alert at the next check, which compared the whole page with nothing."""
    from optout.catalog.models import PolicyChange

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2024-01-01.md").write_text(AI_POLICY)
    (folder / "2024-02-01.md").write_text("")
    (folder / "2024-03-01.md").write_text(AI_POLICY)
    (folder / "2024-04-01.md").write_text("\n\n  \n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert ("The import stopped: 2024-02-01.md is empty: optout imports no version without text (it would read as a "
            "page that lost all it said). Nothing was imported.\n") in said.output
    (folder / "2024-02-01.md").unlink()
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1 and "The import stopped: 2024-04-01.md is empty" in said.output  # blank lines only
    assert stored("reddit", "terms-of-service") == [] and not PolicyChange.objects.exists()

    repo = tmp_path / "versions"
    archive_commit(repo, "2021-01-01", {"LinkedIn/Privacy Policy.md": AI_POLICY.encode()})
    archive_commit(repo, "2021-06-01", {"Reddit/Privacy Policy.md": AI_POLICY.encode()})
    commit = archive_commit(repo, "2022-01-01", {"Reddit/Privacy Policy.md": b""})
    archive_commit(repo, "2023-01-01", {"Reddit/Privacy Policy.md": AI_POLICY.encode()})
    said = import_history(repo)  # a past commit cannot be corrected: left out and named, the rest imported
    assert said.exit_code == 0, said.output
    assert (f"optout left out Reddit/Privacy Policy.md in commit {commit[:12]} (2022-01-01): it is empty (stored, it "
            "would read as a page that lost all it said).") in " ".join(said.output.split())
    assert len(stored("linkedin", "privacy-policy")) == 1 and stored("reddit", "privacy-policy") == [AI_POLICY]
    assert not PolicyChange.objects.filter(platform="reddit").exists()


def test_a_corrected_file_imported_again_is_refused_and_the_version_held_stays(db, tmp_path):
    """Imported again, a corrected file had been stored beside the first text at the same moment, both compared
    with the same version before it, and the wrong text stayed in the history."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2024-01-01.md").write_text("# Terms\n\nBe nice.\n")
    (folder / "2024-06-01.md").write_text(AI_POLICY)
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and "Imported 2 versions of 1 document." in said.output
    (folder / "2024-06-01.md").write_text(AI_POLICY.replace("posts", "photos"))
    (folder / "2024-09-01.md").write_text("# Terms\n\nBe kind.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert ("The import stopped: 2024-06-01.md: optout holds a version of reddit/terms-of-service dated "
            "2024-06-01 12:00:00 UTC whose text no file in the folder has any more (its file was changed or removed), "
            "where 2024-06-01.md would go. optout does not replace a version it holds, and has no command to remove "
            "one. To import the other files, give that version's file back the text it had when it was imported, or "
            "move the file named here out of the folder. Nothing was imported.\n") in said.output
    assert stored("reddit", "terms-of-service") == ["# Terms\n\nBe nice.\n", AI_POLICY]

    repo = tmp_path / "versions"
    archive_commit(repo, "2021-01-01", {"Reddit/Privacy Policy.md": b"# Privacy\n\nWe collect data.\n"})
    said = import_history(repo)
    assert said.exit_code == 0 and "Imported 1 version of 1 document." in said.output
    rewritten = tmp_path / "rewritten"  # the archive's history rewritten: the same day, another text
    archive_commit(rewritten, "2021-01-01", {"Reddit/Privacy Policy.md": b"# Privacy\n\nWe collect some data.\n"})
    said = import_history(rewritten, "--platform", "reddit", "--document", "privacy-policy")
    assert said.exit_code == 1
    assert "optout already holds a version of reddit/privacy-policy dated 2021-01-01 12:00:00 UTC with another text." \
        in said.output
    assert stored("reddit", "privacy-policy") == ["# Privacy\n\nWe collect data.\n"]


def test_a_folder_is_imported_in_the_order_of_its_dates_and_of_the_files_of_one_day(db, tmp_path):
    """In the order of their names, 20240301.md came after 2024-05-01.md and was stored as of May, and
    2024-06-01-2.md ('-' before '.') before 2024-06-01.md."""
    folder = tmp_path / "files"
    folder.mkdir()
    texts = {name: f"# Terms\n\nVersion {number}.\n" for number, name in enumerate(
        ["20240301.md", "2024-05-01.MD", "2024-06-01.md", "2024-06-01-2.md", "2024-06-01 (3).md", "2024-06-01-10.md"])}
    for name, text in texts.items():
        (folder / name).write_text(text)
    (folder / "2024-07-01.txt").write_text("# Terms\n\nSaved as text.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert said.output == ("Imported 6 versions of 1 document.\n"
                           "optout reads only files whose names end in .md: it did not read 2024-07-01.txt.\n")
    versions = WatchedDocument.objects.get(platform="reddit", doc_id="terms-of-service").versions.order_by("created_at")
    assert [(v.created_at.isoformat(), v.text) for v in versions] == [
        ("2024-03-01T12:00:00+00:00", texts["20240301.md"]), ("2024-05-01T12:00:00+00:00", texts["2024-05-01.MD"]),
        ("2024-06-01T12:00:00+00:00", texts["2024-06-01.md"]), ("2024-06-01T12:00:02+00:00", texts["2024-06-01-2.md"]),
        ("2024-06-01T12:00:03+00:00", texts["2024-06-01 (3).md"]),
        ("2024-06-01T12:00:10+00:00", texts["2024-06-01-10.md"])]


def test_files_whose_order_cannot_be_known_and_names_that_are_no_date_are_refused_by_name(db, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2024-01-01.md").write_text("# Terms\n\nBe nice.\n")
    for first, second in (("2024-06-01.md", "20240601.md"), ("2024-06-01 (2).md", "2024-06-01-2.md")):
        (folder / first).write_text("# Terms\n\nBe kind.\n")
        (folder / second).write_text("# Terms\n\nBe kinder.\n")
        said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
        assert said.exit_code == 1
        assert (f"The import stopped: {first} and {second} are both of 2024-06-01, and their names do not say which "
                "came first: name them 2024-06-01.md, 2024-06-01-2.md, and so on, in the order they were published. "
                "Nothing was imported.\n") in said.output
        (folder / first).unlink()
        (folder / second).unlink()

    (folder / "2024-02-30.md").write_text("# Terms\n\nBe kind.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert ("The import stopped: 2024-02-30.md: 2024-02-30 is not a real date (the name must start with the day the "
            "version was published). Nothing was imported.\n") in said.output
    (folder / "2024-02-30.md").rename(folder / "202402301.md")  # no date: left out, and named
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert said.output == ("Imported 1 version of 1 document.\noptout left out 202402301.md: only .md files whose "
                           "names start with a date are read as versions (2024-06-01.md, 2024-06-01-2.md or "
                           "20240601.md).\n")

    said = import_history(folder / "2024-01-01.md", "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert (f"The import stopped: {folder / '2024-01-01.md'} is a file. PATH is a folder holding one file per "
            "version, named after its date (2024-06-01.md), or a git repository of Open Terms Archive's versions.\n"
            ) in said.output
    assert stored("reddit", "terms-of-service") == ["# Terms\n\nBe nice.\n"]

    (folder / "202402301.md").unlink()
    (folder / "2024-01-01.md").rename(folder / "2024-01-01.txt")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert (f"The import stopped: {folder} holds no .md files. optout reads only files whose names end in .md: it did "
            "not read 2024-01-01.txt. Nothing was imported.\n") in said.output


def test_a_folder_of_dated_files_kept_under_git_is_imported_as_a_folder(db, tmp_path):
    """A person who keeps their dated files under git was told that the folder held no file where Open Terms
    Archive keeps it, with no way through."""
    folder = tmp_path / "mine"
    archive_commit(folder, "2024-07-01", {"2024-01-01.md": b"# Terms\n\nBe nice.\n",
                                          "2024-06-01.md": b"# Terms\n\nBe kind.\n"})
    said = import_history(folder)
    assert said.exit_code == 1
    assert "It holds dated .md files: to import them as a folder of versions, name the document with --platform " \
           "and --document." in " ".join(said.output.split())
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert said.output == ("Imported 2 versions of 1 document.\n"
                           f"{folder} is a git repository without Open Terms Archive's layout: optout read its dated "
                           ".md files as a folder (the files as they are now, not their git history).\n")
    versions = WatchedDocument.objects.get(platform="reddit", doc_id="terms-of-service").versions.order_by("created_at")
    assert [(v.created_at.date().isoformat(), v.text) for v in versions] == [
        ("2024-01-01", "# Terms\n\nBe nice.\n"), ("2024-06-01", "# Terms\n\nBe kind.\n")]



def test_a_folder_just_put_under_git_with_no_commit_yet_is_imported_as_a_folder(db, tmp_path):
    import subprocess

    folder = tmp_path / "mine"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / "2024-01-01.md").write_text("# Terms\n\nBe nice.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert said.output.startswith("Imported 1 version of 1 document.\n")
    assert stored("reddit", "terms-of-service") == ["# Terms\n\nBe nice.\n"]

def test_a_folder_under_git_with_a_readme_is_imported_and_the_files_left_out_are_named(db, tmp_path):
    """Almost every git repository has a README: it stopped the import of a person's own folder of versions."""
    folder = tmp_path / "mine"
    archive_commit(folder, "2024-07-01", {"README.md": b"# My copies of Reddit's terms\n",
                                          "2024-01-01.md": b"# Terms\n\nBe nice.\n",
                                          "2024-6-1.md": b"# Terms\n\nBe kind.\n"})
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert said.output == ("Imported 1 version of 1 document.\n"
                           f"{folder} is a git repository without Open Terms Archive's layout: optout read its dated "
                           ".md files as a folder (the files as they are now, not their git history).\n"
                           "optout left out 2024-6-1.md, README.md: only .md files whose names start with a date are "
                           "read as versions (2024-06-01.md, 2024-06-01-2.md or 20240601.md).\n")
    assert stored("reddit", "terms-of-service") == ["# Terms\n\nBe nice.\n"]

    undated = tmp_path / "undated"
    undated.mkdir()
    (undated / "README.md").write_text("# Notes\n")
    (undated / "June.md").write_text("# Terms\n")
    said = import_history(undated, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert (f"The import stopped: {undated} holds no .md file named after a date (it holds June.md, README.md): file "
            "names must start with the version's date, as in 2024-06-01.md, 2024-06-01-2.md or 20240601.md. Nothing "
            "was imported.\n") in said.output


def test_an_import_that_stops_still_says_which_files_it_left_out(db, tmp_path):
    folder = tmp_path / "mine"
    archive_commit(folder, "2024-07-01", {"README.md": b"# My copies\n", "2024-01-01.md": b"\n"})
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert said.output == ("The import stopped: 2024-01-01.md is empty: optout imports no version without text (it "
                           "would read as a page that lost all it said). Nothing was imported.\n"
                           f"{folder} is a git repository without Open Terms Archive's layout: optout read its dated "
                           ".md files as a folder (the files as they are now, not their git history).\n"
                           "optout left out README.md: only .md files whose names start with a date are read as "
                           "versions (2024-06-01.md, 2024-06-01-2.md or 20240601.md).\n")
    assert stored("reddit", "terms-of-service") == []


def test_a_file_that_links_outside_the_folder_is_refused_and_one_that_links_inside_is_read(db, tmp_path):
    """A dated file that was a symbolic link to /etc/passwd was imported, and published, as a version."""
    folder, outside = tmp_path / "files", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "2023-01-01.md").write_text("# Terms\n\nBe nice.\n")
    for link in (outside / "secret.txt", Path("..") / "outside" / "secret.txt"):
        (folder / "2023-02-01.md").unlink(missing_ok=True)
        (folder / "2023-02-01.md").symlink_to(link)
        said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
        assert said.exit_code == 1
        assert (f"The import stopped: 2023-02-01.md is a symbolic link to {(outside / 'secret.txt').resolve()}, "
                f"outside {folder}: optout imports only the files in the folder it is given. Put a copy of the file "
                "in the folder in place of the link, if it is a version of the policy. Nothing was imported."
                ) in " ".join(said.output.split())
        assert stored("reddit", "terms-of-service") == []
    (folder / "2023-03-01.md").symlink_to("/etc/passwd")  # each is named, with where it leads
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert (f"The import stopped: 2023-02-01.md and 2023-03-01.md are symbolic links to files outside {folder} "
            f"(2023-02-01.md to {(outside / 'secret.txt').resolve()}, 2023-03-01.md to {Path('/etc/passwd').resolve()}): "
            "optout imports only the files in the folder it is given. Put a copy of each file in the folder in place "
            "of its link, if it is a version of the policy. Nothing was imported.") in " ".join(said.output.split())
    (folder / "2023-03-01.md").unlink()

    (folder / "drafts").mkdir()
    (folder / "drafts" / "february.md").write_text("# Terms\n\nBe kind.\n")
    (folder / "2023-02-01.md").unlink()
    (folder / "2023-02-01.md").symlink_to(Path("drafts") / "february.md")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert stored("reddit", "terms-of-service") == ["# Terms\n\nBe nice.\n", "# Terms\n\nBe kind.\n"]


def test_hidden_files_and_folders_inside_the_folder_are_named_as_left_out(db, tmp_path):
    """A hidden file and the files of a folder inside were left out without a word, and a folder named after
    a date was said to be a file whose name does not end in .md."""
    folder = tmp_path / "files"
    (folder / "2023").mkdir(parents=True)
    (folder / "2023-03-01").mkdir()
    (folder / ".obsidian").mkdir()  # a hidden folder is no one's versions
    (folder / "2023-01-01.md").write_text("# Terms\n\nBe nice.\n")
    (folder / ".2023-02-01.md").write_text("# Terms\n\nBe kind.\n")
    (folder / "2023" / "2023-04-01.md").write_text("# Terms\n\nBe kinder.\n")
    (folder / "2023-03-01" / "index.md").write_text("# Terms\n\nBe kindest.\n")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "._2023-01-01.md").write_bytes(b"\0\5\26\7")  # what macOS leaves beside a file on a shared drive
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert said.output == (
        "Imported 1 version of 1 document.\n"
        "optout left out .2023-02-01.md: a name that starts with a dot hides a file, and optout does not read hidden "
        "files. To import one, remove the dot from its name.\n"
        f"optout left out the folders 2023, 2023-03-01: it reads only the files in {folder} itself, not those in "
        "folders inside it.\n")
    assert stored("reddit", "terms-of-service") == ["# Terms\n\nBe nice.\n"]

    said = import_history(tmp_path, "--platform", "reddit", "--document", "terms-of-service")  # the folder above
    assert said.exit_code == 1
    assert said.output == (f"The import stopped: {tmp_path} holds no .md files. Nothing was imported.\n"
                           f"optout left out the folder files: it reads only the files in {tmp_path} itself, not those "
                           "in folders inside it.\n")


def test_a_shallow_clone_is_imported_with_a_word_on_the_history_it_lacks(db, tmp_path):
    """`git clone --depth 1` holds one commit: one version came in, and nothing said the years before it were
    missing. Unshallowed, the same import adds them before it."""
    repo, clone = tmp_path / "versions", tmp_path / "clone"
    for day, text in (("2021-01-01", "Be nice."), ("2022-01-01", "Be kind."), ("2023-01-01", "Be kinder.")):
        archive_commit(repo, day, {"Reddit/Terms of Service.md": f"# Terms\n\n{text}\n".encode()})
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    said = import_history(clone)
    assert said.exit_code == 0, said.output
    assert " ".join(said.output.split()) == (
        f"Imported 1 version of 1 document. {clone} is a shallow clone (made with --depth): it holds only the latest "
        "commits, so the history imported starts at the oldest of them. To import the versions before it, run "
        f"`git -C {clone} fetch --unshallow`, then this import again.")
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", "--unshallow"], check=True)
    said = import_history(clone)
    assert said.exit_code == 0 and said.output == "Imported 2 versions of 1 document.\n"
    versions = list(WatchedDocument.objects.get(platform="reddit", doc_id="terms-of-service")
                    .versions.order_by("created_at"))
    assert [v.text for v in versions] == [f"# Terms\n\n{text}\n" for text in ("Be nice.", "Be kind.", "Be kinder.")]
    assert [v.changed_from for v in versions] == [None, versions[0], versions[1]]


def test_the_reasons_and_the_diff_read_as_the_page_did_without_markdowns_escapes(client, db):
    """A page that shows "<img" is stored as Markdown, "\\<img": people read the page's characters, not the
    backslash, in the reasons, the diff and the feed; a change of an escape alone still shows as one."""
    base = "# Policy\n\nWe collect your name and e-mail address.\n\nWe keep your data for 90 days.\n"
    ai = "We may use your posts to train the generative AI models that power our features \\<img src=x\\>."
    first, second, third = _versions([base, base + f"\n{ai}\n", base + f"\n{ai}\n\nCall it my\\_data.\n"])
    assert second.ai_relevant and second.reasons[0]["text"].endswith("features \\<img src=x\\>.")
    shown = "features &lt;img src=x&gt;."
    for view in ("inline", "side"):
        html = client.get(reverse("watch:version", args=[second.id]), {"view": view}).content.decode()
        reasons = html.split("Score")[1].split("</ul>")[0]
        assert 'Added:</strong> <span lang="en">We may use your posts' in reasons and shown in reasons
        diff = html.split('class="diff')[1]
        assert shown in diff and "\\&lt;" not in html and "\\" not in diff

    fourth = services.record_text(second.document, normalise(base + f"\n{ai}\n\nCall it my_data.\n"),
                                  text_hash(normalise(base + f"\n{ai}\n\nCall it my_data.\n")), timezone.now())
    assert fourth.changed_from == third
    html = client.get(reverse("watch:version", args=[fourth.id])).content.decode()
    spoken = ('<del><span class="visually-hidden" lang="en">Removed: </span>my\\_data.</del>'
              '<ins><span class="visually-hidden" lang="en">Added: </span>my_data.</ins>')
    assert spoken in html  # only the escape changed: shown as stored

    third.reasons = [{"kind": "added", "text": "Our features \\<img\\> use AI."}]  # flagged below the threshold
    third.save()
    feed = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"])).content)
    summaries = [entry.find(f"{ATOM}summary").text for entry in feed.findall(f"{ATOM}entry")]
    # A change judged not about AI says so, as its page does, rather than quote the AI sentences it judged no change
    assert "optout found nothing about AI in this change." in summaries and not any("img&gt; use" in s for s in summaries)
    assert f"power our {shown}”" in summaries[-1]


def test_a_platform_optout_does_not_watch_says_so_and_offers_no_feed(client, db, unwatched_platforms):
    """Its page showed a title and a feed link, and the feed stayed empty: read as "no change" forever."""
    from optout.catalog.loader import catalog
    from optout.watch.declarations import declarations

    services.sync_documents()
    slug = sorted(set(catalog()) - set(declarations()))[0]
    platform = catalog()[slug]
    html = client.get(reverse("watch:platform", args=[slug])).content.decode()
    text = " ".join(html.split())
    assert f"optout does not watch the policies of {platform.name}" in text
    assert f"No page of {platform.name} is listed for optout to watch, so optout will not tell you" in text
    assert f'<a href="{platform.website}" rel="noopener noreferrer">' in html
    assert "optout/data/documents/" in text and "then open a pull request" in text
    assert "Atom feed" not in text and "application/atom+xml" not in html
    assert client.get(reverse("watch:platform_feed", args=[slug])).status_code == 404

    watched = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    assert "Atom feed of these changes" in watched and "does not watch" not in watched
    assert client.get(reverse("watch:platform_feed", args=["linkedin"])).status_code == 200


def _times(platform: str, document: str) -> list[tuple[str, str]]:
    return [(when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f").removesuffix(".000000"), text)
            for when, text in WatchedDocument.objects.get(platform=platform, doc_id=document)
            .versions.order_by("created_at").values_list("created_at", "text")]


def test_an_import_run_again_after_files_of_a_day_were_removed_or_added_skips_those_it_holds(db, tmp_path):
    """A file of a day took its time from its place among that day's files: with one removed, or one added
    before it, the next import put an unchanged file where another's version was, and refused it as changed."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2024-01-01.md").write_text("# Terms\n\nBe nice.\n")
    (folder / "2024-06-01.md").write_text("# Terms\n\nBe kind.\n")
    (folder / "2024-06-01-2.md").write_text(AI_POLICY)
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and "Imported 3 versions of 1 document." in said.output
    held = _times("reddit", "terms-of-service")
    assert [when for when, _text in held] == ["2024-01-01 12:00:00", "2024-06-01 12:00:00", "2024-06-01 12:00:02"]

    (folder / "2024-06-01.md").unlink()
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0, said.output
    assert said.output == NOTHING_NEW and _times("reddit", "terms-of-service") == held

    (folder / "2024-06-01.md").write_text("# Terms\n\nBe kind.\n")
    (folder / "2024-06-01-1.md").write_text("# Terms\n\nBe kinder.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and said.output == "Imported 1 version of 1 document.\n", said.output
    assert _times("reddit", "terms-of-service") == [*held[:2], ("2024-06-01 12:00:01", "# Terms\n\nBe kinder.\n"),
                                                     held[2]]
    versions = list(WatchedDocument.objects.get(platform="reddit", doc_id="terms-of-service")
                    .versions.order_by("created_at"))
    assert [v.changed_from for v in versions] == [None, *versions[:3]]  # the file after it is compared with it

    (folder / "2024-06-01-2.md").write_text(AI_POLICY.replace("posts", "photos"))  # a changed file is still refused
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert ("The import stopped: 2024-06-01-2.md: optout holds a version of reddit/terms-of-service dated "
            "2024-06-01 12:00:02 UTC whose text no file in the folder has any more") in said.output
    assert len(_times("reddit", "terms-of-service")) == 4


def test_a_history_imported_when_files_of_a_day_went_a_second_apart_is_imported_again_without_duplicates(db, tmp_path):
    """Before, the files of a day were 12:00:00, 12:00:01, … in the order of their names (2024-06-01-2.md at
    12:00:01): such a history is recognised by its texts, a new file goes between, a changed one is refused."""
    from optout.watch.services.history import _import_versions

    services.sync_documents()
    document = WatchedDocument.objects.get(platform="reddit", doc_id="terms-of-service")
    noon = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
    texts = ["# Terms\n\nBe kind.\n", AI_POLICY, "# Terms\n\nBe nice.\n"]
    assert _import_versions(document, [(noon + dt.timedelta(seconds=n), text, "old") for n, text in enumerate(texts)],
                            {}) == 3
    folder = tmp_path / "files"
    folder.mkdir()
    for name, text in zip(["2024-06-01.md", "2024-06-01-2.md", "2024-06-01-3.md"], texts, strict=True):
        (folder / name).write_text(text)
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and said.output == NOTHING_NEW, said.output

    (folder / "2024-06-01-1.md").write_text("# Terms\n\nBe kinder.\n")
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and said.output == "Imported 1 version of 1 document.\n", said.output
    assert _times("reddit", "terms-of-service") == [
        ("2024-06-01 12:00:00", texts[0]), ("2024-06-01 12:00:00.500000", "# Terms\n\nBe kinder.\n"),
        ("2024-06-01 12:00:01", texts[1]), ("2024-06-01 12:00:02", texts[2])]

    (folder / "2024-06-01-2.md").write_text(AI_POLICY.replace("posts", "photos"))
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 1
    assert ("2024-06-01-2.md: optout holds a version of reddit/terms-of-service dated 2024-06-01 12:00:01 UTC "
            "whose text no file in the folder has any more") in said.output
    assert len(_times("reddit", "terms-of-service")) == 4


def test_files_dated_today_are_never_placed_after_now_and_an_import_run_again_adds_nothing(db, tmp_path, monkeypatch):
    """Before noon UTC, files dated today were stored as of the moment of the import: each run stored them again,
    and the history read A, B, A, B, with changes about AI that never happened."""
    from optout.catalog.models import PolicyChange

    clock = [dt.datetime(2025, 3, 10, 9, 30, tzinfo=dt.UTC)]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "2025-01-01.md").write_text("# Terms\n\nBe nice.\n")
    (folder / "2025-03-10.md").write_text("# Terms\n\nBe kind.\n")
    (folder / "2025-03-10-2.md").write_text(AI_POLICY)
    said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
    assert said.exit_code == 0 and "Imported 3 versions of 1 document." in said.output
    held = _times("reddit", "terms-of-service")
    assert held == [("2025-01-01 12:00:00", "# Terms\n\nBe nice.\n"), ("2025-03-10 09:29:59", "# Terms\n\nBe kind.\n"),
                    ("2025-03-10 09:30:00", AI_POLICY)]
    changes = PolicyChange.objects.count()
    for later in (dt.timedelta(seconds=2), dt.timedelta(hours=4)):  # in the morning, and after noon
        clock[0] = dt.datetime(2025, 3, 10, 9, 30, tzinfo=dt.UTC) + later
        said = import_history(folder, "--platform", "reddit", "--document", "terms-of-service")
        assert said.exit_code == 0 and said.output == NOTHING_NEW, said.output
        assert _times("reddit", "terms-of-service") == held and PolicyChange.objects.count() == changes


def test_a_record_whose_second_page_did_not_load_once_is_imported_as_never_sure(client, db, tmp_path):
    """Open Terms Archive keeps some documents (Meta’s, for one) as a record of several pages; once, the second page was its
    error message. That version removes the AI promise and the next one adds it back: both were sure alerts
    about a platform that changed nothing."""
    terms = "\n\n".join(["# Terms", *[f"Section {n}: you agree to use the service lawfully and to keep your account "
                                      "safe, and we may update these terms with notice." for n in range(8)]])
    promise = ("## Data commitments\n\nMeta does not use your prompts or the responses to train its AI models.\n\n"
               "Your content is encrypted in transit and at rest, and you can delete it at any time.\n\n"
               "Only the staff who need your content to run the service can see it, and every access is logged.")
    error = ("This page isn’t available\n-------------------------\n\nAn unexpected error has occurred. Try reloading "
             "the page or come back later.")
    repo = tmp_path / "versions"
    for day, part in (("2025-11-01", promise), ("2025-11-12", error), ("2025-11-13", promise)):
        archive_commit(repo, day, {"Reddit/Privacy Policy.md": f"{terms}\n\n- - -\n\n{part}\n".encode()})
    said = import_history(repo)
    assert said.exit_code == 0, said.output
    versions = list(WatchedDocument.objects.get(platform="reddit", doc_id="privacy-policy").versions
                    .order_by("created_at"))
    # The page back is judged against the version before the error: the same promise, no change about AI at all.
    assert [(v.ai_relevant, v.ai_sure, v.error_line) for v in versions] == [
        (False, False, ""), (True, False, "This page isn’t available"), (False, False, "")]
    assert versions[2].compared_with == versions[0]
    html = " ".join(client.get(reverse("watch:version", args=[versions[1].id])).content.decode().split())
    assert "This change may be about AI: optout cannot tell for sure" in html
    assert "reads like an error message (“This page isn’t available”)" in html
    html = " ".join(client.get(reverse("watch:version", args=[versions[2].id])).content.decode().split())
    assert "The page is back to the text of 1 November 2025, after a version that held little of it" in html


STUB_POLICY = "\n\n".join(["# Privacy Policy", *[
    f"Section {n}: we keep the records of account {n} for {n % 12 + 1} months to run the service, answer support "
    f"request {n} and meet legal duty {n}." for n in range(30)]])
TRAINS = "We use your public posts and photos to train and improve our generative AI models."
ASKS = "We use your public posts to train our generative AI models only if you agree to it in your settings."


def _stub_history(client, tmp_path, back: str) -> list:
    """An archive of a long policy with an AI sentence, then a stub of it (as Open Terms Archive kept Instagram's
    "Privacy Policy\\n---" several times in 2025), then the policy back with `back` as its AI sentence."""
    repo = tmp_path / "versions"
    for day, text in (("2025-06-16", f"{STUB_POLICY}\n\n{TRAINS}\n"), ("2025-06-19", "Privacy Policy\n---\n"),
                      ("2025-06-20", f"{STUB_POLICY}\n\n{back}\n")):
        archive_commit(repo, day, {"Reddit/Privacy Policy.md": text.encode()})
    said = import_history(repo)
    assert said.exit_code == 0, said.output
    return list(WatchedDocument.objects.get(platform="reddit", doc_id="privacy-policy").versions.order_by("created_at"))


def test_a_policy_back_after_a_stub_in_an_archive_is_no_change_about_ai(client, db, tmp_path):
    """Judged against the stub, the policy back "added" all its AI sentences: a sure alert, "Check your opt-out still
    holds", for a platform that changed nothing. It is judged against the version before the stub instead."""
    from optout.catalog.models import PolicyChange

    first, stub, back = _stub_history(client, tmp_path, TRAINS)
    assert (stub.ai_relevant, stub.ai_sure, stub.drastic) == (True, False, "shorter")
    assert (back.ai_relevant, back.ai_sure, back.compared_with, back.changed_from) == (False, False, first, stub)
    assert PolicyChange.objects.filter(sure=True).count() == 0
    said = CliRunner().invoke(build_app(), ["watch", "changes", "--platform", "reddit"], env={"COLUMNS": "300"})
    assert ("The page is back to the text of 16 June 2025, after a version that held little of it (19 June 2025): "
            "this is no change in what it says about AI, so optout alerted nobody.") in said.output
    about_ai = CliRunner().invoke(build_app(), ["watch", "changes", "--platform", "reddit", "--about-ai"]).output
    assert "Check your opt-out still holds" not in about_ai and f"#{back.id} " not in about_ai
    # Its differences are against the policy it is judged against, not the stub: nothing, not the whole policy added.
    html = " ".join(client.get(reverse("watch:version", args=[back.id])).content.decode().split())
    assert "compared with 16 June 2025" in html and "compared with 19 June 2025" not in html
    assert TRAINS not in html and "Section 5: we keep" not in html  # the same text: no row
    shown = CliRunner().invoke(build_app(), ["watch", "show", str(back.id)], env={"COLUMNS": "300"}).output
    assert "compared with 16 June 2025" in shown and f"+ {TRAINS}" not in shown


def test_a_policy_back_after_a_stub_with_other_ai_sentences_is_judged_against_the_policy_before(client, db, tmp_path):
    first, stub, back = _stub_history(client, tmp_path, ASKS)
    assert (back.ai_relevant, back.ai_sure, back.drastic, back.compared_with) == (True, False, "restored", first)
    assert [reason["kind"] for reason in back.reasons] != ["added"] * len(back.reasons)  # not the whole policy added
    html = " ".join(client.get(reverse("watch:version", args=[back.id])).content.decode().split())
    assert "This change may be about AI: optout cannot tell for sure" in html
    assert ("The page is back after a version that held little of its text (19 June 2025). Compared with the version "
            "before that one (16 June 2025), what it says about AI differs") in html
    # … and its differences show that sentence reworded, not the whole policy added after the stub
    assert "compared with 16 June 2025" in html and "Section 5: we keep" not in html
    side = client.get(reverse("watch:version", args=[back.id]), {"view": "side"}).content.decode()
    assert ASKS in side and "Section 5: we keep" not in side


def test_versions_stored_before_error_lines_were_read_are_judged_again_by_the_migration(db, tmp_path):
    import importlib

    from django.apps import apps

    from optout.catalog.models import PolicyChange

    repo = tmp_path / "versions"
    promise = "We do not train AI models on your prompts, and we delete them from our systems within thirty days."
    for day, part in (("2025-11-01", promise), ("2025-11-12", "Something went wrong")):
        archive_commit(repo, day, {"Reddit/Privacy Policy.md": f"{AI_POLICY}\n- - -\n\n{part}\n".encode()})
    assert import_history(repo).exit_code == 0
    version = WatchedDocument.objects.get(platform="reddit", doc_id="privacy-policy").latest
    assert version.ai_relevant and not version.ai_sure and version.error_line == "Something went wrong"
    type(version).objects.filter(pk=version.pk).update(error_line="", drastic="", ai_sure=True)  # as stored before
    PolicyChange.objects.filter(platform="reddit").update(sure=True)
    importlib.import_module("optout.watch.migrations.0008_version_error_line").judge_error_lines_again(apps, None)
    version.refresh_from_db()
    # (0008 marked it drastic as a yes, before 0010 stored the kind)
    assert (version.error_line, bool(version.drastic), version.ai_sure) == ("Something went wrong", True, False)
    assert PolicyChange.objects.filter(platform="reddit").values_list("sure", flat=True).get() is False


def _watch_models_at(migration: str):
    """The database migrated back to the watcher's `migration`, and the models as they were then."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    target = [("watch", migration)]
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _migrate_to_latest() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_pages_back_after_a_stub_stored_before_are_judged_again_by_the_migration(client):
    """An archive imported (or pages checked) before the watcher judged the page back against the version before the
    stub: the return was a sure "added" AI change. Migration 0011 judges it again as a new one is judged now."""
    from optout.catalog.models import PolicyChange
    from optout.notify.models import Notification
    from optout.watch.models import Alert, Version
    from optout.watch.pipeline import compare_stage
    from optout.watch.services.versions import _judged

    apps = _watch_models_at("0009_read_at_moved_to")
    version_model, change_model = apps.get_model("watch", "Version"), apps.get_model("catalog", "PolicyChange")
    user_model, alert_model = apps.get_model("auth", "User"), apps.get_model("watch", "Alert")
    told, untold = (user_model.objects.create(username=name) for name in ("told", "untold"))

    def day(number):
        return dt.datetime(2025, 6, number, 12, tzinfo=dt.UTC)

    def history(platform, back_sentence):
        """policy → stub → policy back, stored as the watcher stored them before 0010: the stub drastic (a yes), the
        return judged against the stub alone (every AI sentence 'added', sure), each with its catalog change."""
        document = apps.get_model("watch", "WatchedDocument").objects.create(
            platform=platform, doc_id="privacy-policy", title="Privacy Policy", type="privacy",
            url=f"https://{platform}.example/privacy")
        texts = [normalise(f"{STUB_POLICY}\n\n{TRAINS}\n"), normalise("Privacy Policy\n---\n"),
                 normalise(f"{STUB_POLICY}\n\n{back_sentence}\n")]
        stored, previous = [], None
        for number, text in zip((16, 19, 20), texts, strict=True):
            result = compare_stage(previous.text if previous else None, text)
            relevant = bool(result and result.ai_relevant)
            stored.append(version_model.objects.create(
                document=document, created_at=day(number), text=text, text_hash=text_hash(text), source="import",
                changed_from=previous, ai_relevant=relevant, ai_sure=relevant and number == 20, drastic=number == 19,
                score=result.score if result else 0.0, reasons=[r.as_dict() for r in result.reasons] if result else []))
            if relevant:
                change_model.objects.create(platform=platform, document="privacy-policy", title="Privacy Policy",
                                            changed_at=day(number), link=f"/watch/versions/{stored[-1].pk}/",
                                            sure=number == 20)
            previous = stored[-1]
        judged_then = compare_stage(texts[1], texts[2])  # as the code before 0010 judged the return: sure, all added
        assert judged_then.ai_relevant and judged_then.sure and {r.kind for r in judged_then.reasons} == {"added"}
        return stored

    first, stub, back = history("reddit", TRAINS)
    alert_model.objects.create(version=back, owner=told, delivered_at=day(21))
    alert_model.objects.create(version=back, owner=untold)  # not delivered yet when the upgrade came
    later_text = normalise(f"{STUB_POLICY}\n\n{ASKS}\n")
    later = version_model.objects.create(  # a sure AI change after the return, judged against it: not touched
        document=first.document, created_at=day(25), text=later_text, text_hash=text_hash(later_text),
        source="import", changed_from=back, ai_relevant=True, ai_sure=True, score=0.97, reasons=[{"kind": "reworded"}])
    change_model.objects.create(platform="reddit", document="privacy-policy", title="Privacy Policy",
                                changed_at=day(25), link=f"/watch/versions/{later.pk}/", sure=True)
    other_first, other_stub, other_back = history("instagram", ASKS)

    _migrate_to_latest()

    back, other_back, later = (Version.objects.get(pk=v.pk) for v in (back, other_back, later))
    # the same AI sentences as before the stub: no AI change, judged against the version before the stub
    assert (back.ai_relevant, back.ai_sure, back.drastic, back.compared_with_id) == (False, False, "", first.pk)
    assert Version.objects.get(pk=stub.pk).drastic == "shorter"  # 0010's kind: still the cut-down page
    # other AI sentences: told as the page back, never sure
    assert (other_back.ai_relevant, other_back.ai_sure, other_back.drastic, other_back.compared_with_id) == (
        True, False, "restored", other_first.pk)
    fields = ("ai_relevant", "ai_sure", "drastic", "error_line", "languages", "score", "reasons", "compared_with")
    for version, stub_id in ((back, stub.pk), (other_back, other_stub.pk)):  # exactly as a new one is judged
        judged = _judged(Version.objects.get(pk=stub_id), version.text, False, relevant_if_technical=True)
        assert {field: getattr(version, field) for field in fields} == {field: judged[field] for field in fields}
    assert (later.ai_relevant, later.ai_sure, later.score, later.reasons, later.drastic, later.compared_with) == (
        True, True, 0.97, [{"kind": "reworded"}], "", None)

    # the catalog: the return's change is gone, the stub's (unsure) and the later one stay; the other return unsure
    assert sorted(PolicyChange.objects.values_list("platform", "changed_at", "sure")) == [
        ("instagram", day(19), False), ("instagram", day(20), False), ("reddit", day(19), False),
        ("reddit", day(25), True)]
    # the alert delivered is history; the one still waiting is closed untold
    assert Alert.objects.filter(version=back).count() == 2
    assert Alert.objects.get(version=back, owner_id=told.pk).delivered_at == day(21)
    assert Alert.objects.get(version=back, owner_id=untold.pk).delivered_at is not None
    assert not Notification.objects.exists()

    html = " ".join(client.get(reverse("watch:version", args=[back.id])).content.decode().split())
    assert ("The page is back after a version that held little of its text (19 June 2025), and what it says about AI "
            "is as on 16 June 2025: this is no change about AI. When optout found it, it took it for one and alerted "
            "the people who use the platform: that alert was a false alarm.") in html
    assert "alerted nobody" not in html and "Check your opt-out still holds" not in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_judges_a_document_in_version_order(client):
    """A return after an error page shares no sentence with it: stored before as "different", it read as cut down
    itself, and the next version would be judged past it. Judged again first, it is the page back, and the next
    version, a sure AI change from it, keeps its verdict."""
    from optout.watch.models import Version

    apps = _watch_models_at("0010_version_drastic_kind_compared_with")
    version_model = apps.get_model("watch", "Version")
    document = apps.get_model("watch", "WatchedDocument").objects.create(
        platform="reddit", doc_id="privacy-policy", title="Privacy Policy", type="privacy",
        url="https://reddit.example/privacy")
    stored, previous = [], None
    for number, text, fields in (
            (16, f"{STUB_POLICY}\n\n{TRAINS}\n", {}),
            (17, "Something went wrong\n\nPlease try again later.\n", {"ai_relevant": True, "drastic": "shorter"}),
            (18, f"{STUB_POLICY}\n\n{TRAINS}\n", {"ai_relevant": True, "drastic": "different"}),
            (19, f"{STUB_POLICY}\n\n{ASKS}\n", {"ai_relevant": True, "ai_sure": True, "score": 0.97})):
        text = normalise(text)
        previous = version_model.objects.create(
            document=document, created_at=dt.datetime(2025, 6, number, 12, tzinfo=dt.UTC), text=text,
            text_hash=text_hash(text), source="import", changed_from=previous, **fields)
        stored.append(previous)

    _migrate_to_latest()

    first, _error, back, later = (Version.objects.get(pk=v.pk) for v in stored)
    assert (back.ai_relevant, back.drastic, back.compared_with) == (False, "", first)
    assert (later.ai_relevant, later.ai_sure, later.score, later.drastic, later.compared_with) == (
        True, True, 0.97, "", None)


@pytest.mark.django_db(transaction=True)
def test_a_history_stored_before_says_where_the_page_flipped_back(client):
    """Versions stored before optout noted a page flipping back (A, B, A again) are given it when the database is
    migrated, so an imported record's flips read as such on the platform's page."""
    from optout.watch.models import Version

    apps = _watch_models_at("0011_judge_pages_back_again")
    version_model = apps.get_model("watch", "Version")
    document = apps.get_model("watch", "WatchedDocument").objects.create(
        platform="reddit", doc_id="privacy-policy", title="Privacy Policy", type="privacy",
        url="https://reddit.example/privacy")
    stored, previous = [], None
    for number, text in ((16, TRAINS), (17, ASKS), (18, TRAINS), (19, ASKS), (20, "We keep your account.")):
        text = normalise(f"{STUB_POLICY}\n\n{text}\n")
        previous = version_model.objects.create(
            document=document, created_at=dt.datetime(2025, 6, number, 12, tzinfo=dt.UTC), text=text,
            text_hash=text_hash(text), source="import", changed_from=previous)
        stored.append(previous)

    _migrate_to_latest()

    versions = [Version.objects.get(pk=v.pk) for v in stored]
    assert [v.returns_to_id for v in versions] == [None, None, stored[0].pk, stored[1].pk, None]
    html = " ".join(client.get(reverse("watch:version", args=[stored[2].pk])).content.decode().split())
    assert "The page is back to its text of 16 June 2025: the change of 17 June 2025 is undone." in html
