"""What a piece of a reply points at: options by number, ordinal, weekday, date, time or part of day.

Pure. Every option is matched in the friend's zone. A reference that fits no offered option is
reported as ``unmatched`` (a counter-proposal, or a number from another list), never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from meetup.answers.words import CHOICE_NOUNS, MONTHS, ORDINALS, PARTS_OF_DAY, fold, weak_weekday, weekday_of
from meetup.calendar.intervals import Interval

_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"(?<![\w.:])(?P<d1>[0-3]?\d)(?:st|nd|rd|th|er|\.)?\s*(?:de\s+|of\s+)?(?P<m1>{_MONTH_WORD})\b\.?"
    rf"|\b(?P<m2>{_MONTH_WORD})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"|(?<![\w.:])(?P<d3>[0-3]?\d)\.(?P<m3>[01]?\d)\.(?:(?:20)?\d\d)?(?![\d:])"
    r"|(?<![\w.:])(?P<d4>[0-3]?\d)/(?P<m4>[0-3]?\d)(?:/(?:20)?\d\d)?(?![\d:/])"
)
#: "24th!" (a day of the month high enough not to be an ordinal choice)
_DAY_ONLY = re.compile(
    r"(?<![\w.:])(?P<d>[1-3]\d|[7-9])(?:st|nd|rd|th|er)(?![\w])(?!\s+(?:one|option|choice))"
)
_DAY_AFTER_WEEKDAY = re.compile(
    r"^\.?\s*,?\s*(?:the\s+|den\s+|el\s+|le\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.)?(?![\d:h.]|\s*(?:am|pm|uhr|h\b))"
)
_THE_DAY = re.compile(
    r"(?<![\w])(?:the|el|le|den|am)\s+(?P<d>[0-3]?\d)(?P<suffix>st|nd|rd|th|er|\.)?(?![\w:.]|\s*(?:am|pm|uhr|h\b|:))"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eins": 1, "zwei": 2, "drei": 3, "vier": 4,
    "funf": 5, "sechs": 6, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "un": 1,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
}  # fmt: skip
_TIME = re.compile(
    r"(?<![\w:.])(?P<h>[01]?\d|2[0-3])(?:[:.h](?P<m>[0-5]\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])"
    r"|(?<![\w:.])(?P<h2>[01]?\d|2[0-3])[:h.](?P<m2>[0-5]\d)(?![\d])"
    r"|(?<![\w:.])(?P<h3>[01]?\d|2[0-3])\s*(?:h|uhr)(?![a-z])"
    r"|(?<![\w])(?:at|@|around|um|gegen|a las|a la|vers|a)\s+(?P<h4>[01]?\d|2[0-3])(?![\w:/-]|\.\d)(?!\s*(?:de|of|uhr|h)\b)"
)
_NUMBER = re.compile(
    r"(?:#\s*(?P<a>\d{1,2})(?!\d)"
    r"|(?<![\w])(?:option|opcion|number|nummer|numero|nr\.?|no\.|choice|slot|termin|vorschlag)\s*#?\s*(?P<b>\d{1,2})(?!\d)"
    rf"|(?<![\w])(?:option|opcion|number|nummer|numero|choice|termin|vorschlag)\s+(?P<e>{'|'.join(_NUMBER_WORDS)})(?![\w])"
    r"|(?<![\w])(?:la|el|le|die|der|the|l')\s*(?P<c>\d{1,2})(?![\w:/-]|\.\d|\s*(?:am|pm|uhr|h)\b)"
    r"|(?<![\w+/:.,-])(?P<d>\d{1,2})(?![\w:/]|[.,]\d|-\d|\s*(?:am|pm|uhr|h|weeks?|wochen|semanas?|semaines?|days?|tage|dias|jours)\b))"
)
_ORDINAL = re.compile(
    r"(?<![\w])(?P<article>(?:the|der|die|das|den|la|el|le|lo|l')\s+)?(?P<w>"
    + "|".join(sorted((re.escape(k) for k in ORDINALS), key=len, reverse=True))
    + rf")(?P<noun>\s+(?:{CHOICE_NOUNS}))?(?![\w])"
)
_NUMERIC_DATE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
_PHONE = re.compile(r"(?<![\w:.])\+?\(?\d[\d ()/.-]{5,}\d(?![\w:])")
_DAYLIKE_AFTER = (
    r"^\s*(?:$|[^\w\s]|\d|(?:works?|ok|okay|good|fine|please|pls|sounds|would|evening|morning|afternoon|lunch|"
    r"lunchtime|night|noon|at|the|then|for|perfect|great|suits|it|or|and|passt|geht|me|ca|soir|matin|midi|"
    r"por|a|el|y|o|ou|et|oder|und|also|too|as|would|could|should)(?![\w']))"
)
#: abbreviations that are also words ("mon" is French "my", "sat" English, "tue" French "kills"):
#: a day only when what follows reads like a day's ("Mon works", "Sat 10am", "sun!")
_ALSO_WORDS = {
    "mon": re.compile(_DAYLIKE_AFTER + r"|^\s*is\b"),
    "tue": re.compile(_DAYLIKE_AFTER + r"|^\s*is\b"),
    "wed": re.compile(_DAYLIKE_AFTER + r"|^\s*is\b"),
    "sat": re.compile(_DAYLIKE_AFTER + r"|^\s*is\b"),
    "sun": re.compile(_DAYLIKE_AFTER),
}
_PARTS_LONGEST_FIRST = sorted(PARTS_OF_DAY, key=len, reverse=True)
#: "last time", "in letzter Zeit", "a primera hora": without an article, idioms rather than choices
_IDIOM_NOUNS = frozenset({"time", "zeit", "hora"})
#: what may follow an ordinal that stands alone ("First!", "Last works", "erste passt")
_YES_AFTER_ORDINAL = re.compile(
    r"^[\s,.!:)-]*(?:$|(?:works?|please|pls|bitte|por favor|s'il te plait|svp|is|ok|okay|sounds|would|suits|"
    r"passt|geht|klappt|me va|va|ca marche|perfect|perfecto|parfait|great|fine|good|for me|then|it is)(?![\w']))"
)
#: days named relative to the day the reply was written ("tomorrow works", "morgen passt",
#: "mañana por la tarde", "demain soir"); "morgen" and "mañana" are also "morning"
_RELATIVE_DAY = re.compile(
    r"(?<![\w'])(?:(?P<two>day after tomorrow|ubermorgen|pasado manana|apres-demain|apres demain)"
    r"|(?P<one>tomorrow|tmrw|morgen|manana|demain)|(?P<zero>today|heute|hoy|aujourd'hui))(?='s\b|(?![\w']))"
)
#: "guten Morgen", "am Morgen", "Samstag Morgen", "por la mañana", "esta mañana": the morning
_MORNING_BEFORE = re.compile(
    r"(?:guten|am|heute|jeden|diesen|den|der|einen|schonen|[a-z]*tag|mittwoch|sonnabend|la|las|esta|una|cada)\s+$"
)
#: which of one day's options ("the later one on Sat", "the earlier Saturday slot", "den späteren
#: Termin", "la más temprana", "le plus tôt"): -1 the earliest, 1 the latest
_WHICH_OF_THE_DAY = re.compile(
    r"(?<![\w'])(?:(?:the|den|die|der|das|la|el|le|celui|celle)\s+(?:(?P<early>earlier|earliest|early|fruhere[nr]?|"
    r"mas temprana|mas temprano|temprana|temprano|plus tot|plus matinale?)|(?P<late>later|latest|spatere[nr]?|"
    r"mas tardia|mas tardio|tardia|tardio|plus tardive?)))(?![\w'])"
)
#: what comes before "tue" and "sat" when they are verbs ("ça me tue", "ils se tuent", "we sat")
_VERB_AFTER = {
    "tue": re.compile(r"(?:\b(?:me|te|se|nous|vous|ca|le|la|les)|\bl')\s*$"),
    "sat": re.compile(r"\b(?:i|we|you|they|he|she|just|had|have|then)\s+$"),
}
_STRONG_AFTER_WEAK = re.compile(r"^\.?\s*(?:\d|passt|geht|klappt|gerne|ist|wäre|waere|ok|um|ab)")


@dataclass
class References:
    options: set[int] = field(default_factory=set)
    #: what was named that matches no offered option ("Friday", "19:00", "7")
    unmatched: list[str] = field(default_factory=list)
    #: how many words of the text were references (to tell a bare "Friday!" from a sentence)
    spans: list[tuple[int, int]] = field(default_factory=list)


def _local(option: Interval, zone: ZoneInfo) -> datetime:
    return option.start.astimezone(zone)


def find_references(
    original: str,
    options: Mapping[int, Interval],
    zone: ZoneInfo,
    listed: Sequence[int] | None,
    *,
    day_written: date | None = None,
) -> References:
    """The options ``original`` (one clause, as written) points at.

    ``listed`` are the option numbers in the message answered, in order: ordinals count down that
    list, and a weekday that fits several offered options is narrowed to the listed ones.
    ``day_written`` is the day the friend wrote the reply, in their zone: "tomorrow" counts from it
    (unknown: relative days name nothing)."""
    text = fold(original)
    refs = References()
    blank = list(text)

    def consume(match: re.Match[str]) -> None:
        refs.spans.append(match.span())
        for i in range(*match.span()):
            blank[i] = " "

    def current() -> str:
        return "".join(blank)

    filters: list[set[int]] = []

    # phone numbers ("+33 6 12 34 56 78", "0176 1234567") are never options or times
    for match in _PHONE.finditer(text):
        if sum(c.isdigit() for c in match.group(0)) >= 7 and not _NUMERIC_DATE.match(match.group(0)):
            for i in range(*match.span()):
                blank[i] = " "
    text = current()

    # dates: "Nov 28", "28. November", "28 de noviembre", "24.11.", "11/28"; two dates are either one
    dates: set[int] | None = None

    def on_date(day: int, month: int | None = None) -> set[int]:
        return {
            n
            for n, o in options.items()
            if _local(o, zone).day == day and month in (None, _local(o, zone).month)
        }

    def add_date(hits: set[int], match: re.Match[str]) -> None:
        nonlocal dates
        dates = hits if dates is None else dates | hits
        if not hits:
            refs.unmatched.append(match.group(0))
        consume(match)

    for match in _DATE.finditer(text):
        day = int(match.group("d1") or match.group("d2") or match.group("d3") or match.group("d4"))
        month_text = match.group("m1") or match.group("m2") or match.group("m3") or match.group("m4")
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
        if match.group("d4"):
            # "12/1" is 12 January or 1 December: a date only when one reading is offered
            first, second = on_date(day, month), on_date(month, day)
            add_date(first | second if not (first and second) or first == second else set(), match)
        elif 1 <= day <= 31 and 1 <= month <= 12:  # "um 10.15." is a time
            add_date(on_date(day, month), match)

    _relative_days(text, current, consume, filters, refs, options, zone, day_written)

    # weekdays (with typos), and a day number right after one ("samedi 28")
    weekday_hits: set[int] | None = None
    for match in re.finditer(r"[a-z]+", current()):
        word = match.group(0)
        weekday = weekday_of(word)
        if word in _ALSO_WORDS and not _ALSO_WORDS[word].match(current()[match.end() :]):
            continue  # "mon mari", "I sat down", "ça me tue": not a day
        if word in _VERB_AFTER and _VERB_AFTER[word].search(current()[: match.start()]):
            continue  # "ça me tue", "I sat": a verb after its subject
        if weekday is None and (part := _compound_part(word)):
            weekday = weekday_of(word[: len(word) - len(part)])
        if weekday is None:
            weekday = _weak_weekday(original, match, current())
            if weekday is None:
                continue
        hits = {n for n, o in options.items() if _local(o, zone).weekday() == weekday}
        if part := _compound_part(word):  # "Dienstagabend", "samstagvormittag"
            low, high = PARTS_OF_DAY[part]
            hits = {n for n in hits if low <= _local(options[n], zone).hour < high}
        following = _DAY_AFTER_WEEKDAY.match(current()[match.end() :])
        if following:
            number = int(following.group("d"))
            on_day = {n for n in hits if _local(options[n], zone).day == number}
            # "Sat 10", "Tuesday 6": an hour when no option that day is on that date
            at_hour = {n for n in hits if _local(options[n], zone).hour in (number, number + 12)}
            hits = on_day or at_hour
            span = (match.start(), match.end() + following.end())
        else:
            span = match.span()
        if len(hits) > 1 and listed:
            hits = hits & set(listed) or hits
        weekday_hits = hits if weekday_hits is None else weekday_hits | hits
        if not hits:
            refs.unmatched.append(word)
        refs.spans.append(span)
        for i in range(*span):
            blank[i] = " "
    if weekday_hits is not None:
        filters.append(weekday_hits)

    # "the 26th", "el 28": a date when some option is on that day
    for match in _THE_DAY.finditer(current()):
        number = int(match.group("d"))
        hits = on_date(number)
        as_option = number in options and not match.group("suffix")
        if hits and not as_option:
            add_date(hits, match)
        elif hits and as_option and hits != {number}:
            refs.unmatched.append(match.group(0))
            consume(match)

    for match in _DAY_ONLY.finditer(current()):
        add_date(on_date(int(match.group("d"))), match)
    if dates is not None:
        filters.append(dates)

    # clock times: "10am", "18:00", "18h30", "um 10", "a las 10", "at 7", "noon"
    time_hits: set[int] | None = None
    for match in _TIME.finditer(current()):
        wanted = _times(match)
        hits = {n for n, o in options.items() for t in wanted if _local(o, zone).time() == t}
        if not hits:  # "7:30" inside an option that starts at 7 is still that option
            hits = {
                n
                for n, o in options.items()
                for t in wanted
                if _local(o, zone)
                <= _local(o, zone).replace(hour=t.hour, minute=t.minute)
                < o.end.astimezone(zone)
            }
        time_hits = hits if time_hits is None else time_hits | hits
        if not hits:
            refs.unmatched.append(match.group(0).strip())
        consume(match)
    if time_hits is not None:
        filters.append(time_hits)

    # parts of the day narrow a day ("Tuesday evening", "jeudi midi"); alone they pick nothing
    part_hits: set[int] | None = None
    for match in re.finditer(r"[a-z-]+", current()):
        if match.group(0) in PARTS_OF_DAY:
            low, high = PARTS_OF_DAY[match.group(0)]
            hits = {n for n, o in options.items() if low <= _local(o, zone).hour < high}
            part_hits = hits if part_hits is None else part_hits | hits
            refs.spans.append(match.span())
    if filters:
        combined = set(options)
        for found in [*filters, *([part_hits] if part_hits is not None else [])]:
            combined &= found
        if not combined and not refs.unmatched:
            refs.unmatched.append("that day and time")
        refs.options = _which_of_the_day(current(), combined, options, zone, consume)
    for match in _WHICH_OF_THE_DAY.finditer(current()):  # a "later one" that picked nothing is a doubt
        refs.unmatched.append(match.group(0))
        consume(match)

    # ordinals: "the first one", "die zweite Option", "la segunda", "le premier"
    order = list(listed) if listed else sorted(options)
    for match in _ORDINAL.finditer(current()):
        word = match.group("w")
        noun = (match.group("noun") or "").strip()
        if not (match.group("article") or (noun and noun not in _IDIOM_NOUNS) or _alone(current(), match)):
            continue  # "first of all", "last time was fun", "in letzter Zeit", "a primera hora"
        value = ORDINALS[word]
        position = len(order) - 1 if value == -1 else value - 1
        if 0 <= position < len(order) and order[position] in options:
            refs.options.add(order[position])
        else:
            refs.unmatched.append(match.group(0).strip())
        consume(match)

    # option numbers: "2", "#3", "option 1", "la 2", "die 2"
    for match in _NUMBER.finditer(current()):
        written = next(g for g in match.groups() if g is not None)
        value = int(written) if written.isdigit() else _NUMBER_WORDS[written]
        if value in options and (not listed or value in listed):
            refs.options.add(value)
        else:
            refs.unmatched.append(match.group(0).strip())
        consume(match)
    return refs


def _which_of_the_day(
    text: str,
    hits: set[int],
    options: Mapping[int, Interval],
    zone: ZoneInfo,
    consume: Callable[[re.Match[str]], None],
) -> set[int]:
    """ "The later one" among several options of one day: the latest of them (the earliest for
    "the earlier one"); among options of different days, or said with another ("the later one, or
    the earlier one"), it picks nothing and stays in the text."""
    found = list(_WHICH_OF_THE_DAY.finditer(text))
    if len(found) != 1 or len(hits) < 2 or len({_local(options[n], zone).date() for n in hits}) > 1:
        return hits  # none, or "the later one, or the earlier one": both
    (match,) = found
    consume(match)
    ordered = sorted(hits, key=lambda n: options[n].start)
    return {ordered[-1] if match.group("late") else ordered[0]}


def _relative_days(
    text: str,
    current: Callable[[], str],
    consume: Callable[[re.Match[str]], None],
    filters: list[set[int]],
    refs: References,
    options: Mapping[int, Interval],
    zone: ZoneInfo,
    written: date | None,
) -> None:
    """ "tomorrow", "übermorgen", "mañana", "demain", "today": the day that many days after the
    reply was written. "Today" that fits no option is an aside ("sorry, busy today"); a later day
    that fits none is a counter-proposal, and so is one when the day of writing is unknown
    ("tomorrow's no good" is then never a no to every option)."""
    for match in _RELATIVE_DAY.finditer(current()):
        if match.group("one") in ("morgen", "manana"):
            before = text[: match.start()]
            greeting = not before.strip() and re.match(r"\s*(?:[,!.]|$)", text[match.end() :])
            if greeting or _MORNING_BEFORE.search(before):
                continue
        ahead = 2 if match.group("two") else 1 if match.group("one") else 0
        if written is None:
            if ahead:
                refs.unmatched.append(match.group(0))
                consume(match)
            continue
        day = written + timedelta(days=ahead)
        hits = {n for n, o in options.items() if _local(o, zone).date() == day}
        if hits or ahead:
            filters.append(hits)
            if not hits:
                refs.unmatched.append(match.group(0))
        consume(match)


def _compound_part(word: str) -> str | None:
    """The part of the day in a German compound weekday ("dienstagabend" -> "abend"), typos in
    the day's name included ("dinstagabend")."""
    for part in _PARTS_LONGEST_FIRST:
        if word.endswith(part) and weekday_of(word[: -len(part)]) is not None:
            return part
    return None


def _weak_weekday(original: str, match: re.Match[str], rest: str) -> int | None:
    """ "Do", "Sa", "sam", "vie" only as weekdays where a person reads them so: a German
    two-letter day capitalised and followed by a date, time or yes word ("Do passt", "Sa 10 Uhr"),
    a three-letter one followed by a day number ("sam. 28", "vie 4")."""
    word = match.group(0)
    day = weak_weekday(word)
    if day is None:
        return None
    after = rest[match.end() :]
    if len(word) == 2:
        written = _as_written(original, match.start())
        return day if written.isupper() and _STRONG_AFTER_WEAK.match(after) else None
    return day if re.match(r"^\.?\s*\d", after) else None


def _as_written(original: str, at: int) -> str:
    """The letter of ``original`` that folds to position ``at`` of the folded text (folding can
    change lengths: "Grüße" is "grusse")."""
    starts = accumulate((len(fold(char)) for char in original), initial=0)
    return next(char for char, start in zip(original, starts, strict=False) if start == at)


def _alone(text: str, match: re.Match[str]) -> bool:
    """An ordinal with nothing but punctuation and a yes word around it ("First!", "Last works")."""
    before = text[: match.start()].strip(" ,.!:-")
    return not before and bool(_YES_AFTER_ORDINAL.match(text[match.end() :]))


def _times(match: re.Match[str]) -> list[time]:
    if match.group("h") is not None:
        hour = int(match.group("h")) % 12 + (12 if match.group("ap").startswith("p") else 0)
        return [time(hour, int(match.group("m") or 0))]
    if match.group("h2") is not None:
        return [time(int(match.group("h2")), int(match.group("m2")))]
    if match.group("h3") is not None:
        return [time(int(match.group("h3")))]
    hour = int(match.group("h4"))  # "at 7": 7:00 or 19:00; "at 12" is noon
    return [time(hour)] if hour >= 12 else [time(hour), time(hour + 12)]
