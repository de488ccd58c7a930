"""Dates named in a reply: "until 30 November", "bis zum 7. Dezember", "in January", "in a couple of
weeks", "après les fêtes". Pure: ``today`` is an argument.

Used for two things only, neither of which books anything: when an automatic reply says the friend
is back (nudges wait until then) and when a "later" asks to be asked again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from meetup.answers.words import MONTHS, WEEKDAY_EXACT, fold

_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.)?\s*(?:de\s+|of\s+)?(?P<m>{_MONTH_WORD})\b\.?(?:\s+(?:de\s+)?(?P<y>20\d\d))?"
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH_WORD})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>20\d\d))?"
)
_NUMERIC = re.compile(r"(?<![\d.:])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)(?:\.(?P<y>(?:20)?\d\d)?)?(?![\d:])")
#: "30/11" or "11/30": a date only where the two orders cannot both be one ("12/1" is left alone)
_SLASHED = re.compile(r"(?<![\d/:])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<y>(?:20)?\d\d))?(?![\d/:])")

_DAY_ONLY = re.compile(r"^\s*(?:the |le |el |den |dem |am )?(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.)(?![\d.])")
_AWAY_UNTIL = re.compile(
    r"(?<![\w'])(?:until|till|til|through|thru|back on|back|return(?:ing)? on|returning|return|"
    r"bis (?:zum |einschliesslich |einschl\. )?|bis|ab dem|ab|wieder (?:da|erreichbar|im buro) am|"
    r"hasta el|hasta|de vuelta el|vuelvo el|volvere el|regreso el|"
    r"jusqu'au|jusqu'a|jusqu au|de retour le|de retour|retour le|to|au|al|after|nach dem|despues del|apres le)(?![\w'])"
)


def _next_date(day: int, month: int, year: int | None, today: date) -> date | None:
    try:
        if year is not None:
            return date(year if year > 100 else 2000 + year, month, day)
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    if candidate < today - timedelta(days=7):  # "until 4 January" said in December
        try:
            candidate = date(today.year + 1, month, day)
        except ValueError:
            return None
    return candidate


def _first_of(month: int, today: date) -> date:
    year = today.year if month > today.month else today.year + 1
    return date(year, month, 1)


def first_date(text: str, today: date) -> date | None:
    """The earliest-written date in ``text`` (folded): a day and month, a numeric date, a
    weekday (the next one after today) or a month alone (its first day)."""
    found: list[tuple[int, date]] = []
    for pattern in (_DAY_MONTH, _MONTH_DAY, _NUMERIC):
        for match in pattern.finditer(text):
            month_text = match.group("m")
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
            year = int(match.group("y")) if match.group("y") else None
            moment = _next_date(int(match.group("d")), month, year, today)
            if moment is not None:
                found.append((match.start(), moment))
    for match in _SLASHED.finditer(text):
        a, b = int(match.group("a")), int(match.group("b"))
        if a != b and a <= 12 and b <= 12:
            continue
        day, month = (a, b) if b <= 12 else (b, a)
        year = int(match.group("y")) if match.group("y") else None
        if (moment := _next_date(day, month, year, today)) is not None:  # "5/0" is no date there
            found.append((match.start(), moment))
    if found:
        return min(found)[1]
    if day_only := _DAY_ONLY.search(text):  # "until the 14th": the next 14th
        day = int(day_only.group("d"))
        for months_ahead in range(3):
            month = (today.month - 1 + months_ahead) % 12 + 1
            year = today.year + (today.month - 1 + months_ahead) // 12
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
    for match in re.finditer(r"[a-z]+", text):
        weekday = WEEKDAY_EXACT.get(match.group(0))
        if weekday is not None and len(match.group(0)) > 3:
            ahead = (weekday - today.weekday() - 1) % 7 + 1
            return today + timedelta(days=ahead)
        named = MONTHS.get(match.group(0))
        if named is not None and len(match.group(0)) > 3:
            return _first_of(named, today)
    return None


def away_until(text: str, today: date) -> date | None:
    """The date an automatic reply says the friend is back (or away until), if it names one."""
    folded = fold(text)
    for match in _AWAY_UNTIL.finditer(folded):
        window = folded[match.end() : match.end() + 45]
        window = re.split(r"[!?;\n]", window, maxsplit=1)[0]
        moment = first_date(window, today)
        if moment is not None and moment >= today:
            return moment
    return None


_IN_WEEKS = re.compile(
    r"(?:in|dentro de|en|dans)\s+(?P<n>a couple of|a couple|couple of|a few|few|two|three|four|zwei|drei|vier|"
    r"ein paar|dos|tres|un par de|unas|deux|trois|quelques|\d)\s+(?:weeks|wochen|semanas|semaines)"
)
_NUMBERS = {
    "a couple of": 2, "a couple": 2, "couple of": 2, "two": 2, "zwei": 2, "dos": 2, "un par de": 2, "deux": 2,
    "a few": 3, "few": 3, "three": 3, "drei": 3, "tres": 3, "trois": 3, "ein paar": 3, "unas": 3,
    "quelques": 3, "four": 4, "vier": 4,
}  # fmt: skip
_FORTNIGHT = re.compile(r"quinze jours|quince dias|14 tagen|vierzehn tagen|two weeks' time|a fortnight")
_NEXT_MONTH = re.compile(
    r"next month|nachsten monat|naechsten monat|el mes que viene|el proximo mes|le mois prochain"
)
_NEXT_YEAR = re.compile(
    r"next year|new year|nachstes jahr|naechstes jahr|neuen jahr|el ano que viene|ano nuevo|l'annee prochaine"
)
_HOLIDAYS = re.compile(
    r"after (?:the )?(?:holidays|christmas|new year|break)|nach (?:den feiertagen|weihnachten|neujahr|den ferien)|"
    r"despues de (?:las fiestas|navidad|reyes|las vacaciones)|apres (?:les fetes|noel|le nouvel an|les vacances)"
)
_SEASONS = {
    "spring": 3, "fruhling": 3, "fruhjahr": 3, "primavera": 3, "printemps": 3, "summer": 6, "sommer": 6,
    "verano": 6, "ete": 6, "autumn": 9, "fall": 9, "herbst": 9, "otono": 9, "automne": 9, "winter": 12,
    "invierno": 12, "hiver": 12,
}  # fmt: skip
_SEASON = re.compile(r"\b(?:in|im|en|au)\s+(?:the\s+)?(?P<s>" + "|".join(_SEASONS) + r")\b")
_MID_MONTH = re.compile(rf"\b(?:mid|mitte|mediados de|mi)-?\s*(?P<m>{_MONTH_WORD})\b")
_IN_MONTH = re.compile(
    rf"\b(?:in|im|en|au mois de|a partir de|from|ab|to|until|till|auf|para|pour|a|nach)\s+(?P<m>{_MONTH_WORD})\b"
)


def later_until(text: str, today: date) -> date | None:
    """When a "later" asks to be asked again, if it names a time."""
    folded = fold(text)
    if match := _IN_WEEKS.search(folded):
        count = match.group("n")
        weeks = int(count) if count.isdigit() else _NUMBERS[count]
        if weeks:
            return today + timedelta(weeks=weeks)
    if _FORTNIGHT.search(folded):
        return today + timedelta(weeks=2)
    if _HOLIDAYS.search(folded):
        if today.month >= 11 or (today.month == 1 and today.day < 7):
            return date(today.year + (today.month >= 11), 1, 7)
        return None
    if match := _IN_MONTH.search(folded):
        month = MONTHS[match.group("m")]
        if month != today.month:
            return _first_of(month, today)
    if match := _MID_MONTH.search(folded):
        month = MONTHS[match.group("m")]
        if month != today.month:
            return _first_of(month, today).replace(day=15)
        if today.day < 15:
            return date(today.year, month, 15)
        return None  # "mid-November" said on the 23rd names no day still to come
    if match := _SEASON.search(folded):
        return _first_of(_SEASONS[match.group("s")], today)
    if _NEXT_MONTH.search(folded):
        return _first_of(today.month % 12 + 1, today)
    if _NEXT_YEAR.search(folded):
        return date(today.year + 1, 1, 1)
    return away_until(text, today)


def written_on(headers: Sequence[tuple[str, str]], zone: ZoneInfo, today: date) -> date | None:
    """The day a reply was written, in the friend's zone, from its Date header: what "tomorrow"
    counts from. None when there is no readable Date or it lies after today (a wrong clock)."""
    for name, value in headers:
        if name.lower() != "date":
            continue
        try:
            moment = parsedate_to_datetime(str(value))
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        day = moment.astimezone(zone).date()
        return day if day <= today else None
    return None
