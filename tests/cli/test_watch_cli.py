"""`optout watch compare|run|import` as a person or a script uses them."""

import json
import subprocess

from typer.testing import CliRunner

from optout.cli import build_app
from optout.watch.models import Version, WatchedDocument
from optout.watch.normalise import normalise

runner = CliRunner()
BASE = "# Privacy Policy\n\nWe collect your name and e-mail address.\n\nWe use machine learning to detect spam and fraud.\n"


def run(*args: str):
    return runner.invoke(build_app(), list(args), env={"COLUMNS": "200"})


def test_compare_prints_the_exact_json_interface(tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.html"
    old.write_text(BASE)
    new.write_text("<html><body><main><h1>Privacy Policy</h1><p>We collect your name and e-mail address.</p>"
                   "<p>We use machine learning to detect spam and fraud.</p><p>We also use your public posts and photos "
                   "to train and improve our generative AI models.</p></main></body></html>")
    result = run("watch", "compare", str(old), str(new), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"changed", "ai_relevant", "score", "reasons"}
    assert data["changed"] is True and data["ai_relevant"] is True and 0 <= data["score"] <= 1
    assert data["reasons"][0]["kind"] == "added" and "generative AI" in data["reasons"][0]["text"]


def test_compare_says_so_when_nothing_or_nothing_about_ai_changed(tmp_path):
    old, same, other = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    old.write_text(BASE)
    same.write_text(BASE.replace("\n\n", "\n\n\n"))
    other.write_text(BASE.replace("e-mail address", "e-mail address and phone number"))
    assert json.loads(run("watch", "compare", str(old), str(same), "--json").output)["changed"] is False
    data = json.loads(run("watch", "compare", str(old), str(other), "--json").output)
    assert data["changed"] is True and data["ai_relevant"] is False and data["reasons"] == []
    assert run("watch", "compare", str(old), str(tmp_path / "missing.md")).exit_code != 0


def test_compare_reads_files_as_windows_saves_them_and_markdown_as_markdown(tmp_path):
    """Notepad's "Unicode" (UTF-16 with a byte-order mark) and Windows' usual encoding read as the same text
    as UTF-8; a Markdown file with an <em> or an <address@…> in it is not taken for a web page."""
    text = BASE + "\nOur café’s “AI” rules.\n"
    utf8, utf16, windows = tmp_path / "utf8.txt", tmp_path / "utf16.txt", tmp_path / "windows.txt"
    utf8.write_bytes(text.encode("utf-8"))
    utf16.write_bytes(text.encode("utf-16"))  # with its byte-order mark
    windows.write_bytes(text.encode("cp1252"))
    for other in (utf16, windows):
        assert json.loads(run("watch", "compare", str(utf8), str(other), "--json").output)["changed"] is False
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    filler = "\n\n".join(f"Section {n}. We keep your records for {n} months." for n in range(60))
    old.write_text(f"{filler}\n\nWrite to <privacy@example.com>.\n\nWe do not use <em>your</em> posts to train AI.\n")
    new.write_text(f"{filler}\n\nWrite to <privacy@example.com>.\n\nWe use <em>your</em> posts to train AI.\n")
    data = json.loads(run("watch", "compare", str(old), str(new), "--json").output)
    assert data["ai_relevant"] and data["reasons"][0]["old"] == "We do not use <em>your</em> posts to train AI."



POLICY = BASE + (
    "\nWe do not use your private messages to train our AI models.\n\nWe use your public posts to train our AI models.\n"
    "\nYou can opt out of this use at any time in your privacy settings.\n\nWe keep your data for as long as your "
    "account is open, and for thirty days after you close it.\n")


def test_compare_does_not_vouch_for_a_new_version_that_lost_most_of_the_text(tmp_path):
    """An error page or a sign-in wall in place of the policy "removes" every AI sentence: as the watcher does,
    compare calls it at most "maybe about AI" and says why, in words and in its JSON."""
    old, stub = tmp_path / "old.md", tmp_path / "stub.md"
    old.write_text(POLICY)
    stub.write_text("# Page not found\n\nThe page you asked for does not exist. Go back to the home page.\n")
    result = run("watch", "compare", str(old), str(stub))
    assert result.exit_code == 0, result.output
    assert "Changed, maybe about AI (optout cannot tell for sure)" in result.output
    assert "Careful: the new version is less than half as long as the old one." in result.output
    assert "It may be an error page, a sign-in wall" in result.output
    data = json.loads(run("watch", "compare", str(old), str(stub), "--json").output)
    assert data["ai_relevant"] is True and data["sure"] is False and data["drastic"] == "shorter"
    whole = json.loads(run("watch", "compare", str(old), str(old), "--json").output)
    assert "drastic" not in whole and whole["judged"] is True


def test_compare_quotes_both_wordings_of_a_reworded_sentence_cut_around_the_change(tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    long_tail = ", and " + ", and ".join(f"the {n}th of our partners" for n in range(4, 40))
    old.write_text(POLICY.replace("train our AI models.\n\nYou", f"train our AI models{long_tail}.\n\nYou"))
    new.write_text(POLICY.replace("We use your public posts", "We use your public posts and photos")
                   .replace("train our AI models.\n\nYou", f"train our AI models{long_tail}.\n\nYou"))
    result = run("watch", "compare", str(old), str(new))
    lines = result.output.splitlines()
    now = next(line for line in lines if line.startswith("  reworded: now “"))
    before = lines[lines.index(now) + 1]
    assert "public posts and photos to train" in now and before.startswith("            before “We use your public posts to")
    assert now.endswith("…”") and len(now) < 300, "a long sentence is quoted around its change, not whole"


def test_compare_answers_a_script_in_json_even_when_it_fails(tmp_path):
    old = tmp_path / "old.md"
    old.write_text(BASE)
    result = run("watch", "compare", str(old), str(tmp_path / "missing.md"), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout.splitlines()[0]) == {"error": f"Cannot read {tmp_path / 'missing.md'}: No such file or directory."}


def test_compare_refuses_a_file_with_no_text_or_one_it_cannot_read_in_words_and_in_json(tmp_path):
    """As the watcher does: an empty file or a page with no text is not a policy with everything removed."""
    old, empty, deep = tmp_path / "old.md", tmp_path / "empty.html", tmp_path / "deep.html"
    old.write_text(BASE)
    empty.write_text("<html><head><script src='/app.js'></script></head><body><div id='root'></div></body></html>")
    deep.write_text("<html><body>" + "<div>" * 5000 + "Deep." + "</div>" * 5000 + "</body></html>")
    result = run("watch", "compare", str(old), str(empty))
    assert result.exit_code == 1 and f"{empty} holds no text optout can read" in result.output
    result = run("watch", "compare", str(old), str(deep), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout.splitlines()[0])["error"].startswith(f"optout cannot read {deep}: the page nests")


def test_compare_reads_a_page_saved_by_a_browser_as_a_web_page(tmp_path):
    old, saved = tmp_path / "old.md", tmp_path / "saved"
    old.write_text(BASE)
    saved.write_text("<!-- saved from url=(0014)about:internet -->\n<!DOCTYPE html><html><body><main><h1>Privacy Policy</h1>"
                     "<p>We collect your name and e-mail address.</p><p>We use machine learning to detect spam and "
                     "fraud.</p></main></body></html>")
    assert json.loads(run("watch", "compare", str(old), str(saved), "--json").output)["changed"] is False


def _commit(repo, day: str, text: str | None) -> None:
    """Commit LinkedIn's privacy policy as it was on `day` (None: the archive deleted the file that day)."""
    file = repo / "LinkedIn" / "Privacy Policy.md"
    file.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        file.unlink()
    else:
        file.write_text(text)
    env = {"GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", f"Update {day}"], check=True, env=env)


KEPT = BASE + "\nWe keep data for 30 days.\n"
TRAINED = KEPT + "\nWe use your posts to train generative AI models.\n"


def _ota_repo(path):
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    for day, text in zip(("2023-01-10", "2024-03-02", "2024-09-18"), (BASE, KEPT, TRAINED), strict=True):
        _commit(path, day, text)


def test_import_an_open_terms_archive_history(db, tmp_path):
    _ota_repo(tmp_path / "versions")
    result = run("watch", "import", str(tmp_path / "versions"), "--platform", "linkedin")
    assert result.exit_code == 0, result.output
    assert "Imported 3 versions of 1 document." in result.output
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    versions = list(document.versions.order_by("created_at"))
    assert [v.created_at.date().isoformat() for v in versions] == ["2023-01-10", "2024-03-02", "2024-09-18"]
    assert [v.ai_relevant for v in versions] == [False, False, True] and all(v.source == "import" for v in versions)
    assert versions[2].changed_from == versions[1]
    result = run("watch", "import", str(tmp_path / "versions"), "--platform", "linkedin")
    assert "Nothing new to import" in result.output and Version.objects.count() == 3


def test_import_again_after_new_commits_continues_the_history(db, tmp_path, client):
    """A `git pull` later, the same command: the new commit is compared with the last version imported
    before, so its AI sentence is found and the page shows one first version, not two."""
    repo = tmp_path / "versions"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _commit(repo, "2023-01-10", BASE)
    _commit(repo, "2024-03-02", KEPT)
    assert "Imported 2 versions" in run("watch", "import", str(repo), "--platform", "linkedin").output
    _commit(repo, "2024-09-18", TRAINED)
    result = run("watch", "import", str(repo), "--platform", "linkedin")
    assert result.exit_code == 0 and "Imported 1 version of 1 document." in result.output
    versions = list(WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy").versions.order_by("created_at"))
    assert [v.changed_from for v in versions] == [None, versions[0], versions[1]]
    assert [v.ai_relevant for v in versions] == [False, False, True]
    assert " ".join(client.get("/watch/linkedin/").content.decode().split()).count("first version") == 1


def test_import_a_history_in_which_the_archive_once_deleted_the_file(db, tmp_path):
    """Open Terms Archive stops tracking a document for a while and tracks it again: the commit that
    deleted the file has no text, and is not an error."""
    repo = tmp_path / "versions"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _commit(repo, "2023-01-10", BASE)
    _commit(repo, "2023-06-01", None)
    _commit(repo, "2024-03-02", KEPT)
    result = run("watch", "import", str(repo), "--platform", "linkedin")
    assert result.exit_code == 0, result.output
    assert "Imported 2 versions of 1 document." in result.output
    versions = list(WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy").versions.order_by("created_at"))
    assert [v.created_at.date().isoformat() for v in versions] == ["2023-01-10", "2024-03-02"]
    assert versions[1].changed_from == versions[0]


def test_import_a_folder_of_dated_files_and_explain_mistakes(db, tmp_path):
    folder = tmp_path / "hist"
    folder.mkdir()
    (folder / "2022-05-01.md").write_text(BASE)
    (folder / "2023-05-01.md").write_text(BASE + "\nNew paragraph.\n")
    assert run("watch", "import", str(folder)).exit_code == 1
    result = run("watch", "import", str(folder), "--platform", "linkedin", "--document", "privacy-policy")
    assert result.exit_code == 0 and "Imported 2 versions" in result.output
    import datetime as dt
    from zoneinfo import ZoneInfo

    first = Version.objects.order_by("created_at").first().created_at
    for zone in ("Pacific/Honolulu", "Europe/Berlin", "Asia/Tokyo"):  # the file's day wherever it is read
        assert first.astimezone(ZoneInfo(zone)).date() == dt.date(2022, 5, 1)
    (folder / "notes.md").write_text("x")
    result = run("watch", "import", str(folder), "--platform", "linkedin", "--document", "privacy-policy")
    assert result.exit_code == 0 and "Nothing new to import" in result.output
    assert "optout left out notes.md: only .md files whose names start with a date are read" in result.output
    assert run("watch", "import", str(tmp_path / "nope")).exit_code == 1


def test_every_watch_command_has_help_that_reads_as_paragraphs():
    """Typer prints a line break inside a paragraph of a command's help as it is: the help of `import` read
    "published: 2024-06-01.md or" on one line and "20240601.md; …" on the next."""
    import inspect

    from optout.watch.cli import app

    for info in app.registered_commands:
        command = info.name or info.callback.__name__
        result = runner.invoke(build_app(), ["watch", command, "--help"], env={"COLUMNS": "2000"})
        assert result.exit_code == 0, result.output
        lines = [" ".join(line.split()) for line in result.output.splitlines()]
        for paragraph in inspect.getdoc(info.callback).split("\n\n"):
            assert " ".join(paragraph.split()) in lines, (command, paragraph)


def test_import_explains_a_repository_it_cannot_use(db, tmp_path):
    empty = tmp_path / "empty"
    subprocess.run(["git", "init", "-q", str(empty)], check=True)
    result = run("watch", "import", str(empty))
    assert result.exit_code == 1
    assert f"The import stopped: {empty} is a git repository optout cannot read a latest version from (it may have no " \
           "commit yet)" in " ".join(result.output.split())
    other = tmp_path / "other"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    (other / "README.md").write_text("Notes\n")
    subprocess.run(["git", "-C", str(other), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(other), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
                   check=True)
    result = run("watch", "import", str(other))
    assert result.exit_code == 1 and "Imported" not in result.output
    assert "holds none of the documents optout watches where Open Terms Archive keeps them" in \
        " ".join(result.output.split())


def test_import_finds_a_document_whose_name_has_letters_outside_ascii(db, tmp_path, monkeypatch):
    from optout.watch.declarations import declarations
    from optout.watch.services import documents as documents_service

    current = declarations()
    spanish = [d.model_copy(update={"title": "LinkedIn: Política de privacidad"}) if d.id == "privacy-policy" else d
               for d in current["linkedin"].documents]
    monkeypatch.setattr(documents_service, "declarations",
                        lambda: {**current, "linkedin": current["linkedin"].model_copy(update={"documents": spanish})})
    repo = tmp_path / "versions"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _commit(repo, "2023-01-10", BASE)
    (repo / "LinkedIn" / "Privacy Policy.md").rename(repo / "LinkedIn" / "Política de privacidad.md")
    _commit(repo, "2023-01-11", BASE)
    result = run("watch", "import", str(repo), "--platform", "linkedin", "--document", "privacy-policy")
    assert result.exit_code == 0, result.output
    assert "Imported 1 version of 1 document." in result.output


def test_import_after_optout_checked_fills_only_the_time_its_checks_do_not_cover(db, tmp_path, client):
    """optout read the page itself in March and September 2024; the archive holds January 2023 to December
    2024. The versions before March are inserted, March's is compared with the newest of them (technical:
    two readings); those between March and September are left out, and said so; December's continues."""
    import datetime as dt

    from optout.watch.models import Version
    from optout.watch.normalise import normalise, text_hash
    from optout.watch.services import sync_documents
    from optout.watch.services.versions import record_text

    sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    march, september = (dt.datetime(2024, m, 2, 9, tzinfo=dt.UTC) for m in (3, 9))
    own_march = record_text(document, normalise(KEPT), text_hash(normalise(KEPT)), march, extraction="ours")
    own_september = record_text(document, normalise(TRAINED), text_hash(normalise(TRAINED)), september, extraction="ours")
    repo = tmp_path / "versions"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for day, text in (("2023-01-10", BASE), ("2024-01-05", BASE + "\nWe keep logs for 30 days.\n"),
                      ("2024-05-01", KEPT + "\nA change optout's checks already cover.\n"), ("2024-12-01", TRAINED + "\nEnd.\n")):
        _commit(repo, day, text)
    result = run("watch", "import", str(repo), "--platform", "linkedin")
    assert result.exit_code == 0, result.output
    assert "Imported 3 versions of 1 document." in result.output
    assert ("Left out 1 version dated between optout's own first and latest checks of linkedin/privacy-policy: its "
            "checks cover that time.") in " ".join(result.output.split())
    versions = list(document.versions.order_by("created_at"))
    assert [v.created_at.date().isoformat() for v in versions] == ["2023-01-10", "2024-01-05", "2024-03-02",
                                                                    "2024-09-02", "2024-12-01"]
    assert [v.changed_from for v in versions] == [None, *versions[:-1]]
    march = Version.objects.get(pk=own_march.pk)
    assert march.technical and march.source == "fetch" and march.changed_from == versions[1]
    assert Version.objects.get(pk=own_september.pk).changed_from == march  # optout's own comparison stands
    assert versions[-1].technical  # after optout's reading: two readings again
    page = " ".join(client.get("/watch/linkedin/").content.decode().split())
    assert page.count("first version") == 1


def test_import_leaves_out_a_commit_dated_in_the_future_and_names_it(db, tmp_path):
    repo = tmp_path / "versions"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _commit(repo, "2023-01-10", BASE)
    _commit(repo, "2099-01-01", KEPT)
    result = run("watch", "import", str(repo), "--platform", "linkedin")
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "optout left out LinkedIn/Privacy Policy.md in commit" in output
    assert "(2099-01-01): it is dated 2099-01-01T12:00:00+00:00, after now: its computer's clock was wrong" in output
    assert list(Version.objects.values_list("text", flat=True)) == [normalise(BASE)]


def test_import_leaves_out_the_time_after_optouts_latest_version_that_its_checks_found_unchanged(db, tmp_path):
    """optout read the page on 1 March and found it unchanged at every check until 1 April: an archive text of
    10 March is its own reading of that unchanged page, and stays out."""
    import datetime as dt

    from optout.watch.models import FetchLog
    from optout.watch.normalise import normalise, text_hash
    from optout.watch.services import sync_documents
    from optout.watch.services.versions import record_text

    sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    march = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    record_text(document, normalise(KEPT), text_hash(normalise(KEPT)), march, extraction="ours")
    FetchLog.objects.create(document=document, at=march + dt.timedelta(days=31), outcome="not-modified")
    repo = tmp_path / "versions"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _commit(repo, "2024-03-10", KEPT + "\nThe archive's reading of the same page.\n")
    _commit(repo, "2024-04-20", TRAINED)
    result = run("watch", "import", str(repo), "--platform", "linkedin")
    assert result.exit_code == 0, result.output
    assert "Imported 1 version of 1 document." in result.output and "Left out 1 version" in result.output
    assert [v.created_at.date().isoformat() for v in document.versions.order_by("created_at")] == [
        "2024-03-01", "2024-04-20"]


def test_a_folder_with_two_files_of_one_day_keeps_them_in_order(db, tmp_path):
    folder = tmp_path / "hist"
    folder.mkdir()
    (folder / "2024-05-01-a-morning.md").write_text(BASE)
    (folder / "2024-05-01-b-evening.md").write_text(KEPT)
    (folder / "2024-06-01.md").write_text(TRAINED)
    result = run("watch", "import", str(folder), "--platform", "linkedin", "--document", "privacy-policy")
    assert result.exit_code == 0, result.output
    versions = list(WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
                    .versions.order_by("created_at"))
    assert [v.changed_from for v in versions] == [None, versions[0], versions[1]]
    from optout.watch.normalise import normalise, text_hash

    assert [v.text_hash for v in versions] == [text_hash(normalise(text)) for text in (BASE, KEPT, TRAINED)]


def test_status_lists_a_platforms_documents_in_the_order_of_its_web_page(db, client):
    import datetime as dt
    import re

    from django.utils import timezone

    from optout.watch.services import sync_documents

    sync_documents()
    documents = list(WatchedDocument.objects.filter(platform="linkedin", active=True).order_by("doc_id"))
    assert len(documents) >= 2
    for later, document in enumerate(reversed(documents)):  # due in the opposite order
        WatchedDocument.objects.filter(id=document.id).update(next_check_at=timezone.now() + dt.timedelta(hours=later))
    said = run("watch", "status", "--platform", "linkedin")
    listed = re.findall(r"^linkedin/([\w-]+):", said.output, re.M)
    page = client.get("/watch/linkedin/").content.decode()
    assert listed == [d.doc_id for d in documents]
    assert [page.index(d.title) for d in documents] == sorted(page.index(d.title) for d in documents)
