"""Writing the messages. Pure: it only ever sees free intervals, names, zones and a seed.

Every part (greeting, opener, options intro, how to answer, sign-off) has several phrasings;
a seed per invite picks them reproducibly, so two friends invited the same day get different
texts and a re-run writes the same one. ``[templates]`` in the config replace them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from string import Template
from zoneinfo import ZoneInfo

from meetup.activities import Activity
from meetup.intervals import Interval

_CONTROL = {c: " " for c in range(32)} | {127: " "}


def one_line(text: str) -> str:
    """No CR, LF or other control characters: safe for a subject or a single line."""
    return " ".join(text.translate(_CONTROL).split())


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


@dataclass(frozen=True)
class InviteContext:
    user_name: str
    friend_name: str
    activity: Activity
    options: Sequence[Interval]
    user_zone: ZoneInfo
    friend_zone: ZoneInfo | None
    note: str | None
    seed: int
    templates: Mapping[str, str] | None = None

    @property
    def zone(self) -> ZoneInfo:
        return self.friend_zone or self.user_zone

    @property
    def first_name(self) -> str:
        name = one_line(self.friend_name)
        return name.split(" ")[0] if name else "there"


GREETINGS = ("Hi {name},", "Hey {name}!", "Hello {name},", "Hi {name}!", "{name}!")
OPENERS = (
    "It's been too long. Fancy {what} sometime soon?",
    "I'd love to catch up properly. How about {what}?",
    "We keep saying we should meet, so let's actually do it: {what}?",
    "Are you up for {what} in the next few days?",
    "I was just thinking of you. Want to grab {what}?",
)
INTROS = (
    "I'm free at these times:",
    "These work for me:",
    "Any of these would suit me:",
    "Here's when I can:",
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
)
SIGNOFFS = ("Cheers,", "See you soon,", "Best,", "Looking forward to it,", "Talk soon,")


def format_option(option: Interval, zone: ZoneInfo) -> str:
    start, end = option.start.astimezone(zone), option.end.astimezone(zone)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %d %b %H:%M}"
    return f"{start:%a %d %b}, {start:%H:%M}-{end_text}"


def _options_block(ctx: InviteContext) -> str:
    lines = [f"{n}. {format_option(o, ctx.zone)}" for n, o in enumerate(ctx.options, start=1)]
    if ctx.friend_zone is not None and ctx.friend_zone.key != ctx.user_zone.key:
        lines.append(f"(times in your zone, {ctx.friend_zone.key})")
    return "\n".join(lines)


def _template(ctx: InviteContext, kind: str, default_subject: str) -> Draft | None:
    text = (ctx.templates or {}).get(kind)
    if not text:
        return None
    body = Template(text).safe_substitute(
        friend=ctx.first_name,
        me=one_line(ctx.user_name),
        activity=ctx.activity.noun_phrase,
        options=_options_block(ctx),
        note=(ctx.note or "").strip(),
    )
    return Draft(default_subject, body.strip() + "\n")


def _pick(rng: random.Random, choices: Sequence[str]) -> str:
    return choices[rng.randrange(len(choices))]


def _signed(ctx: InviteContext, rng: random.Random, parts: list[str]) -> str:
    parts += [f"{_pick(rng, SIGNOFFS)}\n{one_line(ctx.user_name)}"]
    return "\n\n".join(p for p in parts if p) + "\n"


def compose_invite(ctx: InviteContext) -> Draft:
    subject = one_line(
        f"{ctx.activity.noun_phrase[0].upper()}{ctx.activity.noun_phrase[1:]}? ({ctx.user_name})"
    )
    if custom := _template(ctx, "invite", subject):
        return custom
    rng = random.Random(ctx.seed)
    note = one_line(ctx.note or "")
    body = _signed(
        ctx,
        rng,
        [
            _pick(rng, GREETINGS).format(name=ctx.first_name),
            _pick(rng, OPENERS).format(what=ctx.activity.noun_phrase) + (f" {note}" if note else ""),
            f"{_pick(rng, INTROS)}\n{_options_block(ctx)}",
            f"{_pick(rng, ASKS)} {_pick(rng, FALLBACKS)}",
        ],
    )
    return Draft(subject, body)


def compose_nudge(ctx: InviteContext, attempt: int) -> Draft:
    subject = one_line(f"Re: {ctx.activity.noun_phrase}?")
    if custom := _template(ctx, "nudge", subject):
        return custom
    rng = random.Random(ctx.seed * 31 + attempt)
    opener = _pick(
        rng,
        (
            "Just bumping this up in case it got buried.",
            "No pressure, but I'd still love to meet.",
            "Still keen if you are!",
        ),
    )
    return Draft(
        subject,
        _signed(
            ctx,
            rng,
            [
                _pick(rng, GREETINGS).format(name=ctx.first_name),
                opener,
                f"Some fresh times:\n{_options_block(ctx)}",
                _pick(rng, ASKS),
            ],
        ),
    )


def compose_confirmation(ctx: InviteContext, chosen: Interval) -> Draft:
    when = format_option(chosen, ctx.zone)
    subject = one_line(f"{ctx.activity.name.capitalize()}: {when}")
    if custom := _template(ctx, "confirmation", subject):
        return custom
    rng = random.Random(ctx.seed + 1)
    line = _pick(rng, ("Great, it's a date:", "Perfect, see you then:", "Lovely, that's in my calendar:"))
    return Draft(
        subject, _signed(ctx, rng, [_pick(rng, GREETINGS).format(name=ctx.first_name), f"{line} {when}."])
    )


def compose_thanks(ctx: InviteContext) -> Draft:
    subject = one_line(f"Re: {ctx.activity.noun_phrase}?")
    if custom := _template(ctx, "thanks", subject):
        return custom
    rng = random.Random(ctx.seed + 2)
    line = _pick(rng, ("No worries at all, thanks for letting me know.", "All good, another time then!"))
    return Draft(subject, _signed(ctx, rng, [_pick(rng, GREETINGS).format(name=ctx.first_name), line]))


def compose_withdrawal(ctx: InviteContext) -> Draft:
    subject = one_line(f"Re: {ctx.activity.noun_phrase}?")
    if custom := _template(ctx, "withdrawal", subject):
        return custom
    rng = random.Random(ctx.seed + 3)
    line = _pick(
        rng,
        (
            "Quick update: those times have filled up, so please ignore my last message. Let's try again soon!",
            "Those times aren't free any more, sorry. I'll get back to you with new ones soon.",
        ),
    )
    return Draft(subject, _signed(ctx, rng, [_pick(rng, GREETINGS).format(name=ctx.first_name), line]))


def compose_slot_taken(ctx: InviteContext) -> Draft:
    subject = one_line(f"Re: {ctx.activity.noun_phrase}?")
    if custom := _template(ctx, "slot_taken", subject):
        return custom
    rng = random.Random(ctx.seed + 4)
    return Draft(
        subject,
        _signed(
            ctx,
            rng,
            [
                _pick(rng, GREETINGS).format(name=ctx.first_name),
                "Sorry, that time got taken in the meantime. How about one of these instead?",
                _options_block(ctx),
                _pick(rng, ASKS),
            ],
        ),
    )


def stamp(moment: datetime) -> str:
    """Display helper for callers that show when something was composed."""
    return moment.isoformat()
