"""The ``(ref: invite N)`` line of a one-tap answer: which invite a reply without threading
headers answers, trusted only when the friend of that invite sent it. Pure; the same replies go
through ``meetup inbox`` in tests/test_onetap.py."""

from __future__ import annotations

import pytest

from meetup.answers.reference import find_reference, match_reference, reference_line, without_reference

FRIENDS = {12: "sam@example.net", 13: None, 14: ""}


def test_the_line_a_one_tap_link_puts_in_the_body() -> None:
    assert reference_line(12) == "(ref: invite 12)"
    assert find_reference(reference_line(987654321)) == 987654321


@pytest.mark.parametrize(
    ("text", "invite"),
    [
        ("2\n\n(ref: invite 12)\n\nSent from my iPhone", 12),
        ("2\r\n\r\n(ref: invite 12)\r\n", 12),  # CRLF from a Windows client
        ("Sat works!\n\n> (ref: invite 12)", 12),  # the client quoted the link's body
        ("3\n  >> (Ref: Invite 12)  \n", 12),  # quoted twice, capitalised, trailing blanks
        ("1\n(ref:invite 12)", 12),  # a client that ate the space
        ("1\n(ref: invite 12)\n> (ref: invite 12)", 12),  # the same invite twice is still that invite
        ("2 please", None),
        ("I saw (ref: invite 12) in your mail, what is it?", None),  # not a line of its own
        ("(ref: invite 1234567890)", None),  # longer than any invite number meetup writes
        ("(ref: invite twelve)", None),
        ("1\n(ref: invite 3)\n> (ref: invite 4)", None),  # two invites: neither is trusted
    ],
)
def test_the_invite_a_reply_names(text: str, invite: int | None) -> None:
    assert find_reference(text) == invite


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("2\n\n(ref: invite 12)\n\nSent from my iPhone", "2\n\n\nSent from my iPhone"),
        ("(ref: invite 12)\n2", "2"),
        ("Saturday!\n> (ref: invite 12)\n", "Saturday!"),
        ("Saturday!\n(REF: INVITE 12)\t\n(ref: invite 13)", "Saturday!"),
        ("I saw (ref: invite 12) in your mail", "I saw (ref: invite 12) in your mail"),
    ],
)
def test_the_reference_line_is_removed_so_its_number_is_never_an_option(text: str, left: str) -> None:
    assert without_reference(text) == left


@pytest.mark.parametrize(
    ("text", "sender", "result"),
    [
        ("2\n(ref: invite 12)", "sam@example.net", (12, None)),
        ("2\n(ref: invite 12)", "Sam@Example.NET", (12, None)),  # addresses compare without case
        (
            "2\n(ref: invite 12)",
            "eve@example.org",
            (None, "names invite 12 but comes from eve@example.org, not its friend"),
        ),
        ("2\n(ref: invite 12)", "", (None, "names invite 12 but comes from no address, not its friend")),
        # an invite whose friend has no address is never matched by a reference
        ("2\n(ref: invite 13)", "", (None, "names invite 13 but comes from no address, not its friend")),
        (
            "2\n(ref: invite 14)",
            "sam@example.net",
            (None, "names invite 14 but comes from sam@example.net, not its friend"),
        ),
        ("1\n(ref: invite 99)", "sam@example.net", (None, None)),  # a guessed number: no such invite
        ("1", "sam@example.net", (None, None)),
    ],
)
def test_a_reference_is_trusted_only_from_the_invites_friend(
    text: str, sender: str, result: tuple[int | None, str | None]
) -> None:
    assert match_reference(text, sender, FRIENDS) == result
