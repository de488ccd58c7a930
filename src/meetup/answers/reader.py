"""Reading a friend's answer to an invite: iMIP replies and plain-text mail.

Pure: no I/O, no clock. The options offered and the friend's zone are arguments. The reader is
deliberately cautious: anything it cannot pin to exactly one reading (two options mentioned, a
"yes" when several options were offered, a question, a counter-proposal, a hedge) is
``ambiguous``, which meetup never acts on and shows to the user instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from meetup.calendar.intervals import Interval

Kind = Literal["yes", "no", "later", "ambiguous"]


@dataclass(frozen=True)
class ReplyReading:
    kind: Kind
    #: 1-based position of the chosen option (only for ``yes``).
    option: int | None
    why: str


# --------------------------------------------------------------------------- quoted text


_QUOTE_HEADERS = [
    re.compile(r"^\s*on\b.{0,200}\bwrote:?\s*$", re.IGNORECASE),  # Gmail, Apple, Thunderbird
    re.compile(r"^\s*-{2,}\s*original message\s*-{2,}", re.IGNORECASE),  # Outlook
    re.compile(r"^\s*-{2,}\s*forwarded message\s*-{2,}", re.IGNORECASE),
    re.compile(r"^\s*begin forwarded message", re.IGNORECASE),
    re.compile(r"^\s*_{8,}\s*$"),  # Outlook's divider before From:/Sent:
    re.compile(r"^\s*le\b.{0,200}\ba écrit\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^\s*am\b.{0,200}\bschrieb\b.{0,100}:?\s*$", re.IGNORECASE),
]
_HEADER_BLOCK = re.compile(r"^\s*\*?(from|von|de)\s*:\*?\s+\S", re.IGNORECASE)
_HEADER_FOLLOW = re.compile(r"^\s*\*?(sent|date|to|subject|gesendet|envoyé)\s*:", re.IGNORECASE)
_SIGNATURE_START = [
    re.compile(r"^--\s*$"),
    re.compile(r"^\s*sent from my\b", re.IGNORECASE),
    re.compile(r"^\s*sent from (mail|outlook|yahoo|proton)", re.IGNORECASE),
    re.compile(r"^\s*get outlook for\b", re.IGNORECASE),
    re.compile(r"^\s*sent (via|with)\b", re.IGNORECASE),
]
_SIGN_OFF = re.compile(
    r"^\s*(best( wishes| regards)?|cheers|thanks( again)?|thank you|regards|kind regards|warm regards|"
    r"all the best|love|xo+|xx+|talk soon|speak soon|take care|ciao|later|yours|sincerely|"
    r"many thanks|thx|ta)\s*[,.!]*\s*$",
    re.IGNORECASE,
)


def fresh_text(text: str) -> str:
    """The part of a reply the friend wrote just now: quoted text and signatures removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _quote_starts(lines, index):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    # A sign-off ("Best,", "Cheers") followed by at most a few short lines ends the message.
    for index, line in enumerate(kept):
        rest = [x for x in kept[index + 1 :] if x.strip()]
        if index and _SIGN_OFF.match(line) and len(rest) <= 3 and all(len(x) < 60 for x in rest):
            kept = kept[:index]
            break
    return "\n".join(kept).strip()


def _quote_starts(lines: list[str], index: int) -> bool:
    """Whether quoted text or a signature starts at ``lines[index]``."""
    line = lines[index]
    if any(p.match(line) for p in _QUOTE_HEADERS):
        return True
    # "On Mon, 23 Nov 2026 at 17:00, Alice <a@example.org>" wrapped before "wrote:"
    wrapped = index + 1 < len(lines) and re.match(r"^.{0,80}\bwrote:\s*$", lines[index + 1], re.IGNORECASE)
    if wrapped and "," in line and re.match(r"^\s*on\b", line, re.IGNORECASE):
        return True
    if _HEADER_BLOCK.match(line) and any(
        _HEADER_FOLLOW.match(following) for following in lines[index + 1 : index + 4]
    ):
        return True
    return any(p.match(line) for p in _SIGNATURE_START)


# --------------------------------------------------------------------------- vocabulary

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1}
_PARTS_OF_DAY = {
    "morning": (time(5), time(12)),
    "lunch": (time(11), time(14, 30)),
    "lunchtime": (time(11), time(14, 30)),
    "noon": (time(11, 30), time(13)),
    "afternoon": (time(12), time(18)),
    "evening": (time(17), time(23, 59)),
    "tonight": (time(17), time(23, 59)),
    "night": (time(18), time(23, 59)),
}

_LATER = re.compile(
    r"\b(ask me (again )?later|later (this|next) (month|year)|next month|after the holidays|"
    r"in a (few|couple( of)?) (weeks|months)|rain ?check|get back to you|let you know|"
    r"check back|circle back|ping me|try (again )?(later|next)|busy this (month|week|season)|"
    r"swamped|crazy (month|few weeks|time)|not right now|maybe later|some ?time later|"
    r"once things calm down|when things calm down|reach out (again )?later)\b",
    re.IGNORECASE,
)
_NO_PHRASES = re.compile(
    r"(\bcan'?t make it\b|\bcannot make it\b|\bcan'?t do (it|this|that|any)\b|\bwon'?t make it\b|"
    r"\bwon'?t be able\b|\bnot be able\b|\bunable\b|\bnot this time\b|\bno,? thanks?\b|\bno thank you\b|"
    r"\bi'?ll (have to )?pass\b|\bhave to (pass|decline)\b|\bsorry,? no\b|^\s*no\b(?! (problem|worries|prob)\b)|\bnone of (these|those|them)\b|"
    r"\bneither\b|\bnot for me\b|\bcount me out\b|\bnot interested\b|\bdecline\b|\bcan'?t come\b|"
    r"\bnot going to (work|happen)\b|\bnope\b|\bnah\b|\banother time\b|\bother time\b|\bnot available\b|"
    r"\bno can do\b)",
    re.IGNORECASE | re.MULTILINE,
)
_NEGATION = re.compile(
    r"(n'?t\b|\bnot\b|\bno\b(?! (problem|worries|prob|doubt)\b)|\bneither\b|\bnor\b|\bunable\b|\bbusy\b|"
    r"\bbooked\b|\bout of town\b|\baway\b|\btaken\b)",
    re.IGNORECASE,
)
_YES = re.compile(
    r"(\byes\b|\byep\b|\byeah\b|\byup\b|\bsure\b|\bsounds (good|great|perfect|lovely|fun|fab)\b|\bworks\b|"
    r"\bwork for me\b|\bi'?m in\b|\bcount me in\b|\bperfect\b|\bgreat\b|\babsolutely\b|\bdefinitely\b|"
    r"\blet'?s do\b|\blets do\b|\bsee you\b|\bi'?d love\b|\blove to\b|\bhappy to\b|\bdeal\b|\bok\b|"
    r"\bokay\b|\bdown for\b|\bi can do\b|\bcan do\b|\bgood for me\b|\bfine (by|for) me\b|\bi'?ll be there\b|"
    r"\bbook it\b|\bgo with\b|\bgo for\b|\bdone\b|\bawesome\b|\bexcellent\b|\bwonderful\b|\bpick\b|"
    r"\bprefer\b|\bchoose\b|\bi'?ll take\b|\bplease\b|👍|\bgood\b|\bfine\b|\bsuits me\b|\bit is\b)",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(maybe|might|not sure|probably|possibly|perhaps|tentative(ly)?|i think)\b", re.IGNORECASE
)

_TIME = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3])(?:[:.h](?P<m>[0-5]\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])"
    r"|\b(?P<h24>[01]?\d|2[0-3])[:h](?P<m24>[0-5]\d)\b"
    r"|\b(?P<word>noon|midday)\b",
    re.IGNORECASE,
)
_AT_HOUR = re.compile(r"\b(?:at|@|around)\s+(?P<h>1[0-2]|[1-9])\b(?!\s*(?:st|nd|rd|th|/))", re.IGNORECASE)
_DATE = re.compile(
    r"\bthe\s+(?P<d3>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:one|option|choice|slot)\b)"
    r"|\b(?P<mon1>[a-z]{3,9})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"|\b(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>[a-z]{3,9})\b",
    re.IGNORECASE,
)
_OPTION_NUMBER = re.compile(
    r"(?:#\s*(?P<a>\d{1,2})\b"
    r"|\b(?:option|number|no\.?|choice|slot|nr\.?|num)\s*#?\s*(?P<b>\d{1,2})\b"
    r"|\b(?P<c>\d{1,2})(?:st|nd|rd|th)?\s+(?:one|option|choice|slot)\b"
    r"|(?:^|(?<=[\s(\[]))(?P<d>\d{1,2})(?=\s*(?:$|[).,!:;\]]|\s+(?:works|is|sounds|please|for|would|it|pls|then|\u2014|-)\b)))",
    re.IGNORECASE | re.MULTILINE,
)
_ORDINAL_REF = re.compile(
    r"\b(?:the\s+)?(?P<w>first|second|third|fourth|fifth|sixth|last|1st|2nd|3rd|4th|5th|6th)"
    r"(?:\s+(?:one|option|choice|slot|time|date|suggestion))?\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- clause analysis


@dataclass
class _Clause:
    text: str
    negative: bool
    references: set[int]
    #: the clause names a day/time/number that matches none of the options (a counter-proposal)
    unmatched: list[str]


def _local(option: Interval, zone: ZoneInfo) -> datetime:
    return option.start.astimezone(zone)


def _clause_references(text: str, options: dict[int, Interval], zone: ZoneInfo) -> tuple[set[int], list[str]]:
    """Options (1-based) that the clause points at, and what it named that matches none."""
    numbers = sorted(options)
    all_options = set(numbers)
    unmatched: list[str] = []
    refs: set[int] = set()
    work = text

    # Dates first ("Nov 26", "the 26th") so their numbers are not read as option numbers.
    date_filter: set[int] | None = None
    for match in _DATE.finditer(work):
        month_name = (match.group("mon1") or match.group("mon2") or "").lower()
        day_text = match.group("d1") or match.group("d2") or match.group("d3")
        if month_name and month_name not in _MONTHS:
            continue
        day = int(day_text)
        month = _MONTHS.get(month_name)
        hits = {
            i
            for i, o in options.items()
            if _local(o, zone).day == day and (month is None or _local(o, zone).month == month)
        }
        date_filter = hits if date_filter is None else date_filter | hits
        if not hits:
            unmatched.append(match.group(0))
        work = work.replace(match.group(0), " ")

    # Clock times ("10am", "19:00", "noon", "at 7").
    time_filter: set[int] | None = None
    clock_matches: list[tuple[str, list[time]]] = []
    for match in _TIME.finditer(work):
        if match.group("word"):
            clock_matches.append((match.group(0), [time(12)]))
            continue
        if match.group("h24") is not None:
            clock_matches.append((match.group(0), [time(int(match.group("h24")), int(match.group("m24")))]))
            continue
        hour = int(match.group("h")) % 12
        if match.group("ap").lower().startswith("p"):
            hour += 12
        clock_matches.append((match.group(0), [time(hour, int(match.group("m") or 0))]))
    for match in _AT_HOUR.finditer(work):
        hour = int(match.group("h"))
        clock_matches.append((match.group(0), [time(hour % 12), time(hour % 12 + 12)]))
    for literal, candidates in clock_matches:
        hits = {
            i
            for i, option in options.items()
            for wanted in candidates
            if _local(option, zone).time() == wanted
        }
        if not hits:  # "7:30" inside an option that starts at 7: still that option
            for i, option in options.items():
                start, end = _local(option, zone), option.end.astimezone(zone)
                for wanted in candidates:
                    if start <= start.replace(hour=wanted.hour, minute=wanted.minute) < end:
                        hits.add(i)
        time_filter = hits if time_filter is None else time_filter | hits
        if not hits:
            unmatched.append(literal)
        work = work.replace(literal, " ")

    # Weekdays.
    day_filter: set[int] | None = None
    for word in re.findall(r"[a-z]+", work.lower()):
        if word in _WEEKDAYS:
            weekday = _WEEKDAYS[word]
            hits = {i for i, o in options.items() if _local(o, zone).weekday() == weekday}
            day_filter = hits if day_filter is None else day_filter | hits
            if not hits:
                unmatched.append(word)

    # Parts of the day.
    part_filter: set[int] | None = None
    for word in re.findall(r"[a-z]+", work.lower()):
        if word in _PARTS_OF_DAY:
            low, high = _PARTS_OF_DAY[word]
            hits = {i for i, o in options.items() if low <= _local(o, zone).time() < high}
            part_filter = hits if part_filter is None else part_filter | hits

    filters = [f for f in (date_filter, time_filter, day_filter, part_filter) if f is not None]
    if filters and (date_filter is not None or time_filter is not None or day_filter is not None):
        combined = set(all_options)
        for found in filters:
            combined &= found
        if not combined and not unmatched:
            unmatched.append("that day and time")
        refs |= combined

    # Option numbers and ordinals.
    for match in _OPTION_NUMBER.finditer(work):
        value = int(next(g for g in match.groups() if g is not None))
        if value in all_options:
            refs.add(value)
        elif match.group("a") or match.group("b") or value <= 9:
            unmatched.append(match.group(0).strip())
    for match in _ORDINAL_REF.finditer(work):
        word = match.group("w").lower()
        value = _ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
        standalone = match.group(0).lower().startswith("the") or match.group(0).strip().lower() != word
        if not standalone:
            continue
        # "the second one" counts down the list as the friend saw it
        if value == -1 and numbers:
            refs.add(numbers[-1])
        elif 1 <= value <= len(numbers):
            refs.add(numbers[value - 1])
    return refs, unmatched


def _clauses(text: str, options: dict[int, Interval], zone: ZoneInfo) -> list[_Clause]:
    """Sentences split into clauses; a clause with no polarity of its own ("Thursday, Saturday
    and Tuesday are all booked") takes the polarity of the next clause in its sentence."""
    result: list[_Clause] = []
    for sentence in re.split(r"(?:[.;!\n]+\s*)", text):
        pieces = re.split(r"(?:,\s+|\s+but\s+|\s+though\s+|\s+however\s+|\s+-\s+)", sentence)
        clauses: list[tuple[_Clause, bool]] = []
        for piece in pieces:
            if not piece or not piece.strip():
                continue
            refs, unmatched = _clause_references(piece, options, zone)
            negative = bool(_NEGATION.search(piece)) or bool(_NO_PHRASES.search(piece))
            polar = negative or bool(_YES.search(piece))
            clauses.append((_Clause(piece.strip(), negative, refs, unmatched), polar))
        for index, (clause, polar) in enumerate(clauses):
            if not polar:
                following = [c for c, p in clauses[index + 1 :] if p]
                if following:
                    clause.negative = following[0].negative
            result.append(clause)
    return result


def _names(numbers: set[int]) -> str:
    return " and ".join(str(n) for n in sorted(numbers))


Options = Sequence[Interval] | Mapping[int, Interval]


def numbered(options: Options) -> dict[int, Interval]:
    """Options by the number the friend saw: 1..K for a sequence, or the given numbers."""
    if isinstance(options, Mapping):
        return dict(options)
    return {i + 1: o for i, o in enumerate(options)}


def read_text(text: str, options_in: Options, friend_zone: ZoneInfo) -> ReplyReading:
    """Read a plain-text reply (quoted text and signatures are ignored)."""
    options = numbered(options_in)
    fresh = fresh_text(text)
    if not fresh:
        return ReplyReading("ambiguous", None, "the reply has no text of its own (only quoted text)")
    if "?" in fresh:
        return ReplyReading("ambiguous", None, "the reply asks a question")
    clauses = _clauses(fresh, options, friend_zone)
    positive = set().union(*(c.references for c in clauses if not c.negative)) if clauses else set()
    negative_refs = set().union(*(c.references for c in clauses if c.negative)) if clauses else set()
    positive -= negative_refs
    unmatched = [u for c in clauses if not c.negative for u in c.unmatched]
    later = _LATER.search(fresh)
    says_no = bool(_NO_PHRASES.search(fresh))
    says_yes = any(_YES.search(c.text) for c in clauses if not c.negative)
    hedge = _HEDGE.search(fresh)

    if later and not positive:
        return ReplyReading("later", None, f"asks to be asked later ({later.group(0)!r})")
    if unmatched:
        return ReplyReading("ambiguous", None, f"names a time that was not offered ({unmatched[0]!r})")
    if len(positive) > 1:
        return ReplyReading("ambiguous", None, f"mentions several options ({_names(positive)})")
    if hedge and (positive or says_yes):
        return ReplyReading("ambiguous", None, f"hedges ({hedge.group(0)!r})")
    if len(positive) == 1:
        (chosen,) = positive
        if says_no and not negative_refs:
            return ReplyReading("ambiguous", None, f"mentions option {chosen} but also says no")
        return ReplyReading("yes", chosen, f"picks option {chosen}")
    if options and negative_refs and len(negative_refs) == len(options):
        return ReplyReading("no", None, "none of the options works")
    if negative_refs:
        return ReplyReading("ambiguous", None, f"rules out option {_names(negative_refs)} only")
    if says_no:
        return ReplyReading("no", None, "declines")
    if says_yes:
        if len(options) == 1:
            (only,) = options
            return ReplyReading("yes", only, "says yes to the only option")
        return ReplyReading("ambiguous", None, "says yes but not to which option")
    return ReplyReading("ambiguous", None, "could not tell what the reply means")


# --------------------------------------------------------------------------- iMIP


def read_imip(
    data: bytes | str,
    options: Options,
    *,
    uids: Mapping[str, int | None],
) -> ReplyReading | None:
    """Read an iMIP ``METHOD:REPLY`` (RFC 5546). ``uids`` maps the UIDs meetup sent to the option
    they stand for (``None`` when the UID is the invite's, not one option's). Returns ``None`` when
    the calendar part is not a reply to one of those UIDs."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return None
    if str(calendar.get("METHOD", "")).upper() != "REPLY":
        return None
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if uid not in uids:
            continue
        attendees = event.get("ATTENDEE")
        if attendees is None:
            return ReplyReading("ambiguous", None, "calendar reply names no attendee")
        if not isinstance(attendees, list):
            attendees = [attendees]
        states = {str(a.params.get("PARTSTAT", "NEEDS-ACTION")).upper() for a in attendees}
        option = uids[uid]
        if option is None and event.get("DTSTART") is not None:
            start = event.decoded("DTSTART")
            if isinstance(start, datetime) and start.tzinfo is not None:
                option = next((i for i, o in numbered(options).items() if o.start == start), None)
        if states == {"ACCEPTED"}:
            if option is None:
                return ReplyReading("ambiguous", None, "accepted a time that matches no option")
            return ReplyReading("yes", option, f"accepted the calendar invitation (option {option})")
        if states == {"DECLINED"}:
            return ReplyReading("no", None, "declined the calendar invitation")
        if states == {"TENTATIVE"}:
            return ReplyReading("ambiguous", None, "tentatively accepted the calendar invitation")
        return ReplyReading("ambiguous", None, f"calendar reply with status {', '.join(sorted(states))}")
    return None


def read_reply(
    text: str,
    options: Options,
    friend_zone: ZoneInfo,
    *,
    calendar: bytes | str | None = None,
    uids: Mapping[str, int | None] | None = None,
) -> ReplyReading:
    """The reading of one reply: the iMIP part wins when it answers one of our UIDs."""
    if calendar is not None and uids:
        reading = read_imip(calendar, options, uids=uids)
        if reading is not None:
            return reading
    return read_text(text, options, friend_zone)
