"""Reading an answer to a *group* invite, where several options may be fine. Pure.

In a group, "1 and 3 work", "any but 2" and "all fine" are clear: each names a set of options
the friend can make. The one-friend reader's rule stays: never guess. A question, a hedge, a
time that was not offered, or a yes that names no option when several were offered is
``ambiguous`` and goes to the user. Quoted text, clause splitting and the yes/no/later
vocabulary are the one-friend reader's own, so both read mail the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from meetup.answers import phrases
from meetup.answers import reader as base
from meetup.answers.quoting import split_reply
from meetup.answers.reader import Options, numbered
from meetup.answers.references import find_references
from meetup.answers.words import fold, normalise

Kind = Literal["yes", "no", "later", "ambiguous"]


@dataclass(frozen=True)
class GroupReading:
    kind: Kind
    #: The options (numbers as offered) the friend can make; only for ``yes``.
    options: frozenset[int]
    why: str


_SET = (
    r"(?:all|any|either|each|every|whichever|anything|everything|any ?time|all three|all four|all of them|"
    r"any of them|alle|beide|jeder|todos|todas|ambos|ambas|cualquiera|tous|toutes|n'importe lequel)"
)
_ALL = re.compile(
    rf"(?:\b{_SET}\b(?:\s+else)?(?:\s+(?:of\s+)?(?:them|those|these|the\s+(?:options|times|dates|above)|one|ones|options?|times?|dates?|days?|three|four|five))?"
    r"\s*(?:(?:is|are|would|will|should)\s+(?:be\s+)?|(?:works?|suits?)\s+)?"
    r"(?:fine|good|ok|okay|great|perfect|works?|work for me|suits? me|possible|doable|available|free|"
    r"passen|passt|gehen|geht|klappen|klappt|bien|vale|funcionan|sirven|marchent|conviennent|vont)\b"
    r"|\b(?:i\s+can|can)\s+do\s+(?:all|any|either|every ?one)\b"
    r"|\bi'?m\s+(?:free|available|flexible)\s+(?:for\s+)?(?:all|any|every)\b"
    r"|\b(?:all|any|either|each)\s+(?:of\s+)?(?:them|those|these|the\s+options)\b"
    r"|\bwhichever\b|\bflexible\b|\bany ?time\b)",
    re.IGNORECASE,
)
#: "1 and 3", "1, 3", "options 2 & 3", "#1 or #3": a list of option numbers (times and dates
#: such as "7:30" or "26th" are not lists; numbers that were not offered are left to the reader).
_LIST = re.compile(
    r"(?<![\d:./])(?:\b(?:options?|nos?\.?|numbers?|choices?)\s*|#\s*)?(?P<first>\b\d{1,2})\b(?![:.]\d|st|nd|rd|th)"
    r"(?P<more>(?:\s*(?:,|&|\+|/|\b(?:and|or|und|oder|y|o|et|ou)\b)\s*(?:\band\b\s*)?#?\s*\d{1,2}\b(?![:.]\d|st|nd|rd|th))+)",
    re.IGNORECASE,
)
_COUNT_ME_IN = re.compile(r"\bcount me in\b", re.IGNORECASE)  # "count" is not a negation
_WORKS = re.compile(
    r"(?<![\w'])(?:work|works|fine|good|ok|okay|possible|doable|free|available|suit|suits|passen|passt|"
    r"gehen|geht|klappen|klappt|funcionan|funciona|bien|vale|marchent|marche|conviennent|convient)(?![\w'])"
)
_NONE_OF = re.compile(r"\b(?:any|either|none|keine[nrs]?|ninguna|ninguno|aucune|aucun)\b", re.IGNORECASE)
_EXCEPT = re.compile(
    rf"\b{_SET}\b[^.;!\n]{{0,40}}?\b(?:but|except(?:\s+for)?|apart from|other than|besides|save|au(?:ß|ss)er|menos|excepto|salvo)\b(?P<rest>[^.;!\n]*)",
    re.IGNORECASE,
)


def spell_out_lists(text: str, valid: set[int]) -> str:
    """Rewrite "1 and 3" as "option 1 and option 3" so the reader sees two clear references."""

    def spell(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d{1,2}", match.group(0))]
        if not all(n in valid for n in numbers):
            return match.group(0)
        return " and ".join(f"option {n}" for n in numbers)

    return _LIST.sub(spell, text)


def read_group_text(
    text: str, options_in: Options, friend_zone: ZoneInfo, *, thread: base.Thread | None = None
) -> GroupReading:
    """Which of the offered options the friend can make, or why that is not clear."""
    options = numbered(options_in)
    everything = frozenset(options)
    thread = thread or base.Thread()
    parts = split_reply(text, thread.sent_texts)
    if parts.forwarded:
        return _unclear("forwards another message")
    if parts.inline and any(t.strip() for t in parts.inline.values()):
        return _unclear("answers between the quoted options")
    listed = thread.listed or tuple(parts.listed) or thread.only_list
    fresh = spell_out_lists(_COUNT_ME_IN.sub("I'm in", normalise(parts.fresh)), set(options))
    fresh = re.sub(r"(option \d{1,2})\.\s+", r"\1; ", fresh)  # "1 and 3. Can't do 2": two sentences
    if not fresh.strip():
        return _unclear("the reply has no text of its own (only quoted text)")
    if "?" in fresh:
        return _unclear("the reply asks a question")
    folded = fold(fresh)
    if doubt := base.whole_reply_doubt(folded):
        return _unclear(doubt)

    excepted = _EXCEPT.search(fresh)
    if excepted:
        left = find_references(excepted.group("rest"), options, friend_zone, listed)
        if left.unmatched or not left.options:
            return _unclear(f"leaves out something not offered ({excepted.group(0)!r})")
        # "Any but 2 work. Not 3 either": what the rest of the reply rules out is left out too
        rest = fresh[: excepted.start()] + " ; " + fresh[excepted.end() :]
        ruled_out = {
            n
            for sentence in base._sentences(rest)
            for c in base._clauses(sentence, options, friend_zone, listed)
            if c.polarity < 0
            for n in c.refs.options
        }
        chosen = everything - left.options - ruled_out
        if not chosen:
            return GroupReading("no", frozenset(), "none of the options works")
        return GroupReading("yes", frozenset(chosen), f"can make all but {_names(left.options | ruled_out)}")

    clauses = [
        c
        for sentence in base._sentences(fresh)
        for c in base._clauses(sentence, options, friend_zone, listed)
    ]
    for clause in clauses:  # "1 and 3 work": in a group, a list of numbers that "works" is a yes
        if clause.polarity == 0 and clause.refs.options and _WORKS.search(fold(clause.text)):
            clause.polarity = 1
    unclear = [
        c
        for c in clauses
        if c.polarity == 0 and (c.refs.options or c.refs.unmatched) and not base._bare(c.text, [c])
    ]
    if unclear:
        return _unclear(f"says something about an option that is neither yes nor no ({unclear[0].text!r})")
    positive = set().union(*(c.refs.options for c in clauses if c.polarity >= 0))
    negative = set().union(*(c.refs.options for c in clauses if c.polarity < 0))
    if any(c.polarity < 0 and not c.refs.options and _NONE_OF.search(c.text) for c in clauses):
        negative = set(everything)  # "can't make any of these"
    positive -= negative
    unmatched = [u for c in clauses if c.polarity >= 0 for u in c.refs.unmatched]
    says_all = any(_ALL.search(c.text) for c in clauses if c.polarity >= 0)
    says_no = any(c.polarity < 0 for c in clauses)
    says_yes = any(c.polarity > 0 for c in clauses)
    later = phrases.LATER.search(folded)

    if later and not positive and not says_all:
        return GroupReading("later", frozenset(), f"asks to be asked later ({later.group(0)!r})")
    if unmatched:
        return _unclear(f"names a time that was not offered ({unmatched[0]!r})")
    if says_all and not positive:
        chosen = everything - negative
        if chosen:
            why = "can make any of them" if not negative else f"can make all but {_names(negative)}"
            return GroupReading("yes", frozenset(chosen), why)
    if positive:
        if says_no and not negative:
            return _unclear(f"mentions option {_names(positive)} but also says no")
        return GroupReading("yes", frozenset(positive), f"can make {_names(positive)}")
    if options and negative and negative >= everything:
        return GroupReading("no", frozenset(), "none of the options works")
    if negative:
        return _unclear(f"rules out option {_names(negative)} only")
    if says_no:
        return GroupReading("no", frozenset(), "declines")
    if says_yes and len(options) == 1:
        return GroupReading("yes", everything, "says yes to the only option")
    if says_yes:
        return _unclear("says yes but not to which option")
    return _unclear("could not tell what the reply means")


def _unclear(why: str) -> GroupReading:
    return GroupReading("ambiguous", frozenset(), why)


def _names(numbers: set[int] | frozenset[int]) -> str:
    ordered = [str(n) for n in sorted(numbers)]
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]
