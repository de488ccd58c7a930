"""Messages word for word: one of each kind and shape, templates, one subject per thread.

The seed picks the phrasings; the rest is the shape (one option or several, standing times, zones,
the clock of the place, who signs). tests/test_compose.py checks the properties across seeds.
"""

from __future__ import annotations

from datetime import date

import pytest

from meetup.invite import composer as compose
from meetup.invite.activities import activity_for
from meetup.invite.composer import (
    compose_confirmation,
    compose_invite,
    compose_nudge,
    compose_slot_taken,
    compose_thanks,
    compose_withdrawal,
)
from tests.test_compose import LONDON, OPTIONS, ctx

WHOLE = {
    "invite_asked_again": (
        lambda: compose_invite(ctx(3, asked_again=True, note=None)),
        "A coffee sometime?",
        """Hey Sam,

You told me to try you again about now. Still up for a coffee?

I could do any of these:
1. Tue 24 Nov, 18:00-19:00
2. Thu 26 Nov, 12:00-13:00
3. Sat 28 Nov, 10:30-11:30

Tell me the number of the one you like. None of these good? Tell me and we'll find another time.

Speak soon,
Alex
""",
    ),
    "invite_london": (
        lambda: compose_invite(ctx(1, friend_zone=LONDON)),
        "A coffee?",
        """Hey there Sam!

I was just thinking of you. Would you be up for a coffee? There's a new place on Elm Street!

These work for me:
1. Tue 24 Nov, 18:00-19:00
2. Thu 26 Nov, 12:00-13:00
3. Sat 28 Nov, 10:30-11:30
(times are Berlin time)

Reply with a number and I'll put it in the calendar. No worries if none work.

Cheers,
Alex
""",
    ),
    "invite_one_first_call": (
        lambda: compose_invite(
            ctx(
                2,
                options=OPTIONS[:1],
                first_contact=True,
                note=None,
                activity=activity_for("call"),
                friend_zone=LONDON,
            )
        ),
        "Fancy a quick call?",
        """Hey Sam,

I'd like to get to know you a little better. Would you be up for a quick call?

Here's when I can:
1. Tue 24 Nov, 17:00-18:00
(that's your time)

Would that suit you? No pressure if it doesn't fit.

Best,
Alex
""",
    ),
    "nudge0": (
        lambda: compose_nudge(ctx(4, numbers=[4, 5, 6]), 0),
        "Re: A coffee?",
        """Hey there Sam!

Me again! I know things get busy.

I could also do:
4. Tue 24 Nov, 18:00-19:00
5. Thu 26 Nov, 12:00-13:00
6. Sat 28 Nov, 10:30-11:30

Reply with a number and I'll put it in the calendar.

All the best,
Alex
""",
    ),
    "nudge_standing": (
        lambda: compose_nudge(
            ctx(5, options=OPTIONS[2:], numbers=[4], friend_zone=LONDON),
            2,
            standing=[(1, OPTIONS[0]), (2, OPTIONS[1])],
            subject="Coffee soon?",
        ),
        "Re: Coffee soon?",
        """Hi Sam,

No pressure, but I'd still love to catch up.

These from before still work for me:
1. Tue 24 Nov, 18:00-19:00
2. Thu 26 Nov, 12:00-13:00

Here's another one:
4. Sat 28 Nov, 10:30-11:30
(that's Berlin time)

Which works best? A number is plenty.

See you soon,
Alex
""",
    ),
    "nudge_ended": (
        lambda: compose_nudge(ctx(6, options=[]), 3, ended=True, subject="Re: Coffee soon?"),
        "Re: Coffee soon?",
        """Hey Sam!

The dates I had in mind have passed now, so I'll leave it there for this time.

If you'd like to find another time, just reply and we'll sort something out.

Warm wishes,
Alex
""",
    ),
    "confirm_call": (
        lambda: compose_confirmation(ctx(7, activity=activity_for("call"), friend_zone=LONDON), OPTIONS[1]),
        "Call: Thu 26 Nov, 11:00-12:00",
        """Hello Sam,

Wonderful, that works: Thu 26 Nov, 11:00-12:00 your time (12:00 for me).

There's a calendar invitation attached for you.

Talk soon,
Alex
""",
    ),
    "confirm_coffee": (
        lambda: compose_confirmation(ctx(8, friend_zone=LONDON), OPTIONS[1]),
        "Coffee: Thu 26 Nov, 12:00-13:00",
        """Hello Sam,

Lovely, that's in my calendar: Thu 26 Nov, 12:00-13:00 Berlin time.

I've attached a calendar invitation.

See you soon,
Alex
""",
    ),
    "confirm_noattach": (
        lambda: compose_confirmation(ctx(8), OPTIONS[2], attached=False),
        "Coffee: Sat 28 Nov, 10:30-11:30",
        """Hello Sam,

Lovely, that's in my calendar: Sat 28 Nov, 10:30-11:30.

Talk soon,
Alex
""",
    ),
    "thanks": (
        lambda: compose_thanks(ctx(9)),
        "Re: A coffee?",
        """Hello Sam,

No worries at all, thanks for letting me know.

Best,
Alex
""",
    ),
    "later": (
        lambda: compose_thanks(ctx(9), later=True),
        "Re: A coffee?",
        """Hey Sam!

No problem, just give me a shout when things calm down.

Warm wishes,
Alex
""",
    ),
    "again": (
        lambda: compose_thanks(ctx(9), later=True, again=date(2027, 1, 5)),
        "Re: A coffee?",
        """Hey Sam!

No problem at all. I'll ask again around 5 January.

Warm wishes,
Alex
""",
    ),
    "withdrawal": (
        lambda: compose_withdrawal(ctx(10)),
        "Re: A coffee?",
        """Hi Sam!

Quick update: those times have filled up, so please ignore my last message.

Apologies for the muddle.

Cheers,
Alex
""",
    ),
    "passed": (
        lambda: compose_slot_taken(ctx(11, options=OPTIONS[1:], numbers=[4, 5]), OPTIONS[0], passed=True),
        "Re: A coffee?",
        """Hey there Sam!

Sorry, I only just saw this, and that one has passed (Tue 24 Nov, 18:00-19:00).

Would one of these work instead?
4. Thu 26 Nov, 12:00-13:00
5. Sat 28 Nov, 10:30-11:30

Reply with a number and I'll put it in the calendar.

See you soon,
Alex
""",
    ),
    "taken_none": (
        lambda: compose_slot_taken(ctx(12, options=[])),
        "Re: A coffee?",
        """Hey Sam!

Sorry, that time has gone in the meantime.

Nothing else is free in that stretch, I'm afraid. Tell me which week suits you and I'll look.

See you soon,
Alex
""",
    ),
    "taken_one_standing": (
        lambda: compose_slot_taken(
            ctx(13, options=[], friend_zone=LONDON), OPTIONS[0], standing=[(3, OPTIONS[2])]
        ),
        "Re: A coffee?",
        """Hi Sam!

Argh, Tue 24 Nov, 18:00-19:00 went before I could hold it, sorry!

This one from before still works for me:
3. Sat 28 Nov, 10:30-11:30
(times are Berlin time)

Would that suit you?

Cheers,
Alex
""",
    ),
    "taken_one_fresh": (
        lambda: compose_slot_taken(ctx(14, options=OPTIONS[1:2], numbers=[4]), OPTIONS[0]),
        "Re: A coffee?",
        """Hello Sam,

Sorry, Tue 24 Nov, 18:00-19:00 has gone in the meantime.

Would this work instead?
4. Thu 26 Nov, 12:00-13:00

Could you make that?

Talk soon,
Alex
""",
    ),
    "invite_one_lunch": (
        lambda: compose_invite(ctx(1, options=OPTIONS[1:2], note=None, activity=activity_for("lunch"))),
        "Lunch?",
        """Hey there Sam!

I was just thinking of you. Would you be up for lunch?

I could do this:
1. Thu 26 Nov, 12:00-13:00

Could you make that? If it doesn't suit you, no worries, just say so.

Talk soon,
Alex
""",
    ),
    "nudge_two_standing_only": (
        lambda: compose_nudge(ctx(2, options=[]), 1, standing=[(1, OPTIONS[0]), (2, OPTIONS[1])]),
        "Re: A coffee?",
        """Hey there Sam!

Just bumping this up in case it got buried.

I can still do these from before:
1. Tue 24 Nov, 18:00-19:00
2. Thu 26 Nov, 12:00-13:00

Which works best? A number is plenty.

Best,
Alex
""",
    ),
}


@pytest.mark.parametrize("name", WHOLE)
def test_each_kind_of_message_word_for_word(name: str) -> None:
    make, subject, body = WHOLE[name]
    assert make() == compose.Draft(subject, body)


def test_templates_for_the_replies_in_a_thread() -> None:
    """Each kind has its own template; an empty one keeps the built-in phrasings."""
    templates = {
        "nudge": "$friend again: $options ($note)",
        "withdrawal": "Sorry $friend, $activity is off. $me",
        "slot_taken": "$friend: gone. $options",
        "thanks": "",
    }
    c = ctx(3, templates=templates, options=OPTIONS[:1], numbers=[7], note="Bring the book")
    assert compose_nudge(c, 1, subject="Coffee soon?") == compose.Draft(
        "Re: Coffee soon?", "Sam again: 7. Tue 24 Nov, 18:00-19:00 (Bring the book)\n"
    )
    assert compose_withdrawal(c) == compose.Draft("Re: A coffee?", "Sorry Sam, a coffee is off. Alex\n")
    assert compose_slot_taken(c, OPTIONS[1]) == compose.Draft(
        "Re: A coffee?", "Sam: gone. 7. Tue 24 Nov, 18:00-19:00\n"
    )
    assert compose_thanks(c) == compose_thanks(ctx(3, options=OPTIONS[:1], numbers=[7]))


def test_a_thread_keeps_one_subject() -> None:
    assert compose.thread_subject("Coffee soon?") == "Re: Coffee soon?"
    assert compose.thread_subject("RE: Coffee soon?") == "RE: Coffee soon?"
    assert compose.thread_subject("Coffee\r\n soon?") == "Re: Coffee soon?"


def test_templates_get_the_subject_the_zone_note_and_empty_unused_fields() -> None:
    """No note and no chosen time leave their placeholders empty; the options carry the zone note."""
    templates = {
        "invite": "$friend, $activity? $options [$note] [$when]",
        "confirmation": "$when",
        "thanks": "ok",
    }
    c = ctx(4, templates=templates, friend_zone=LONDON, note=None, options=OPTIONS[:2])
    assert compose_invite(c) == compose.Draft(
        "How about a coffee?",
        "Sam, a coffee? 1. Tue 24 Nov, 18:00-19:00\n2. Thu 26 Nov, 12:00-13:00\n(Berlin time) [] []\n",
    )
    assert compose_confirmation(c, OPTIONS[1]) == compose.Draft(
        "Coffee: Thu 26 Nov, 12:00-13:00", "Thu 26 Nov, 12:00-13:00 Berlin time\n"
    )
    assert compose_thanks(c) == compose.Draft("Re: A coffee?", "ok\n")
