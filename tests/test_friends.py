"""``meetup friend``: the store, name lookup and vCard import."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_add_list_show_edit_remove(meetup_env: Path) -> None:
    assert run("friend", "add", "Sam Lee", "--email", "sam@example.net", "--tz", "Europe/London")[0] == 0
    assert run("friend", "add", "Samira Haddad", "--city", "Beirut")[0] == 0
    code, out, _ = run("friend", "list")
    assert out.splitlines() == ["Sam Lee  sam@example.net  Europe/London", "Samira Haddad  Beirut"]
    code, out, _ = run("friend", "show", "SAM LEE")
    assert (code, out) == (0, "name:  Sam Lee\nemail: sam@example.net\ntz:    Europe/London\n")
    assert run("friend", "edit", "samira", "--email", "samira@example.org")[0] == 0
    assert (
        run("friend", "show", "Samira")[1]
        == "name:  Samira Haddad\nemail: samira@example.org\ncity:  Beirut\n"
    )
    assert run("friend", "remove", "samira")[0] == 0
    assert run("friend", "list")[1] == "Sam Lee  sam@example.net  Europe/London\n"


def test_ambiguous_and_unknown_names_list_candidates(meetup_env: Path) -> None:
    run("friend", "add", "Sam Lee")
    run("friend", "add", "Samira Haddad")
    code, _, err = run("friend", "show", "sa")
    assert (code, err) == (2, "meetup: error: 'sa' is ambiguous: Sam Lee, Samira Haddad\n")
    code, _, err = run("friend", "show", "zoe")
    assert (code, err) == (2, "meetup: error: no friend called 'zoe' (friends: Sam Lee, Samira Haddad)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tz", "Mars/Base"], "unknown time zone 'Mars/Base' (use an IANA name like Europe/Berlin)"),
        (["--email", "not-an-address"], "--email 'not-an-address' is not an email address"),
    ],
)
def test_bad_details_are_refused(meetup_env: Path, args: list[str], message: str) -> None:
    code, _, err = run("friend", "add", "Sam", *args)
    assert (code, err) == (2, f"meetup: error: {message}\n")
    assert run("friend", "list")[1] == (
        "No friends yet: `meetup friend add NAME --email ...` or `meetup friend import contacts.vcf`.\n"
    )


def test_duplicate_name_is_refused(meetup_env: Path) -> None:
    run("friend", "add", "Sam Lee")
    code, _, err = run("friend", "add", "sam lee")
    assert (code, err) == (
        2,
        "meetup: error: a friend called 'sam lee' exists already (use `meetup friend edit`)\n",
    )


def test_import_apple_google_outlook_and_reimport_updates(meetup_env: Path) -> None:
    code, out, _ = run("friend", "import", str(ROOT / "examples" / "friends.vcf"))
    assert (code, out) == (0, f"imported {ROOT / 'examples' / 'friends.vcf'}: 3 added, 0 updated\n")
    for name in ("google-contacts.vcf", "outlook.vcf"):
        assert run("friend", "import", str(DATA / name))[0] == 0
    listing = run("friend", "list")[1]
    assert listing.splitlines() == [
        "Jonas Weber  jonas.weber@example.de  Berlin",
        "Maria Garcia Lopez  maria.garcia@example.com  Madrid",  # Google
        "Priya Raman  priya@example.org  America/Los_Angeles  San Francisco",  # vCard 4, PREF=1
        "Sam Lee  sam.lee@example.net  Europe/London  London",  # Apple, type=pref
        "Tom O'Brien  tom@example.ie",
        "Yuki Nakamura  yuki@example.jp  Asia/Tokyo  Tokyo",  # Outlook, CRLF
    ]
    code, out, _ = run("friend", "import", str(ROOT / "examples" / "friends.vcf"))
    assert out == f"imported {ROOT / 'examples' / 'friends.vcf'}: 0 added, 3 updated\n"
    assert len(run("friend", "list")[1].splitlines()) == 6


def test_unreadable_vcard_is_one_line(meetup_env: Path, tmp_path: Path) -> None:
    code, _, err = run("friend", "import", str(tmp_path / "missing.vcf"))
    assert (code, err) == (
        1,
        f"meetup: error: cannot read {tmp_path / 'missing.vcf'}: No such file or directory\n",
    )


def test_apple_export_and_reimport_matches_by_uid_then_email(meetup_env: Path, tmp_path: Path) -> None:
    code, out, err = run("friend", "import", str(DATA / "apple-contacts.vcf"))
    assert (code, out) == (0, f"imported {DATA / 'apple-contacts.vcf'}: 2 added, 0 updated\n"), err
    assert run("friend", "show", "chidi")[1] == (
        "name:  Chidi Okafor\nfirst name: Chidi\nemail: chidi@example.edu\nphone: +1 (415) 555-0134\n"
        "city:  San Francisco\n"
    )
    assert run("friend", "show", "leila")[1] == (
        "name:  Leila Haddad\nfirst name: Leila\nemail: leila.haddad@example.fr\nphone: +33 6 12 34 56 78\n"
        "tz:    Europe/Paris\ncity:  Paris\n"
    )
    # the same card renamed on the phone (same UID) and Leila's card without a UID: updates, no duplicates
    renamed = (DATA / "apple-contacts.vcf").read_text().replace("FN:Chidi Okafor", "FN:Chidi A. Okafor")
    renamed = renamed.replace("TZ:Europe/Paris", "TZ:Europe/Berlin")
    edited = tmp_path / "edited.vcf"
    edited.write_text(renamed.replace("FN:Leila Haddad", "FN:Leila H."))
    code, out, _ = run("friend", "import", str(edited))
    assert (code, out) == (0, f"imported {edited}: 0 added, 2 updated\n")
    listing = run("friend", "list")[1]
    assert listing.splitlines() == [
        "Chidi A. Okafor  chidi@example.edu  San Francisco",
        "Leila H.  leila.haddad@example.fr  Europe/Berlin  Paris",
    ]


def test_a_friend_is_found_by_first_or_last_name_behind_a_title(meetup_env: Path) -> None:
    assert run("friend", "add", "Dr. María García", "--email", "maria@example.net")[0] == 0
    assert run("friend", "add", "Jonas Becker")[0] == 0
    for typed in ("maria", "María G", "garcia", "GARC"):
        code, out, err = run("friend", "show", typed)
        assert (code, out.splitlines()[0]) == (0, "name:  Dr. María García"), (typed, err)
    assert run("friend", "add", "Maria Lopez")[0] == 0
    code, _, err = run("friend", "show", "garcia")
    assert code == 0, err
    code, _, err = run("friend", "show", "maria")
    assert (code, err) == (2, "meetup: error: 'maria' is ambiguous: Maria Lopez, Dr. María García\n")
