"""LinkedIn's Connections.csv (preamble, quoting, empty emails, non-ASCII names) and phone numbers
in answers. Pure parts; the import through the CLI is in test_keepintouch_cli.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from meetup.errors import MeetupError
from meetup.keepintouch.linkedin import Connection, parse_connected_on, parse_connections
from meetup.keepintouch.phone import find_phone, region_for_zone

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "Connections.csv"


def test_example_export_reads_every_row() -> None:
    rows = list(parse_connections(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)))
    li = "https://www.linkedin.com/in/"
    assert rows == [
        Connection("Amélie Dubois", f"{li}amelie-dubois-3a1b2c", None, "Solaire, SAS", "Head of Product", date(2026, 11, 12)),
        Connection("Jonas Weiß", f"{li}jonasweiss", "jonas.weiss@example.de", "Fernwärme Nord GmbH", "Energy Analyst", date(2026, 11, 9)),
        Connection("Chidi Okafor", f"{li}chidi-okafor", None, "Okafor & Partners, LLP", "Founder, Principal", date(2026, 11, 3)),
        Connection("Sofía Martínez Ruiz", f"{li}sofia-martinez-ruiz", "sofia.mr@example.es", "Biblioteca Pública", "Archivist", date(2026, 10, 28)),
        Connection("Ngozi Adeyemi", f"{li}ngozi-adeyemi", None, "Lagos Design Week", "Programme Lead", date(2026, 10, 21)),
        Connection("Mei Chen", f"{li}mei-chen-42", "mei.chen@example.com", None, None, date(2026, 10, 15)),
        Connection("Ólafur Jónsson", f"{li}olafurj", None, "Hafið, ehf.", "Marine Biologist", date(2026, 10, 2)),
        Connection("Priyanka Iyer", f"{li}priyanka-iyer", None, "Open Source Co-op", 'Maintainer "pip-audit" tools', date(2026, 9, 19)),
    ]  # fmt: skip
    # what the import notes as their work: "Position at Company", or whichever is known
    assert [r.work for r in rows[:2]] == [
        "Head of Product at Solaire, SAS",
        "Energy Analyst at Fernwärme Nord GmbH",
    ]
    assert rows[5].work is None  # Mei: no company, no position
    only_one = [
        Connection("A", None, None, "Acme", None, None),
        Connection("B", None, None, None, "CTO", None),
    ]
    assert [c.work for c in only_one] == ["Acme", "CTO"]


def test_preamble_variants_bom_and_multiline_note() -> None:
    text = (
        "\ufeffNotes:\n"
        '"When exporting your connection data, you may notice that some of the email addresses are missing.\n'
        'You will only see email addresses for connections who have allowed it, see https://x.example/a,b"\n'
        "\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "  Zoë , O'Neil,https://www.linkedin.com/in/zoe,,,,03/15/24\n"
        '李,小龙,https://www.linkedin.com/in/li,li@example.cn,"北京, 科技",工程师,2024-03-15\n'
        ",,https://www.linkedin.com/in/nobody,,,,\n"
        "\n"
    )
    rows = list(parse_connections(text, "c.csv"))
    assert [(r.name, r.connected_on, r.company) for r in rows] == [
        ("Zoë O'Neil", date(2024, 3, 15), None),
        ("李 小龙", date(2024, 3, 15), "北京, 科技"),
    ]


def test_rows_after_blank_nameless_and_short_rows_are_all_read() -> None:
    text = (
        "\ufeffFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Silva,https://www.linkedin.com/in/ana,,Acme,Engineer,\n"
        "\n"
        ",,https://www.linkedin.com/in/nobody,,,,01 Oct 2026\n"
        "Ben,Okoye,https://www.linkedin.com/in/ben\n"
        ",,,,,,\n"
        "Cleo,,,cleo@example.net,,,02 Oct 2026\n"
    )
    assert list(parse_connections(text, "c.csv")) == [
        Connection("Ana Silva", "https://www.linkedin.com/in/ana", None, "Acme", "Engineer", None),
        Connection("Ben Okoye", "https://www.linkedin.com/in/ben", None, None, None, None),
        Connection("Cleo", None, "cleo@example.net", None, None, date(2026, 10, 2)),
    ]


def test_other_header_names_for_url_email_and_title() -> None:
    text = (
        "First Name,Last Name,Profile URL,Email,Company,Title,Connected On\n"
        "Dev,Rao,https://www.linkedin.com/in/dev,dev@example.in,Kite,CTO,15 Mar 2024\n"
    )
    assert list(parse_connections(text, "c.csv")) == [
        Connection(
            "Dev Rao", "https://www.linkedin.com/in/dev", "dev@example.in", "Kite", "CTO", date(2024, 3, 15)
        ),
    ]


def test_no_header_is_one_clear_error() -> None:
    with pytest.raises(MeetupError, match=r"^c\.csv: not a LinkedIn connections export"):
        list(parse_connections("Name,Email\nSam,sam@example.net\n", "c.csv"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15 Mar 2024", date(2024, 3, 15)), ("3/5/24", date(2024, 3, 5)), ("5 September 2023", date(2023, 9, 5)),
     ("2024-03-15", date(2024, 3, 15)), ("someday", None)],
)  # fmt: skip
def test_connected_on_formats(text: str, expected: date | None) -> None:
    assert parse_connected_on(text) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Sure! Best to call me on 07700 900123, evenings.", "Europe/London", "+44 7700 900123"),
        ("Happy to talk. +1 (415) 555-0132 is my cell", None, "+1 415-555-0132"),
        ("Mobil: 0171 1234567", "Europe/Berlin", "+49 171 1234567"),
        ("Dispo au +33 6 12 34 56 78", "America/New_York", "+33 6 12 34 56 78"),
        ("Tue 24 Nov, 18:00-18:20 works, option 2", "Europe/London", None),
        ("Thursday 12/03 at 14:30, or 3?", "America/New_York", None),
        ("Sorry, can't make any of these.", "Europe/London", None),
        ("Hringdu í 611 1234 eftir kl. 17", "Atlantic/Reykjavik", "+354 611 1234"),  # seven digits is whole
        ("Room 2041 at the hub, or ring 07700 900123", "Europe/London", "+44 7700 900123"),
        ("Wir wohnen jetzt in 10115 Berlin.", "Europe/Berlin", None),  # a postcode
        ("Call me at 555-1234 after six", "America/New_York", None),  # no area code: not dialable as +1
        ("Call me at 212 555 1234 after six", "America/New_York", "+1 212-555-1234"),
        ("212 555 1234", None, None),  # no country code and no zone to guess it from
        ("212 555 1234", "Etc/UTC", None),
    ],
)
def test_phone_numbers_in_answers(text: str, zone: str | None, expected: str | None) -> None:
    assert find_phone(text, zone) == expected


def test_zone_regions() -> None:
    assert region_for_zone("Europe/London") == "GB"
    assert region_for_zone("America/Los_Angeles") == "US"
    assert region_for_zone("UTC") is None
