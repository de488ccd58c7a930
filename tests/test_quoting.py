"""What the friend wrote now, at the pure level: realistic replies from the common clients in
English, German, Spanish and French, each with the exact text left after removing quotes,
attributions, forwarded headers and signatures, the per-option inline answers and the quoted
option numbers. Each mail is read both without and with the text meetup sent (Outlook quotes it
without ``>``)."""

from __future__ import annotations

import pytest

from meetup.answers.quoting import Parts, split_reply

SENT = (
    "Hi Sam,\n\ncoffee? I'm free on these:\n\n1. Tue 1 Dec, 18:00-20:00\n2. Thu 3 Dec, 12:00-13:00\n\n"
    "Which works for you? Reply with a number.\n\nAlex"
)
OPTIONS = "1. Tue 1 Dec, 18:00-20:00\n2. Thu 3 Dec, 12:00-13:00\n"
QUOTED = "> 1. Tue 1 Dec, 18:00-20:00\n> 2. Thu 3 Dec, 12:00-13:00\n"

MAILS = [
    # the attribution lines of the common clients, in every language
    (
        "2 works!\n\nOn Mon, 23 Nov 2026 at 10:00, Alex <alex@example.org> wrote:\n" + QUOTED,
        "2 works!",
        [1, 2],
    ),
    (
        "ok the first\nOn Mon, 23 Nov 2026 at 10:00, Alex Example\n<alex@example.org> wrote:\n> 1. Tue 1 Dec\n",
        "ok the first",
        [1],
    ),
    (
        "Thursday please\n\nOn Mon, 23 Nov 2026 at 10:00, Alex Example <\nalex@example.org> wrote:\n\n"
        "> 1. Tue 1 Dec, 18:00-20:00\n",
        "Thursday please",
        [1],
    ),
    (
        "Dienstag passt.\n\nViele Grüße\nSam\n\nAm 23.11.2026 um 10:00 schrieb Alex <alex@example.org>:\n"
        "> 1. Tue 1 Dec\n",
        "Dienstag passt.",
        [1],
    ),
    (
        "Passt!\n\nAlex <alex@example.org> schrieb am Mo., 23. Nov. 2026, 10:00:\n> 2. Thu 3 Dec\n",
        "Passt!",
        [2],
    ),
    (
        "El jueves me va bien.\n\nSaludos,\nSam\n\n"
        "El lun, 23 nov 2026 a las 10:00, Alex (<alex@example.org>) escribió:\n> 1. Tue 1 Dec\n",
        "El jueves me va bien.",
        [1],
    ),
    (
        "Mardi c'est parfait !\n\nBien cordialement,\nSam\n\n"
        "Le lun. 23 nov. 2026 à 10:00, Alex <alex@example.org> a écrit :\n> 1. Tue 1 Dec\n",
        "Mardi c'est parfait !",
        [1],
    ),
    ("the second\n\n* Alex <alex@example.org> [2026-11-23 10:00]:\n> 1. Tue 1 Dec\n", "the second", [1]),
    ("Option 2\n\nAlex wrote on 23/11/2026 10:00:\n> 1. Tue\n", "Option 2", [1]),
    ("My answer:\n> 1. Tue\n", "My answer:", [1]),  # no address or date: not an attribution
    ("Call me at 10:30:\nthe first one", "Call me at 10:30:\nthe first one", []),  # no quote follows
    ("Thursday\rOn Mon, Alex wrote:\r> 1. Tue\r", "Thursday", [1]),
    # Outlook and the like: the original below a separator or a header block, without ">"
    (
        "Tuesday is good for me.\n\nSent from my iPhone\n\n________________________________\n"
        "From: Alex <alex@example.org>\nSent: Monday, November 23, 2026 10:00\nTo: Sam\nSubject: Coffee?\n\n"
        + SENT,
        "Tuesday is good for me.",
        [1, 2],
    ),
    (
        "Donnerstag!\n\nVon: Alex <alex@example.org>\nGesendet: Montag, 23. November 2026 10:00\nAn: Sam\n"
        "Betreff: Kaffee?\n\n" + OPTIONS,
        "Donnerstag!",
        [1, 2],
    ),
    (
        "El martes.\r\n\r\nDe: Alex <alex@example.org>\r\nEnviado: lunes, 23 de noviembre de 2026 10:00\r\n"
        "Para: Sam\r\nAsunto: ¿Café?\r\n\r\n1. Tue 1 Dec, 18:00-20:00\r\n2. Thu 3 Dec, 12:00-13:00\r\n",
        "El martes.",
        [1, 2],
    ),
    (
        "Jeudi !\r\n\r\nDe : Alex <alex@example.org>\r\nEnvoyé : lundi 23 novembre 2026 10:00\r\nÀ : Sam\r\n"
        "Objet : Café ?\r\n\r\n2. Thu 3 Dec, 12:00-13:00\r\n",
        "Jeudi !",
        [2],
    ),
    (
        "Tuesday\n\n*From:* Alex <alex@example.org>\n*Sent:* Monday\n*To:* Sam\n\n1. Tue 1 Dec\n",
        "Tuesday",
        [1],
    ),
    ("ok 1\n\n-----Original Message-----\nFrom: Alex\n1. Tue 1 Dec, 18:00-20:00\n", "ok 1", [1]),
    ("ok 1\n\n-----Ursprüngliche Nachricht-----\nVon: Alex\n" + OPTIONS, "ok 1", [1, 2]),
    ("From: the office, Tuesday works\nsee you", "From: the office, Tuesday works\nsee you", []),
    # signatures and sign-offs
    ("Tuesday works\n\n-- \nSam Smith\n+49 30 1234567\n", "Tuesday works", []),
    ("Thursday\n--\nSam\n", "Thursday", []),
    (
        "Tuesday works\n\nSam Smith\nAcme GmbH\nHauptstraße 5, 10115 Berlin\nTel. +49 30 1234567\n",
        "Tuesday works",
        [],
    ),
    ("Thursday is perfect\nCheers,\nSam", "Thursday is perfect", []),
    ("Thursday works\n\nLiebe Grüße", "Thursday works", []),
    ("Thursday works\n\nSam\nSmith", "Thursday works", []),
    ("Thursday works\nSam Smith", "Thursday works\nSam Smith", []),  # no blank line: maybe a sentence
    ("Thursday works\n\nSam Smith\nBerlin\nGermany", "Thursday works\n\nSam Smith\nBerlin\nGermany", []),
    ("Thanks!\nTuesday works", "Thanks!\nTuesday works", []),  # thanks first is not a sign-off
    (
        "Thursday works\nThanks,\nand bring the book please",
        "Thursday works\nThanks,\nand bring the book please",
        [],
    ),
    (
        "Cheers, thursday then\nthanks\nsee you there",
        "Cheers, thursday then\nthanks\nsee you there",
        [],
    ),
    ("Thursday\n\nEnviado desde mi iPhone\n", "Thursday", []),
    # quoted options
    ("> 1. Tue\n> 1. Tue again\n> 3. Sat\n", "", [1, 3]),
    ("1. Tuesday is fine\n2. Thursday too", "1. Tuesday is fine\n2. Thursday too", []),
    (QUOTED + "\nThe second one\n", "The second one", [1, 2]),
    (
        "> 1. Tue 1 Dec, 18:00-20:00\n> Which works for you? Reply with a number.\nthe first\n",
        "the first",
        [1],
    ),
]


@pytest.mark.parametrize("sent", [(), (SENT,)], ids=["alone", "with what meetup sent"])
@pytest.mark.parametrize(("text", "fresh", "listed"), MAILS)
def test_only_what_the_friend_wrote_now_is_left(
    text: str, fresh: str, listed: list[int], sent: tuple[str, ...]
) -> None:
    assert split_reply(text, sent) == Parts(fresh=fresh, listed=listed)


@pytest.mark.parametrize("sent", [(), (SENT,)], ids=["alone", "with what meetup sent"])
@pytest.mark.parametrize(
    ("text", "inline", "listed"),
    [
        (QUOTED.replace("\n> 2", "\nno, gym\n> 2") + "yes!\n", {1: "no, gym", 2: "yes!"}, [1, 2]),
        ("> 1. Tue 1 Dec, 18:00-20:00\n\nno, gym\n\n> 2. Thu 3 Dec, 12:00-13:00\n", {1: "no, gym"}, [1, 2]),
        (
            "> 2. Thu 3 Dec, 12:00-13:00\nyes\nat the usual place\n> Which works for you?\n",
            {2: "yes\nat the usual place"},
            [2],
        ),
    ],
)
def test_text_written_under_a_quoted_option_answers_it(
    text: str, inline: dict[int, str], listed: list[int], sent: tuple[str, ...]
) -> None:
    assert split_reply(text, sent) == Parts(fresh="", inline=inline, listed=listed)


@pytest.mark.parametrize(
    ("text", "sent", "fresh"),
    [
        ("Tuesday!\nWhich works for you? Reply with a number.\n", (SENT,), "Tuesday!"),
        (
            "Tuesday!\nWhich works for you? Reply with a number.\n",
            (),
            "Tuesday!\nWhich works for you? Reply with a number.",
        ),
        (
            "Tuesday!\nReply with a number.\n",
            (SENT,),
            "Tuesday!\nReply with a number.",
        ),  # short: maybe theirs
    ],
)
def test_a_sentence_meetup_wrote_is_dropped_even_without_a_marker(
    text: str, sent: tuple[str, ...], fresh: str
) -> None:
    assert split_reply(text, sent) == Parts(fresh=fresh)


def test_a_forwarded_mail_is_flagged_and_its_marker_kept() -> None:
    text = "see below\n\n---------- Forwarded message ---------\nFrom: Bo <bo@example.org>\nDate: Mon\n\nhi\n"
    assert split_reply(text) == Parts(
        fresh="see below\n\n---------- Forwarded message ---------", forwarded=True
    )


@pytest.mark.parametrize("sent", [(), (SENT,)], ids=["alone", "with what meetup sent"])
@pytest.mark.parametrize(
    ("text", "fresh", "listed"),
    [
        # attributions in a wording no pattern knows: a line ending in ":" with an address or a date
        ("Option 2\nAlex Example <alex@example.org> | 23.11.2026 10:00:\n> 1. Tue\n", "Option 2", [1]),
        ("Option 2\nAlex <alex@example.org>:   \n> 1. Tue\n", "Option 2", [1]),
        ("Option 2\nAlex, 2026-11-23:\n\n   > 1. Tue\n", "Option 2", [1]),
        (
            "Tuesday works, meet me at the station at 18:30:",
            "Tuesday works, meet me at the station at 18:30:",
            [],
        ),
        # the friend's own line starting like an attribution stays
        (
            "On Monday I'm away, Tuesday works\nOn Mon, 23 Nov 2026 at 10:00, Alex <alex@example.org> wrote:\n> 1. Tue\n",
            "On Monday I'm away, Tuesday works",
            [1],
        ),
        # a header block that ends the mail
        (
            "Thursday\n\nFrom: Alex <alex@example.org>\nSent: Monday\nTo: Sam\nSubject: Coffee?",
            "Thursday",
            [],
        ),
        # short closing lines that are not a signature; names of three words are, of four are not
        ("Thursday works\n\nsee you soon", "Thursday works\n\nsee you soon", []),
        ("Thursday works\n\nSam Smith Jones", "Thursday works", []),
        ("Thursday works\n\nAna María López García", "Thursday works\n\nAna María López García", []),
    ],
)
def test_attributions_and_closings_no_pattern_lists(
    text: str, fresh: str, listed: list[int], sent: tuple[str, ...]
) -> None:
    assert split_reply(text, sent) == Parts(fresh=fresh, listed=listed)


def test_an_answer_below_an_empty_quoted_line_is_still_under_its_option() -> None:
    text = "> 1. Tue 1 Dec, 18:00-20:00\n>\nno, gym\n> 2. Thu 3 Dec, 12:00-13:00\n"
    assert split_reply(text) == Parts(fresh="", inline={1: "no, gym"}, listed=[1, 2])


def test_windows_line_ends_keep_an_answer_right_under_the_last_option() -> None:
    text = "> 1. Tue 1 Dec, 18:00-20:00\r\n> 2. Thu 3 Dec, 12:00-13:00\r\nyes!\r\n"
    assert split_reply(text) == Parts(fresh="", inline={2: "yes!"}, listed=[1, 2])


def test_the_friend_writing_after_an_unmarked_sentence_of_meetup_is_kept() -> None:
    text = "Which works for you? Reply with a number.\nTuesday!\n"
    assert split_reply(text, (SENT,)) == Parts(fresh="Tuesday!")


def test_the_original_is_read_past_its_header_lines() -> None:
    text = "ok\n\n-----Original Message-----\n\nSubject: Coffee?\n\n1. Tue 1 Dec, 18:00-20:00\n"
    assert split_reply(text, (SENT,)) == Parts(fresh="ok", listed=[1])


@pytest.mark.parametrize("sent", [(), (SENT,)], ids=["alone", "with what meetup sent"])
@pytest.mark.parametrize(
    "attribution",
    [
        "Alex Example <alex@example.org> | 23.11.2026 10:00:",
        "Alex <alex@example.org>:   ",
        "Alex, Monday at 10:00:",
        "Alex, 23.11.2026:",
    ],
)
def test_an_unknown_attribution_above_a_quote_is_not_the_friends(
    attribution: str, sent: tuple[str, ...]
) -> None:
    text = f"{attribution}\n\n   > 1. Tue 1 Dec, 18:00-20:00\n\nOption 2, see you then"
    assert split_reply(text, sent) == Parts(fresh="Option 2, see you then", listed=[1])


def test_a_short_line_meetup_sent_is_recognised_in_an_unmarked_original() -> None:
    sent = "Coffee?\n\n1. Tue 1 Dec, 18:00-20:00\nCheers\nAlex"
    text = "ok\n\n-----Original Message-----\n\n1. Tue 1 Dec, 18:00-20:00\nCheers\n"
    assert split_reply(text, (sent,)) == Parts(fresh="ok", listed=[1])


def test_an_unmarked_sentence_of_thirty_characters_is_meetups() -> None:
    sent = "Coffee?\n\n1. Tue 1 Dec, 18:00-20:00\n\nWhich of these suits you best?\n\nAlex"
    text = "Tuesday!\nWhich of these suits you best?\n"
    assert split_reply(text, (sent,)) == Parts(fresh="Tuesday!")
