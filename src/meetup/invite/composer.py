"""Writing the messages of one thread in one voice. Pure: it only ever sees free intervals,
names, zones, earlier texts of the thread and a seed.

Every part (subject, greeting, opener, options intro, how to answer, sign-off) has several
phrasings; a seed per invite picks them reproducibly, and :class:`~meetup.invite.wording.Phrases`
never picks a sentence the thread (or a recent invite to the same friend, passed in ``used``)
already said. Greetings use the friend's first name (never a title), messages are signed with the
user's first name (``[me] signature``), singular and plural are right, days carry no zero
padding ("Sat 5 Dec"), and the zone is named as people say it ("UK time", "your time") only when
the two zones differ. In-person times are shown on the clock of the place (the user's zone);
calls in the friend's own zone.

User templates (``[templates]`` in the config, keys ``invite``, ``nudge``, ``confirmation``,
``thanks``, ``withdrawal``, ``slot_taken``) replace the built-in body for that kind. They are
``string.Template`` texts with these placeholders: ``$friend`` (first name), ``$me`` (the
user's first name), ``$activity`` (noun phrase, "a coffee"), ``$options`` (the numbered list, with
the zone note), ``$when`` (the chosen time, confirmation only) and ``$note``. Unknown placeholders
stay as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from string import Template
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.invite.activities import Activity
from meetup.invite.wording import (
    Phrases,
    event_title,
    first_name,
    format_option,
    plural,
    signature_name,
    zone_label,
    zone_note,
)
from meetup.text import clean_text, one_line

__all__ = [
    "Draft",
    "InviteContext",
    "compose_confirmation",
    "compose_invite",
    "compose_nudge",
    "compose_slot_taken",
    "compose_thanks",
    "compose_withdrawal",
    "format_option",
]


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


@dataclass(frozen=True)
class InviteContext:
    """Everything a message may say. Only free intervals: nothing from busy events can leak."""

    user_name: str
    friend_name: str
    activity: Activity
    options: Sequence[Interval]
    user_zone: ZoneInfo
    friend_zone: ZoneInfo | None
    note: str | None
    seed: int
    templates: Mapping[str, str] | None = None
    #: someone the user has not met yet (a new connection): no "it's been too long"
    first_contact: bool = False
    #: the friend said "ask me again later" and that day has come: the opener says so
    asked_again: bool = False
    #: The friend's given name or nickname from their vCard, when known.
    friend_given: str | None = None
    #: How the user signs (``[me] signature``); default: the first word of ``user_name``.
    signature: str | None = None
    #: The numbers the friend sees for ``options`` (a nudge's continue after earlier ones).
    numbers: Sequence[int] | None = None
    #: Earlier texts of this thread and recent invites to this friend: never said again.
    used: Sequence[str] = field(default_factory=tuple)

    @property
    def zone(self) -> ZoneInfo:
        """The clock times are shown on: the meeting place's (the user's) for in-person
        activities, the friend's own for calls."""
        if self.activity.in_person:
            return self.user_zone
        return self.friend_zone or self.user_zone

    @property
    def first_name(self) -> str:
        return first_name(one_line(self.friend_name), self.friend_given)

    @property
    def me(self) -> str:
        return signature_name(one_line(self.user_name), one_line(self.signature or ""))

    @property
    def title_for_friend(self) -> str:
        """The friend's invitation: "Coffee with Alex"."""
        return event_title(self.activity.title, self.me)

    @property
    def title_for_user(self) -> str:
        """The user's own event: "Coffee with Maria"."""
        return event_title(self.activity.title, self.first_name)

    @property
    def zone_differs(self) -> bool:
        return self.friend_zone is not None and self.friend_zone.key != self.user_zone.key

    @property
    def option_numbers(self) -> list[int]:
        if self.numbers is not None and len(self.numbers) == len(self.options):
            return list(self.numbers)
        return list(range(1, len(self.options) + 1))


# Phrasings fit any activity noun: "a coffee", "lunch", "a quick call", "board games".
SUBJECTS = ("{What}?", "{What} soon?", "How about {what}?", "Fancy {what}?", "{What} sometime?")
GREETINGS = ("Hi {name},", "Hey {name}!", "Hello {name},", "Hi {name}!", "Hey {name},", "Hey there {name}!")
OPENERS = (
    "It's been too long. Fancy {what} sometime soon?",
    "I'd love to catch up properly. How about {what}?",
    "Are you up for {what} in the next few days?",
    "I was just thinking of you. Would you be up for {what}?",
    "How have you been? I'd really like to catch up, so how about {what}?",
    "It would be lovely to see how you're doing. Fancy {what}?",
)
#: the friend asked to be asked again ("after the holidays", `reply later --until`) and it is time
AGAIN_OPENERS = (
    "You said to ask again around now, so here I am: fancy {what}?",
    "As promised, I'm asking again. How about {what}?",
    "You told me to try you again about now. Still up for {what}?",
    "Back as promised! Would you be up for {what} now?",
)
INTROS = ("I'm free at these times:", "These work for me:", "Any of these would suit me:",
          "Here's when I can:", "I could do any of these:")  # fmt: skip
INTROS_ONE = ("I'm free then:", "This time works for me:", "I could do this:", "Here's when I can:")
ASKS = (
    "Just reply with the number that works for you.",
    "Reply with a number and I'll put it in the calendar.",
    "Which one works? A number is enough.",
    "Tell me the number of the one you like.",
)
ASKS_ONE = ("Does that work for you?", "Would that suit you?", "Could you make that?")
FALLBACKS = (
    "If none of them fit, no worries, just say so.",
    "None of these good? Tell me and we'll find another time.",
    "If the timing's bad, say so, no pressure.",
    "No worries if none work.",
)
FALLBACKS_ONE = ("If it doesn't suit you, no worries, just say so.", "No pressure if it doesn't fit.")
SIGNOFFS = ("Cheers,", "See you soon,", "Best,", "Talk soon,", "Bye for now,", "All the best,", "Speak soon,")
CALM_SIGNOFFS = ("Take care,", "Best,", "All the best,", "Cheers,", "Warm wishes,")
ZONE_NOTES = ("(all {zone})", "(times are {zone})", "({zone})", "(that's {zone})")
#: the friend's own clock: "(all your time)" is not how anyone says it
OWN_ZONE_NOTES = ("(all in your time zone)", "(in your time)", "(your time)", "(that's your time)")
FIRST_CONTACT_SIGNOFFS = ("Best,", "Thanks,", "Talk soon,", "Cheers,", "All the best,")
FIRST_CONTACT_OPENERS = (
    "Now that we're connected, could we have {what} sometime?",
    "I'd like to get to know you a little better. Would you be up for {what}?",
    "Good to be connected! How about {what} in the next few days?",
    "Would you have time for {what}?",
)
NUDGE_OPENERS = (
    "Just bumping this up in case it got buried.",
    "No pressure, but I'd still love to catch up.",
    "Still keen if you are!",
    "Me again! I know things get busy.",
    "Just checking in on this one.",
    "Floating this back to the top of your inbox.",
)
STANDING = (
    "{These} from before still {verb} for me:",
    "Still free from last time:",
    "I can still do {these} from before:",
)
GONE = (
    "The times I suggested before have gone now.",
    "My earlier suggestions have passed or filled up, I'm afraid.",
    "Those first times are no longer free.",
)
NUDGE_INTROS = ("Here are some new ones:", "A few more that work for me:", "Some other times I could do:",
                "I could also do:", "New times that suit me:")  # fmt: skip
NUDGE_INTROS_ONE = ("One more time that works for me:", "I could also do this:", "Here's another one:")
NUDGE_ASKS = (
    "A number is all I need, or just say if none work.",
    "Reply with a number and I'll put it in the calendar.",
    "Just send me the number that suits you.",
    "Which works best? A number is plenty.",
)
ENDED = (
    "The dates I had in mind have passed now, so I'll leave it there for this time.",
    "My window for this has run out, so I'll stop nudging you about it.",
)
ENDED_ASK = (
    "If you'd like to find another time, just reply and we'll sort something out.",
    "Whenever you fancy it, just write back and we'll find a new date.",
)
CONFIRMS = ("Great, it's a date:", "Perfect, see you then:", "Lovely, that's in my calendar:",
            "Brilliant, done:", "Wonderful, that works:")  # fmt: skip
ATTACHED = (
    "The calendar invitation is attached.",
    "I've attached a calendar invitation.",
    "There's a calendar invitation attached for you.",
)
THANKS = (
    "No worries at all, thanks for letting me know.",
    "All good, thanks for saying so.",
    "Totally fine, thanks for letting me know.",
    "No problem at all, thanks for the quick answer.",
)
LATER = (
    "No problem, just give me a shout when things calm down.",
    "Totally understand. Write whenever it suits you better.",
    "Sure, no rush at all. Just drop me a line when you're free.",
)
LATER_AGAIN = (
    "No problem at all. I'll ask again around {when}.",
    "Sure, let's pick this up again around {when}.",
)
WITHDRAWALS = (
    "Quick update: those times have filled up, so please ignore my last message.",
    "Sorry, those times aren't free any more, so please disregard them.",
    "Small change of plans: my week has filled up, so those times are off.",
)
WITHDRAWAL_ENDS = ("Sorry for the back and forth!", "Apologies for the muddle.", "Sorry about that.")
SLOT_TAKEN = (
    "Sorry, {when} got taken in the meantime.",
    "Argh, {when} went before I could hold it, sorry!",
    "Sorry, {when} has gone in the meantime.",
)
SLOT_PASSED = (
    "Ah, that one has passed ({when}), sorry I didn't catch it in time!",
    "Sorry, I only just saw this, and that one has passed ({when}).",
)
SLOT_INSTEAD = ("Would one of these work instead?", "How about one of these?", "Could you do one of these?")
SLOT_INSTEAD_ONE = ("Would this work instead?", "How about this one instead?", "Could you do this instead?")
SLOT_NONE = (
    "I don't have another free time in that stretch right now. Shall we look at another week?",
    "Nothing else is free in that stretch, I'm afraid. Tell me which week suits you and I'll look.",
)


def _template(ctx: InviteContext, kind: str, subject: str, when: str = "") -> Draft | None:
    text = (ctx.templates or {}).get(kind)
    if not text:
        return None
    body = Template(text).safe_substitute(
        friend=ctx.first_name,
        me=ctx.me,
        activity=ctx.activity.noun_phrase,
        options=_options_block(ctx, Phrases(ctx.seed)),
        note=clean_text(ctx.note or ""),
        when=when,
    )
    return Draft(subject, body.strip() + "\n")


def _lines(numbers: Sequence[int], options: Sequence[Interval], zone: ZoneInfo) -> list[str]:
    return [f"{n}. {format_option(o, zone)}" for n, o in zip(numbers, options, strict=True)]


def _zone_line(ctx: InviteContext, phrases: Phrases) -> str:
    note = zone_note(ctx.zone, ctx.user_zone, ctx.friend_zone)
    if not note:
        return ""
    return phrases.pick(OWN_ZONE_NOTES if note == "your time" else ZONE_NOTES, zone=note)


def _options_block(ctx: InviteContext, phrases: Phrases) -> str:
    lines = _lines(ctx.option_numbers, ctx.options, ctx.zone)
    if note := _zone_line(ctx, phrases):
        lines.append(note)
    return "\n".join(lines)


def _when(ctx: InviteContext, chosen: Interval) -> str:
    """The agreed time, with the zone said as people say it when the zones differ."""
    when = format_option(chosen, ctx.zone)
    if not ctx.zone_differs:
        return when
    if ctx.zone.key == ctx.user_zone.key:
        return f"{when} {zone_label(ctx.zone)}"
    return f"{when} your time ({chosen.start.astimezone(ctx.user_zone):%H:%M} for me)"


def _phrases(ctx: InviteContext, salt: int) -> Phrases:
    return Phrases(ctx.seed * 7919 + salt, ctx.used)


def _signed(
    ctx: InviteContext, phrases: Phrases, parts: list[str], signoffs: Sequence[str] = SIGNOFFS
) -> str:
    if ctx.first_contact and signoffs is SIGNOFFS:
        signoffs = FIRST_CONTACT_SIGNOFFS
    parts = [*parts, f"{phrases.pick(signoffs)}\n{ctx.me}"]
    return "\n\n".join(p for p in parts if p) + "\n"


def thread_subject(subject: str) -> str:
    """``Re:`` + the invite's subject, once: every later message threads with the invite."""
    clean = one_line(subject)
    return clean if clean.lower().startswith("re:") else f"Re: {clean}"


def compose_invite(ctx: InviteContext) -> Draft:
    """The first message: greeting, opener with the note, numbered options, how to answer."""
    phrases = _phrases(ctx, 0)
    what = one_line(ctx.activity.noun_phrase)
    subject = one_line(phrases.pick(SUBJECTS, What=what[:1].upper() + what[1:], what=what))
    if custom := _template(ctx, "invite", subject):
        return custom
    note = one_line(ctx.note or "")
    one = len(ctx.options) == 1
    greeting = phrases.pick(GREETINGS, name=ctx.first_name)
    openers = AGAIN_OPENERS if ctx.asked_again else FIRST_CONTACT_OPENERS if ctx.first_contact else OPENERS
    opener = phrases.pick(openers, what=what)
    opener += f" {note}" if note else ""
    intro = phrases.pick(INTROS_ONE if one else INTROS)
    block = _options_block(ctx, phrases)
    ask = phrases.pick(ASKS_ONE if one else ASKS)
    fallback = phrases.pick(FALLBACKS_ONE if one else FALLBACKS)
    body = _signed(ctx, phrases, [greeting, opener, f"{intro}\n{block}", f"{ask} {fallback}"])
    return Draft(subject, body)


def _standing(
    ctx: InviteContext, phrases: Phrases, standing: Sequence[tuple[int, Interval]]
) -> list[list[str]]:
    """The earlier options that still stand, listed again under their own numbers (so a reply to
    this message can name them), as the first block of a list."""
    if not standing:
        return []
    n = len(standing)
    intro = phrases.pick(
        STANDING, These=plural(n, "This one", "These"), these=plural(n, "this one", "these"),
        verb=plural(n, "works", "work"),
    )  # fmt: skip
    return [[intro, *_lines([k for k, _ in standing], [o for _, o in standing], ctx.zone)]]


def compose_nudge(
    ctx: InviteContext, attempt: int, *, standing: Sequence[tuple[int, Interval]] = (), ended: bool = False,
    subject: str | None = None,
) -> Draft:  # fmt: skip
    """A follow-up in the same thread: lists the earlier options that still stand (under their
    numbers, so a reply to this mail can name them), offers ``ctx.options`` as fresh ones, or -
    when the invite's period is over (``ended``) - says so honestly instead of inventing times."""
    subject = thread_subject(subject or ctx.activity.noun_phrase.capitalize() + "?")
    if custom := _template(ctx, "nudge", subject):
        return custom
    phrases = _phrases(ctx, 100 + attempt)
    parts = [phrases.pick(GREETINGS, name=ctx.first_name)]
    if ended:
        parts += [phrases.pick(ENDED), phrases.pick(ENDED_ASK)]
        return Draft(subject, _signed(ctx, phrases, parts, CALM_SIGNOFFS))
    parts.append(phrases.pick(NUDGE_OPENERS))
    blocks = _standing(ctx, phrases, standing)
    if not standing and attempt > 0:
        parts.append(phrases.pick(GONE))
    if ctx.options:
        one = len(ctx.options) == 1
        intro = phrases.pick(NUDGE_INTROS_ONE if one else NUDGE_INTROS)
        blocks.append([intro, *_lines(ctx.option_numbers, ctx.options, ctx.zone)])
    if blocks:
        if note := _zone_line(ctx, phrases):
            blocks[-1].append(note)
        parts += ["\n".join(block) for block in blocks]
        parts.append(phrases.pick(NUDGE_ASKS))
    return Draft(subject, _signed(ctx, phrases, parts))


def compose_confirmation(ctx: InviteContext, chosen: Interval, *, attached: bool = True) -> Draft:
    """The friend said yes: name the time (on the clock of the place, and both when they differ)."""
    when = _when(ctx, chosen)
    subject = one_line(f"{ctx.activity.title}: {format_option(chosen, ctx.zone)}")
    if custom := _template(ctx, "confirmation", subject, when=when):
        return custom
    phrases = _phrases(ctx, 1)
    parts = [phrases.pick(GREETINGS, name=ctx.first_name), f"{phrases.pick(CONFIRMS)} {when}."]
    if attached:
        parts.append(phrases.pick(ATTACHED))
    return Draft(subject, _signed(ctx, phrases, parts))


def compose_thanks(ctx: InviteContext, *, later: bool = False, again: date | None = None) -> Draft:
    """After a no (or "ask me later"): warm, no guilt, and no promise nothing will keep (``again``:
    the date a later answer named, which meetup remembers for the user)."""
    subject = thread_subject(ctx.activity.noun_phrase.capitalize() + "?")
    if custom := _template(ctx, "thanks", subject):
        return custom
    phrases = _phrases(ctx, 2)
    line = (
        phrases.pick(LATER_AGAIN, when=f"{again.day} {again:%B}")
        if again
        else phrases.pick(LATER if later else THANKS)
    )
    return Draft(
        subject, _signed(ctx, phrases, [phrases.pick(GREETINGS, name=ctx.first_name), line], CALM_SIGNOFFS)
    )


def compose_withdrawal(ctx: InviteContext) -> Draft:
    """Politely take back an open offer (someone else took the time, or the plan is set)."""
    subject = thread_subject(ctx.activity.noun_phrase.capitalize() + "?")
    if custom := _template(ctx, "withdrawal", subject):
        return custom
    phrases = _phrases(ctx, 3)
    parts = [
        phrases.pick(GREETINGS, name=ctx.first_name),
        phrases.pick(WITHDRAWALS),
        phrases.pick(WITHDRAWAL_ENDS),
    ]
    return Draft(subject, _signed(ctx, phrases, parts, CALM_SIGNOFFS))


def compose_slot_taken(
    ctx: InviteContext, taken: Interval | None = None, *, passed: bool = False,
    standing: Sequence[tuple[int, Interval]] = (),
) -> Draft:  # fmt: skip
    """The chosen time went meanwhile (or has already ``passed``): apologise, list the other
    options that still stand and offer ``ctx.options`` instead."""
    subject = thread_subject(ctx.activity.noun_phrase.capitalize() + "?")
    if custom := _template(ctx, "slot_taken", subject):
        return custom
    phrases = _phrases(ctx, 4)
    when = format_option(taken, ctx.zone) if taken is not None else "that time"
    parts = [
        phrases.pick(GREETINGS, name=ctx.first_name),
        phrases.pick(SLOT_PASSED if passed else SLOT_TAKEN, when=when),
    ]
    blocks = _standing(ctx, phrases, standing)
    if ctx.options:
        one = len(ctx.options) == 1
        intro = phrases.pick(SLOT_INSTEAD_ONE if one else SLOT_INSTEAD)
        blocks.append([intro, *_lines(ctx.option_numbers, ctx.options, ctx.zone)])
    if not blocks:
        parts.append(phrases.pick(SLOT_NONE))
        return Draft(subject, _signed(ctx, phrases, parts))
    if note := _zone_line(ctx, phrases):
        blocks[-1].append(note)
    listed = len(standing) + len(ctx.options)
    parts += ["\n".join(block) for block in blocks]
    parts.append(phrases.pick(ASKS_ONE if listed == 1 else ASKS))
    return Draft(subject, _signed(ctx, phrases, parts))
