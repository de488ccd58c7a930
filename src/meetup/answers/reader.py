"""Reading a friend's answer to an invite: plain-text mail in English, German, Spanish and French.

Pure: no I/O, no clock. The options offered, the friend's zone, today's date and what meetup sent in
the thread are arguments. Only a reading a person would give the same way is acted on: one option
said yes to, a plain no, or a "later". Anything else (two options, a hedge or condition, a question
about the time, a counter-proposal, a number from another list) is ``ambiguous`` and goes to the
user with the reason. Calendar (iMIP) answers are read in ``meetup.answers.imip``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from meetup.answers import phrases
from meetup.answers.quoting import Parts, split_reply
from meetup.answers.references import References, find_references
from meetup.answers.when import away_until, later_until
from meetup.answers.words import PARTS_OF_DAY, fold, normalise
from meetup.calendar.intervals import Interval

Kind = Literal["yes", "no", "later", "ambiguous"]


@dataclass(frozen=True)
class ReplyReading:
    kind: Kind
    #: the chosen option (only for ``yes``)
    option: int | None
    why: str
    #: for ``later``: when to ask again, when the reply names a time
    until: date | None = None
    #: a question unrelated to the answer, shown to the user even when the answer is acted on
    question: str | None = None


@dataclass(frozen=True)
class Thread:
    """What the friend saw: the texts meetup sent in this thread (to recognise them when quoted)
    and the option numbers listed in the message they answered, when known."""

    sent_texts: tuple[str, ...] = ()
    #: the numbers listed in the message named by ``In-Reply-To``
    listed: tuple[int, ...] | None = None
    #: the numbers meetup listed, when it listed options in one message only
    only_list: tuple[int, ...] | None = None


Options = Sequence[Interval] | Mapping[int, Interval]


def numbered(options: Options) -> dict[int, Interval]:
    """Options by the number the friend saw: 1..K for a sequence, or the given numbers."""
    if isinstance(options, Mapping):
        return dict(options)
    return {i + 1: o for i, o in enumerate(options)}


def fresh_text(text: str) -> str:
    """The part of a reply the friend wrote just now: quoted text and signatures removed."""
    return split_reply(text).fresh


def whole_reply_doubt(folded: str) -> str | None:
    """Why a reply (folded) can be no answer at all, one friend's or a group member's: it points
    at another message's options, or hedges or sets a condition anywhere ("later" aside)."""
    if phrases.OTHER_MESSAGE.search(folded):
        return "refers to options of another message"
    without_later = phrases.LATER.sub(" ", folded)
    hedge = phrases.HEDGE.search(without_later) or phrases.SI_CONDITIONAL.search(without_later)
    if hedge:
        return f"hedges or sets a condition ({hedge.group(0).strip()!r})"
    return None


def _ambiguous(why: str, question: str | None = None) -> ReplyReading:
    return ReplyReading("ambiguous", None, why, question=question)


@dataclass
class _Clause:
    text: str
    refs: References
    polarity: int  # 1 yes, -1 no, 0 none of its own
    #: the clauses of its sentence (itself included)
    sentence: list[_Clause] = field(default_factory=list)
    #: it follows "but", "though", "aber", "pero", "mais"...: a contrast to what came before
    after_contrast: bool = False


#: a full stop ends a sentence, except after a digit, an initial, or a short weekday before its date ("sam. 28")
_SENTENCE = re.compile(
    r"(?<!\d)(?<!\b[a-z])\.(?=\s|$)(?!(?<=\b(?i:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim|mie|mié"
    r"|jue|vie|sab|sáb|dom)\.)\s+\d)|[!;\n]+|(?<=\?)"
)
_CLAUSE = re.compile(r",\s+|\s+(?:but|though|however|aber|pero|mais|sondern)\s+|\s+[-/|]\s+|\s*<<\s*|:\s+")
_CONTRAST = re.compile(r"(?i)\b(?:but|though|however|aber|pero|mais|sondern)\b")
_FILLER = re.compile(
    r"(?<![\w'])(?:the|a|an|one|ones|option|options|then|it|is|for|me|on|at|and|or|that|this|i|"
    r"oder|und|o|y|ou|et|moi|mir|mi|fur|para|plz|por|en|au|im|in|pm|entonces|dann|alors|so|"
    r"der|die|das|den|am|um|termin|dann|la|el|le|les|los|las|a|las|de|du|l'|opcion|option|pour|ps|hi|hey|"
    r"hallo|hola|salut|coucher|sam|please|bitte|por favor|s'il te plait|thanks|thank you|danke|gracias|"
    r"merci|x+|xo+|;\)|:\))(?![\w'])"
)


#: a clause that only says which part of the day ("the afternoon one", "am Abend", "por la tarde",
#: "the later one"): it narrows the clause before it rather than standing alone
_NARROWS_ONLY = re.compile(
    r"^\W*(?:(?:the|den|die|der|das|am|la|el|le|celui|celle|por la|de la|del|du|de l')\s+)?(?:"
    + "|".join(sorted((re.escape(p) for p in PARTS_OF_DAY), key=len, reverse=True))
    + r"|earlier|later|earliest|latest|fruhere[nr]?|spatere[nr]?|mas temprana|mas tardia|plus tot)"
    r"(?:\s+(?:one|slot|option|time|termin|opcion|creneau))?(?:\s+(?:please|pls|bitte|por favor|porfa|svp))?\W*$"
)


def _polarity(text: str) -> int:
    folded = fold(text)
    if phrases.NO.search(phrases.NOT_NO.sub(" ", folded)):
        return -1
    if phrases.YES.search(folded):
        return 1
    return 0


def _sentences(text: str) -> list[str]:
    """The sentences of a reply, stripped; a piece of bare punctuation ("??") is none."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip(" ?.¿¡")]


def _is_question(sentence: str) -> bool:
    return sentence.endswith("?") or sentence.startswith("¿")


def _clauses(
    sentence: str,
    options: dict[int, Interval],
    zone: ZoneInfo,
    listed: Sequence[int] | None,
    written: date | None = None,
) -> list[_Clause]:
    """A sentence in clauses; a clause with no polarity of its own ("Tue - no, gym") takes the
    next one's in its sentence, else the previous one's."""
    pieces: list[tuple[str, bool]] = []
    parts = re.split(f"({_CLAUSE.pattern})", sentence)
    for index in range(0, len(parts), 2):
        piece = parts[index]
        # "..., but ..." or ", aber ...": the contrast word is the separator or opens the piece
        contrast = index > 0 and bool(_CONTRAST.search(parts[index - 1]) or _CONTRAST.match(piece.strip()))
        if not piece.strip(" .!?"):
            continue
        if pieces and _NARROWS_ONLY.match(fold(piece)):  # "Saturday, the afternoon one"
            pieces[-1] = (f"{pieces[-1][0]} {piece}", pieces[-1][1])
        else:
            pieces.append((piece, contrast))
    clauses = [
        _Clause(
            piece.strip(),
            find_references(piece, options, zone, listed, day_written=written),
            _polarity(piece),
            after_contrast=contrast,
        )
        for piece, contrast in pieces
    ]
    for index, clause in enumerate(clauses):
        clause.sentence = clauses
        if clause.polarity == 0 and _bare(clause.text, [clause]):
            # "Tue - no" takes what follows; from before only a yes ("Perfecto, el sábado"):
            # after a no, a bare day is a contrast ("Tuesday is out, so Thursday")
            following = [c.polarity for c in clauses[index + 1 :] if c.polarity]
            before = [c.polarity for c in clauses[:index] if c.polarity > 0]
            clause.polarity = (following[:1] or before[-1:] or [0])[0]
    return clauses


def _related(sentence: str, clauses: list[_Clause]) -> bool:
    """Whether a question is about the answer (a time, an option, yes/no) rather than aside."""
    folded = fold(sentence)
    return bool(
        any(c.refs.options or c.refs.unmatched for c in clauses)
        or phrases.ABOUT_THE_TIME.search(folded)
        or phrases.LATER.search(folded)
        or phrases.HEDGE.search(folded)
        or _polarity(sentence)
    )


def read_text(
    text: str,
    options_in: Options,
    friend_zone: ZoneInfo,
    *,
    today: date | None = None,
    thread: Thread | None = None,
    written: date | None = None,
) -> ReplyReading:
    """Read a plain-text reply (quoted text and signatures are ignored). ``written`` is the day
    the friend wrote it (their zone): "tomorrow" counts from it, and names nothing without it."""
    options = numbered(options_in)
    thread = thread or Thread()
    parts = split_reply(text, thread.sent_texts)
    if parts.forwarded:
        return _ambiguous("forwards another message")
    # the message answered decides what numbers mean; else the list quoted in the reply
    listed = thread.listed or tuple(parts.listed) or thread.only_list
    if parts.inline:
        return _read_inline(parts, options, friend_zone, listed)
    fresh = normalise(parts.fresh)
    if not fresh.strip():
        return _ambiguous("the reply has no text of its own (only quoted text)")
    return _read_fresh(fresh, options, friend_zone, listed, today, written)


def _read_fresh(
    fresh: str,
    options: dict[int, Interval],
    zone: ZoneInfo,
    listed: Sequence[int] | None,
    today: date | None,
    written: date | None = None,
) -> ReplyReading:
    folded = fold(fresh)
    if doubt := whole_reply_doubt(folded):
        return _ambiguous(doubt)

    answer: list[_Clause] = []
    asides: list[str] = []
    for sentence in _sentences(fresh):
        clauses = _clauses(sentence, options, zone, listed, written)
        if _is_question(sentence) and not _related(sentence, clauses):
            asides.append(sentence)
            continue
        if _is_question(sentence) and not phrases.LATER.search(fold(sentence)):
            return _ambiguous(f"asks about the answer ({sentence!r})")
        answer += clauses
    question = " ".join(asides) or None
    if not answer:
        return _ambiguous(
            f"asks a question ({question!r})" if question else "could not tell what the reply means"
        )

    # "Saturday I have a wedding, but great to hear from you": a clause that names an option and
    # says something else, with no yes or no of its own, is never read as either
    unclear = [
        c
        for c in answer
        if c.polarity == 0 and (c.refs.options or c.refs.unmatched) and not _bare(c.text, [c])
    ]
    if unclear:
        return _ambiguous(
            f"says something about an option that is neither yes nor no ({unclear[0].text!r})", question
        )
    # "Saturday is free, but I promised to help my brother move": a yes followed by a contrast that
    # says something else (no yes or no, no time of its own) is taken back, or hedged: a doubt
    if any(c.polarity > 0 for c in answer) and not any(c.polarity < 0 for c in answer):
        # (a clause naming a time with no polarity of its own was already left to the user above)
        taken_back = [c for c in answer if c.after_contrast and c.polarity == 0 and not _bare(c.text, [c])]
        if taken_back:
            return _ambiguous(f"says yes, then {taken_back[0].text!r}", question)
    # "Yes / No / No" with no option named: answers to something this reading cannot see
    bare_yes = [
        c
        for c in answer
        if c.polarity > 0 and _only_yes(c.text) and not any(o.refs.options for o in c.sentence)
    ]
    bare_no = [c for c in answer if c.polarity < 0 and not any(o.refs.options for o in c.sentence)]
    if bare_yes and bare_no:
        return _ambiguous("says both yes and no without naming an option", question)
    positive = set().union(*(c.refs.options for c in answer if c.polarity >= 0))
    negative = set().union(*(c.refs.options for c in answer if c.polarity < 0))
    positive -= negative
    unmatched = [u for c in answer if c.polarity >= 0 for u in c.refs.unmatched]
    later = phrases.LATER.search(folded)
    if later is None and not phrases.PLAIN_NO_FIRST.search(folded):
        later = phrases.BUSY_FOR_NOW.search(folded)
    # "No, but Thursday works" / "Nein, aber Donnerstag geht": a bare no followed in its sentence by
    # a yes to an option is that yes's contrast, not a no to everything
    says_no = any(c.polarity < 0 and not _contrast_no(c) for c in answer)
    says_yes = any(c.polarity > 0 for c in answer)

    if later and not positive and not unmatched:
        until = later_until(fresh, today) if today else None
        return ReplyReading(
            "later", None, f"asks to be asked later ({later.group(0)!r})", until=until, question=question
        )
    if unmatched:
        return _ambiguous(f"names a time that was not offered ({unmatched[0]!r})", question)
    if len(positive) > 1:
        return _ambiguous(f"mentions several options ({_names(positive)})", question)
    several = phrases.SEVERAL.search(folded)
    if several and (positive or (says_yes and not says_no)):
        return _ambiguous(f"answers for several options at once ({several.group(0)!r})", question)
    if len(positive) == 1:
        (chosen,) = positive
        bare = _bare(fresh, answer)
        if says_no and not negative:
            return _ambiguous(f"mentions option {chosen} but also says no", question)
        if not (says_yes or bare):
            return _ambiguous(f"mentions option {chosen} without saying yes", question)
        return ReplyReading("yes", chosen, f"picks option {chosen}", question=question)
    offered = set(listed or options) & set(options)
    if negative and negative >= offered:
        return ReplyReading("no", None, "none of the options works", question=question)
    if negative:
        return _ambiguous(f"rules out option {_names(negative)} only", question)
    if elsewhere := [c for c in answer if _no_to_another_time(c)]:
        return _ambiguous(f"says no to a time that was not offered ({elsewhere[0].text!r})", question)
    if says_no and (bound := _bound_before(answer, offered, options, zone, today)):
        return _ambiguous(f"says no only until {bound.text!r}, not to the options after", question)
    if says_no:
        return ReplyReading("no", None, "declines", question=question)
    if says_yes and len(options) == 1:
        (only,) = options
        return ReplyReading("yes", only, "says yes to the only option", question=question)
    if says_yes:
        return _ambiguous("says yes but not to which option", question)
    return _ambiguous("could not tell what the reply means", question)


def _bare(fresh: str, clauses: list[_Clause]) -> bool:
    """A reply that is nothing but the reference ("2", "Friday!", "La 2", "Sat 10am")."""
    rest = fold(fresh)
    for clause in clauses:
        folded = fold(clause.text)
        for start, end in sorted(clause.refs.spans, key=lambda span: span[0] - span[1]):
            rest = rest.replace(folded[start:end], " ", 1)
    rest = _FILLER.sub(" ", rest)
    return not re.search(r"\w", rest)


def _contrast_no(clause: _Clause) -> bool:
    """A clause that is only "no"/"nein"/"non", or a no about a time that was not offered ("I'm
    away until Wednesday", "Friday's out"), before a clause of its sentence saying yes to an option."""
    if clause.refs.options:
        return False
    if not clause.refs.unmatched and re.sub(r"[\W_]+", " ", fold(clause.text)).strip() not in (
        "no",
        "nein",
        "non",
        "no no",
        "nope",
    ):
        return False
    after = clause.sentence[clause.sentence.index(clause) + 1 :]
    return any(c.polarity > 0 and c.refs.options for c in after)


def _bound_before(
    answer: list[_Clause], offered: set[int], options: dict[int, Interval], zone: ZoneInfo, today: date | None
) -> _Clause | None:
    """A no bounded in time ("I'm away until Wednesday") that ends on or before an offered option's
    day: no to the options before it, nothing said about the others; unless the reply also refuses
    outright ("Can't make it, I'm travelling until Sunday")."""
    if any(
        c.polarity < 0
        and not c.refs.options
        and not c.refs.unmatched
        and not phrases.UNTIL.search(fold(c.text))
        and _says_more(c)
        for c in answer
    ):
        return None
    for clause in answer:
        # the bound may carry the no itself ("I'm away until Friday") or explain a bare one beside it
        # ("Sorry, no. In Rome until early December.")
        if clause.polarity > 0 or today is None or not phrases.UNTIL.search(fold(clause.text)):
            continue
        until = away_until(clause.text, today)
        if until is not None and any(options[n].start.astimezone(zone).date() >= until for n in offered):
            return clause
    return None


#: words that only carry the no of the clause beside them ("Sorry, I'm away until Friday")
_SORRY = re.compile(r"(?<![\w'])(?:no|nope|nein|non|sorry|leider|lo siento|desolee?)(?![\w'])")


def _says_more(clause: _Clause) -> bool:
    """A no with words of its own ("Can't make it"), not a bare "Sorry", "Leider", "No" or "Hi Sam"
    (which takes its no from the clause beside it)."""
    return bool(re.search(r"\w", _FILLER.sub(" ", _SORRY.sub(" ", fold(clause.text)))))


def _no_to_another_time(clause: _Clause) -> bool:
    """A no that names only a time that was not offered ("can't on the 1st", "não posso no dia
    26"): a no to that time, not to the options; a bound ("away until Sunday") only explains it."""
    if clause.polarity >= 0 or clause.refs.options or not clause.refs.unmatched:
        return False
    return not phrases.UNTIL.search(fold(clause.text))


def _only_yes(text: str) -> bool:
    """A clause that is nothing but a yes ("Yes", "Ja!", "oui", "ok")."""
    rest = _FILLER.sub(" ", phrases.YES.sub(" ", fold(text)))
    return not re.search(r"\w", rest)


def _read_inline(
    parts: Parts, options: dict[int, Interval], zone: ZoneInfo, listed: Sequence[int] | None
) -> ReplyReading:
    """Answers written under each quoted option: exactly one yes, the others no or blank."""
    top = fold(parts.fresh)
    if top and (_polarity(parts.fresh) or phrases.HEDGE.search(top) or re.search(r"\d", top)):
        return _ambiguous("answers both above and between the quoted options")
    yes: set[int] = set()
    for number, answer in parts.inline.items():
        folded = fold(answer)
        if phrases.HEDGE.search(folded) or "?" in answer:
            return _ambiguous(f"hedges under option {number} ({answer!r})")
        named = find_references(answer, options, zone, listed)
        if named.unmatched or named.options - {number}:
            return _ambiguous(f"under option {number} names another time ({answer!r})")
        polarity = _polarity(answer)
        if polarity > 0 or _points_here(answer):
            yes.add(number)
        elif polarity == 0:
            return _ambiguous(f"unclear answer under option {number} ({answer!r})")
    if number_missing := [n for n in yes if n not in options]:
        return _ambiguous(f"option {number_missing[0]} is no longer offered")
    if len(yes) == 1:
        (chosen,) = yes
        return ReplyReading("yes", chosen, f"says yes under option {chosen}")
    if not yes and set(parts.inline) >= (set(listed or options) & set(options)):
        return ReplyReading("no", None, "says no under every option")
    if not yes:
        return _ambiguous("says no under some options only")
    return _ambiguous(f"says yes under several options ({_names(yes)})")


def _points_here(answer: str) -> bool:
    """ "This one!", "<- this", "[Jo] here" under an option."""
    return bool(
        re.search(
            r"(?<!\w)(this one|this|here|diese[nr]?|der hier|esta|este|celle-ci|celui-ci|<-+|<=+)(?!\w)",
            fold(answer),
        )
    )


def _names(numbers: set[int]) -> str:
    return " and ".join(str(n) for n in sorted(numbers))
