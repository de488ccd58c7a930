"""Messages of a group invite. Pure: names, free intervals, zones and a seed, nothing else.

Each friend gets their own message: their first name, times in their zone, and who else is
asked *by first name only* (an address is never shown to another friend). Phrasings vary by
seed like the one-friend composer's, whose greeting, option list and sign-off are reused so a
thread reads like one person wrote it; a sentence of the thread so far (``ctx.used``) is never said again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.group.decide import join_names
from meetup.invite.composer import (
    GREETINGS,
    Draft,
    InviteContext,
    _options_block,
    _signed,
    _when,
    format_option,
)
from meetup.invite.wording import Phrases
from meetup.text import one_line

GROUP_SUBJECTS = (
    "{What} with {others}?",
    "{What} together soon?",
    "Getting together for {what}?",
    "{What}: {everyone}?",
)
GROUP_OPENERS = (
    "I'm trying to get a few of us together for {what}: {everyone}.",
    "How about {what} with {others_and_me}? It's been ages since we were all in one place.",
    "I'd love to get {others_and_you} round a table for {what}.",
    "I'm asking {others} too: would you be up for {what}?",
)
GROUP_ASKS = (
    'Which of these could you make? Name all that work ("1 and 3", "any but 2", "all fine") '
    "and I'll pick the one that suits most of us.",
    'Tell me every number that works for you ("1 and 3" or "all fine" is perfect); '
    "I'll go with the time most of us can do.",
    'Reply with all the numbers you could do, like "2 and 3" or "any of them", and I\'ll sort out the rest.',
)
GROUP_FALLBACKS = (
    "If none of them fit, just say so.",
    "No worries if none work for you.",
    "If the timing's bad, say so, no pressure.",
)
GROUP_NUDGES = (
    "Just checking in on this one.",
    "Quick nudge, in case my last message got buried.",
    "Still hoping you can join us!",
)
GROUP_CONFIRMS = (
    "It's settled:",
    "Great news, we have a date:",
    "Done, here's the plan:",
)
SORRY = (
    "We went with {day}, since that's when most of us could make it. Sorry it doesn't work for you "
    "this time; we'll miss you, and I'll make sure the next one suits you too.",
    "It ended up being {day}, the time that suited most people. Such a shame you can't make it; "
    "let's catch up soon, just us or with the others.",
    "The group settled on {day}. I know that one doesn't work for you, sorry! Next time I'll ask you first.",
)


def _what(ctx: InviteContext) -> str:
    return one_line(ctx.activity.noun_phrase)


def compose_group_invite(ctx: InviteContext, others: Sequence[str]) -> Draft:
    """The first message to one member: the others by first name, the options, how to answer."""
    phrases = Phrases(ctx.seed, ctx.used)
    what = _what(ctx)
    names = [one_line(o) for o in others]
    words = {
        "what": what,
        "What": what[:1].upper() + what[1:],
        "others": join_names(names),
        "everyone": join_names(["you", *names, "me"]),
        "others_and_me": join_names([*names, "me"]),
        "others_and_you": join_names([*names, "you"]),
    }
    subject = one_line(phrases.pick(GROUP_SUBJECTS, **words))
    note = one_line(ctx.note or "")
    opener = phrases.pick(GROUP_OPENERS, **words)
    body = _signed(
        ctx,
        phrases,
        [
            phrases.pick(GREETINGS, name=ctx.first_name),
            opener + (f" {note}" if note else ""),
            f"These times work for me:\n{_options_block(ctx, phrases)}",
            f"{phrases.pick(GROUP_ASKS)} {phrases.pick(GROUP_FALLBACKS)}",
        ],
    )
    return Draft(subject, body)


def compose_group_nudge(ctx: InviteContext, tally: str, attempt: int) -> Draft:
    """A reminder to someone who has not answered, with how the others answered so far."""
    phrases = Phrases(ctx.seed * 31 + attempt, ctx.used)
    lines = [
        phrases.pick(GREETINGS, name=ctx.first_name),
        phrases.pick(GROUP_NUDGES) + (f" So far {tally}" if tally else ""),
    ]
    lines += [f"The times again:\n{_options_block(ctx, phrases)}", phrases.pick(GROUP_ASKS)]
    return Draft(one_line(f"Re: {_what(ctx)}?"), _signed(ctx, phrases, lines))


def compose_group_confirmation(ctx: InviteContext, chosen: Interval, coming: Sequence[str]) -> Draft:
    """The time is set: when (in their zone, and the user's when it differs) and who comes."""
    phrases = Phrases(ctx.seed + 1, ctx.used)
    subject = one_line(f"{ctx.activity.name.capitalize()}: {format_option(chosen, ctx.zone)}")
    line = f"{phrases.pick(GROUP_CONFIRMS)} {_when(ctx, chosen)}"
    if coming:
        line += f", with {join_names([one_line(c) for c in coming])}"
    body = [phrases.pick(GREETINGS, name=ctx.first_name), line + ".", "The calendar invitation is attached."]
    return Draft(subject, _signed(ctx, phrases, body))


def compose_group_sorry(ctx: InviteContext, chosen: Interval, zone: ZoneInfo) -> Draft:
    """For a member who can't make the chosen time: kind, no guilt, nothing to do."""
    phrases = Phrases(ctx.seed + 2, ctx.used)
    start = chosen.start.astimezone(zone)
    day = f"{start:%A} {start.day} {start:%B}"  # "Thursday 3 December", as a person writes it
    return Draft(
        one_line(f"Re: {_what(ctx)}?"),
        _signed(ctx, phrases, [phrases.pick(GREETINGS, name=ctx.first_name), phrases.pick(SORRY, day=day)]),
    )


def group_request_ics(
    *,
    uid: str,
    sequence: int,
    chosen: Interval,
    zone: ZoneInfo,
    summary: str,
    organizer: tuple[str, str],
    attendees: Sequence[tuple[str, str, str]],
    dtstamp: datetime,
) -> bytes:
    """One iMIP ``REQUEST`` (RFC 5546) for everyone: ``attendees`` are ``(name, email, partstat)``."""
    import icalendar

    from meetup.invite.icsfile import _address, _calendar, _finish

    cal = _calendar("REQUEST")
    event = icalendar.Event()
    event.add("UID", one_line(uid))
    event.add("SEQUENCE", sequence)
    event.add("DTSTAMP", dtstamp)  # icalendar writes it in UTC, as RFC 5545 wants
    event.add("DTSTART", chosen.start.astimezone(zone))
    event.add("DTEND", chosen.end.astimezone(zone))
    event.add("SUMMARY", one_line(summary))
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    event.add("ORGANIZER", _address(*organizer))
    for name, email, partstat in attendees:
        guest = _address(name, email, role="REQ-PARTICIPANT")
        guest.params["PARTSTAT"] = partstat  # type: ignore[attr-defined]
        guest.params["RSVP"] = "TRUE"  # type: ignore[attr-defined]
        event.add("ATTENDEE", guest)
    cal.add_component(event)  # type: ignore[attr-defined]
    return _finish(cal, [chosen.start, chosen.end])
