"""Writing the messages. Pure: it only ever sees free intervals, names, zones and a seed.

Every part (subject, greeting, opener, options intro, how to answer, sign-off) has several
phrasings; a seed per invite picks them reproducibly (``random.Random(seed)``), so two friends
invited the same day get different texts and a re-run writes the same one.

User templates (``[templates]`` in the config, keys ``invite``, ``nudge``, ``confirmation``,
``thanks``, ``withdrawal``, ``slot_taken``) replace the built-in body for that kind. They are
``string.Template`` texts with these placeholders: ``$friend`` (first name), ``$me`` (the
user's name), ``$activity`` (noun phrase, "a coffee"), ``$options`` (the numbered list, with the
zone note), ``$when`` (the chosen time, confirmation only) and ``$note``. Unknown placeholders
stay as written.

Times are shown in the friend's zone when it is known; when it differs from the user's zone the
list says so ("(times in your zone, Europe/London)"). Options are numbered so the friend can
answer with a number.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from string import Template
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval
from meetup.invite.activities import Activity
from meetup.text import clean_text, one_line


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

    @property
    def zone(self) -> ZoneInfo:
        return self.friend_zone or self.user_zone

    @property
    def first_name(self) -> str:
        name = one_line(self.friend_name)
        return name.split(" ")[0] if name else "there"

    @property
    def zone_differs(self) -> bool:
        return self.friend_zone is not None and self.friend_zone.key != self.user_zone.key


SUBJECTS = ("{What}? ({me})", "{What} soon? ({me})", "{What} this week? ({me})", "How about {what}? ({me})")
GREETINGS = ("Hi {name},", "Hey {name}!", "Hello {name},", "Hi {name}!", "{name}!", "Hey {name},")
OPENERS = (
    "It's been too long. Fancy {what} sometime soon?",
    "I'd love to catch up properly. How about {what}?",
    "We keep saying we should meet, so let's actually do it: {what}?",
    "Are you up for {what} in the next few days?",
    "I was just thinking of you. Want to grab {what}?",
    "How have you been? I'd really like to see you, maybe over {what}?",
)
INTROS = (
    "I'm free at these times:",
    "These work for me:",
    "Any of these would suit me:",
    "Here's when I can:",
    "I could do:",
)
ASKS = (
    "Just reply with the number that works for you.",
    "Reply with a number and I'll put it in the calendar.",
    "Which one works? A number is enough.",
    "Tell me the number of the one you like.",
)
FALLBACKS = (
    "If none of them fit, no worries, just say so and I'll suggest others.",
    "None of these good? Tell me and we'll find another time.",
    "If the timing's bad, say so, no pressure.",
    "No worries if none work.",
)
SIGNOFFS = ("Cheers,", "See you soon,", "Best,", "Looking forward to it,", "Talk soon,", "x", "Bye for now,")
FIRST_CONTACT_SIGNOFFS = ("Best,", "Thanks,", "Talk soon,", "Cheers,", "All the best,")
FIRST_CONTACT_OPENERS = (
    "Now that we're connected, could we have {what} sometime?",
    "I'd like to get to know you a little better. Would you be up for {what}?",
    "Good to be connected! How about {what} in the next few days?",
    "Would you have time for {what}?",
)
NUDGE_OPENERS = (
    "Just bumping this up in case it got buried.",
    "No pressure, but I'd still love to meet.",
    "Still keen if you are!",
    "Me again! I know things get busy.",
)
NUDGE_INTROS = (
    "Some fresh times:",
    "Some fresh times that work for me:",
    "Some fresh times, in case those were bad:",
)
CONFIRMS = (
    "Great, it's a date:",
    "Perfect, see you then:",
    "Lovely, that's in my calendar:",
    "Brilliant, done:",
)
THANKS = (
    "No worries at all, thanks for letting me know.",
    "All good, another time then!",
    "Totally fine, thanks for saying so. Let's catch up another time.",
    "No problem at all. I'll ask again some other time.",
)
WITHDRAWALS = (
    "Quick update: those times have filled up, so please ignore my last message. Let's try again soon!",
    "Those times aren't free any more, sorry. I'll get back to you with new ones soon.",
    "Small change of plans: my week has filled up, so those times are off. I'll be in touch!",
)
SLOT_TAKEN = (
    "Sorry, that time got taken in the meantime. How about one of these instead?",
    "Argh, that slot went before I could hold it, sorry! Would one of these work?",
    "Sorry, that one has gone in the meantime. Here are some others:",
)


def format_option(option: Interval, zone: ZoneInfo) -> str:
    """``Tue 24 Nov, 18:00-19:00`` in ``zone``; the end carries its date when it is another day."""
    start, end = option.start.astimezone(zone), option.end.astimezone(zone)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %d %b %H:%M}"
    return f"{start:%a %d %b}, {start:%H:%M}-{end_text}"


def _zone_note(ctx: InviteContext) -> str:
    return f"(times in your zone, {ctx.zone.key})" if ctx.zone_differs else ""


def _options_block(ctx: InviteContext) -> str:
    lines = [f"{n}. {format_option(o, ctx.zone)}" for n, o in enumerate(ctx.options, start=1)]
    if note := _zone_note(ctx):
        lines.append(note)
    return "\n".join(lines)


def _when(ctx: InviteContext, chosen: Interval) -> str:
    when = format_option(chosen, ctx.zone)
    if ctx.zone_differs:
        when += f" (your time, {ctx.zone.key}; {chosen.start.astimezone(ctx.user_zone):%H:%M} for me)"
    return when


def _template(ctx: InviteContext, kind: str, subject: str, when: str = "") -> Draft | None:
    text = (ctx.templates or {}).get(kind)
    if not text:
        return None
    body = Template(text).safe_substitute(
        friend=ctx.first_name,
        me=one_line(ctx.user_name),
        activity=ctx.activity.noun_phrase,
        options=_options_block(ctx),
        note=clean_text(ctx.note or ""),
        when=when,
    )
    return Draft(subject, body.strip() + "\n")


def _pick(rng: random.Random, choices: Sequence[str]) -> str:
    return choices[rng.randrange(len(choices))]


def _greeting(ctx: InviteContext, rng: random.Random) -> str:
    return _pick(rng, GREETINGS).format(name=ctx.first_name)


def _signed(ctx: InviteContext, rng: random.Random, parts: list[str]) -> str:
    signoffs = FIRST_CONTACT_SIGNOFFS if ctx.first_contact else SIGNOFFS
    parts += [f"{_pick(rng, signoffs)}\n{one_line(ctx.user_name)}"]
    return "\n\n".join(p for p in parts if p) + "\n"


def _reply_subject(ctx: InviteContext) -> str:
    return one_line(f"Re: {ctx.activity.noun_phrase}?")


def compose_invite(ctx: InviteContext) -> Draft:
    """The first message: greeting, opener with the note, numbered options, how to answer."""
    rng = random.Random(ctx.seed)
    what = one_line(ctx.activity.noun_phrase)
    subject = one_line(
        _pick(rng, SUBJECTS).format(
            What=what[:1].upper() + what[1:], what=what, me=one_line(ctx.user_name), name=ctx.first_name
        )
    )
    if custom := _template(ctx, "invite", subject):
        return custom
    note = one_line(ctx.note or "")
    body = _signed(
        ctx,
        rng,
        [
            _greeting(ctx, rng),
            _pick(rng, FIRST_CONTACT_OPENERS if ctx.first_contact else OPENERS).format(what=what)
            + (f" {note}" if note else ""),
            f"{_pick(rng, INTROS)}\n{_options_block(ctx)}",
            f"{_pick(rng, ASKS)} {_pick(rng, FALLBACKS)}",
        ],
    )
    return Draft(subject, body)


def compose_nudge(ctx: InviteContext, attempt: int) -> Draft:
    """A short follow-up with fresh options; ``attempt`` (1, 2...) varies it from the last one."""
    subject = _reply_subject(ctx)
    if custom := _template(ctx, "nudge", subject):
        return custom
    rng = random.Random(ctx.seed * 31 + attempt)
    body = [_greeting(ctx, rng), _pick(rng, NUDGE_OPENERS)]
    if ctx.options:
        body += [
            f"{_pick(rng, NUDGE_INTROS)}\n{_options_block(ctx)}",
            f"{_pick(rng, ASKS)} {_pick(rng, FALLBACKS)}",
        ]
    return Draft(subject, _signed(ctx, rng, body))


def compose_confirmation(ctx: InviteContext, chosen: Interval) -> Draft:
    """The friend said yes: name the time (in their zone, and the user's when it differs)."""
    when = _when(ctx, chosen)
    subject = one_line(f"{ctx.activity.name.capitalize()}: {format_option(chosen, ctx.zone)}")
    if custom := _template(ctx, "confirmation", subject, when=when):
        return custom
    rng = random.Random(ctx.seed + 1)
    line = f"{_pick(rng, CONFIRMS)} {when}."
    return Draft(subject, _signed(ctx, rng, [_greeting(ctx, rng), line]))


def compose_thanks(ctx: InviteContext) -> Draft:
    """After a no: warm, no guilt, nothing to do."""
    subject = _reply_subject(ctx)
    if custom := _template(ctx, "thanks", subject):
        return custom
    rng = random.Random(ctx.seed + 2)
    return Draft(subject, _signed(ctx, rng, [_greeting(ctx, rng), _pick(rng, THANKS)]))


def compose_withdrawal(ctx: InviteContext) -> Draft:
    """Politely take back an open offer (someone else took the time, or the plan is set)."""
    subject = _reply_subject(ctx)
    if custom := _template(ctx, "withdrawal", subject):
        return custom
    rng = random.Random(ctx.seed + 3)
    return Draft(subject, _signed(ctx, rng, [_greeting(ctx, rng), _pick(rng, WITHDRAWALS)]))


def compose_slot_taken(ctx: InviteContext) -> Draft:
    """The chosen time went meanwhile: apologise and offer ``ctx.options`` instead."""
    subject = _reply_subject(ctx)
    if custom := _template(ctx, "slot_taken", subject):
        return custom
    rng = random.Random(ctx.seed + 4)
    body = [_greeting(ctx, rng), _pick(rng, SLOT_TAKEN), _options_block(ctx), _pick(rng, ASKS)]
    return Draft(subject, _signed(ctx, rng, body))


def stamp(moment: datetime) -> str:
    """Display helper for callers that show when something was composed."""
    return moment.isoformat()
