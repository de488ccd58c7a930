"""Which lines of a reply the friend wrote now, and which are quoted, attributed or signature.

Pure. Knows the quote attributions of the common clients in English, German, Spanish and French
("On ... wrote:", "Am ... schrieb ...:", "El ... escribió:", "Le ... a écrit :", mutt's
"* Name <addr> [date]:", Outlook's "From:/Sent:", "Von:/Gesendet:", "De:/Enviado:", "De :/Envoyé :"
blocks) and, when given the texts meetup itself sent in the thread, recognises those lines even
when a client quotes them without ``>`` (Outlook) or rewraps them. Text written between quoted
options ("> 1. Tue ..." / "no, gym") is kept per option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from meetup.answers.phrases import HEDGE
from meetup.answers.words import fold, normalise

_ATTRIBUTION = [
    re.compile(r"^\s*on\b.{0,250}\bwrote\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^\s*am\b.{0,250}\bschrieb\b.{0,250}:\s*$", re.IGNORECASE),
    re.compile(r"^.{0,250}\bschrieb am\b.{0,250}:\s*$", re.IGNORECASE),
    re.compile(r"^\s*el\b.{0,250}\bescribi[oó]\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^\s*le\b.{0,250}\ba [ée]crit\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^.{0,250}\b(wrote|schrieb|geschrieben|escribi[oó]|a [ée]crit)\s*:\s*$", re.IGNORECASE),
    re.compile(r"^\s*\*\s.{0,200}\[[^\]]{4,40}\]\s*:\s*$"),  # mutt: * Name <addr> [2026-11-20 10:00]:
]
_WRAPPED_START = re.compile(r"^\s*(on|am|el|le)\s+\S", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*(-{2,}\s*(original message|urspr[üu]ngliche nachricht|original-nachricht|mensaje original|"
    r"message d'origine|message original)\s*-{2,}|_{10,}\s*$)",
    re.IGNORECASE,
)
_HEADER_START = re.compile(r"^\s*\*?(from|von|de|da)\s*\*?\s*:\*?\s*\S", re.IGNORECASE)
_HEADER_KEY = re.compile(
    r"^\s*\*?(sent|date|to|cc|subject|gesendet|datum|an|betreff|enviado|fecha|para|asunto|envoy[ée]|"
    r"[àa]|objet|cc)\s*\*?\s*:",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^--\s*$|^_{2,9}\s*$")
_SENT_FROM = re.compile(
    r"^\s*(sent from|sent with|sent via|get outlook|von meinem|gesendet von|outlook f[üu]r|enviado desde|"
    r"obtener outlook|envoy[ée] (de|depuis)|t[ée]l[ée]charger outlook)\b",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(best( wishes| regards)?|cheers|thanks( again| so much)?|thank you|regards|kind regards|warm regards|"
    r"all the best|love|xo+|xx+|x|talk soon|speak soon|take care|ciao|yours|sincerely|many thanks|thx|ta|"
    r"viele gr[üu](ß|ss)e|vg|lg|liebe gr[üu](ß|ss)e|beste gr[üu](ß|ss)e|mit freundlichen gr[üu](ß|ss)en|"
    r"freundliche gr[üu](ß|ss)e|gru(ß|ss)|gr[üu](ß|ss)e|bis bald|danke|saludos|un saludo|un abrazo|besos|"
    r"abrazos|atentamente|gracias|hasta pronto|cordialement|bien cordialement|bien [àa] (toi|vous)|bises|"
    r"bisous|amicalement|[àa] bient[ôo]t|merci|belle journ[ée]e)\s*[,.!]*\s*$",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(r"^\s*[A-ZÀ-Ý][\w'.-]*(\s+[A-ZÀ-Ý][\w'.-]*){0,3}\s*$")
_LISTED = re.compile(r"^\s*(\d{1,2})[.)]\s+[A-Za-zÀ-ÿ]{2,}")


@dataclass
class Parts:
    """A reply split up: what the friend wrote, and what they wrote under each quoted option."""

    fresh: str
    #: text written directly under a quoted option, by option number
    inline: dict[int, str] = field(default_factory=dict)
    #: option numbers listed in the quoted message, in order
    listed: list[int] = field(default_factory=list)
    #: the reply forwards someone else's mail
    forwarded: bool = False


def _key(line: str) -> str:
    return " ".join(fold(line).split())


def _ours(line: str, sent: str) -> bool:
    """Whether a line is (a piece of) something meetup sent: every meetup line the client kept
    without ``>``, even rewrapped."""
    key = _key(line)
    return len(key) >= 6 and bool(sent) and key in sent


def split_reply(text: str, sent_texts: Sequence[str] = ()) -> Parts:
    """The friend's own words, the per-option inline answers and the quoted option numbers."""
    lines = normalise(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sent = " \n ".join(" ".join(fold(s).split()) for s in sent_texts)
    offered = {_key(x): int(m.group(1)) for s in sent_texts for x in s.split("\n") if (m := _LISTED.match(x))}
    parts = Parts(fresh="")
    fresh: list[str] = []
    #: text written under a quoted option: (option, line, right under it, line number)
    under: list[tuple[int, str, bool, int]] = []
    last_quoted = -1
    in_original = False  # inside an Outlook-style block (quoted without ">")
    current: int | None = None  # the quoted option the following fresh lines answer
    adjacent = False  # no blank line since that option
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        if _SIGNATURE.match(line):
            break
        if in_original and not sent:
            _listed(line, parts)
            continue
        if (in_original or stripped.startswith(">")) and (marked := _marked(line, offered)):
            # "2. Thu 26 Nov, 12:30-13:30 - YES": the answer typed after meetup's own option line
            current, adjacent, last_quoted = _listed(line.lstrip("> \t"), parts), True, index
            under.append((marked[0], marked[1], True, index))
            continue
        if stripped.startswith(">") or (in_original and _ours(line, sent)):
            number = _listed(line.lstrip("> \t"), parts)
            if number is not None:
                current, adjacent = number, True
            elif stripped.strip("> "):
                current = None
            last_quoted = index
            continue
        if in_original and not stripped:  # a blank line of the quoted original
            continue
        if any(p.match(line) for p in _ATTRIBUTION) or _introduces_quote(lines, index):
            if fresh and _WRAPPED_START.match(fresh[-1]) and not _WRAPPED_START.match(line):
                fresh.pop()
            # Yahoo and some webmails put the original under the attribution without ">"
            following = next((x for x in lines[index:] if x.strip()), ">")
            if not following.lstrip().startswith(">"):
                in_original, current = True, None
            continue
        if _ORIGINAL.match(line):
            in_original, current = True, None
            continue
        if _HEADER_START.match(line) and any(_HEADER_KEY.match(x) for x in lines[index : index + 4]):
            in_original, current = True, None
            while index < len(lines) and lines[index].strip():  # the rest of the header block
                index += 1
            continue
        if in_original and _HEADER_KEY.match(line):
            continue
        if _SENT_FROM.match(line):
            continue
        if not stripped:
            adjacent = False
            if not in_original:
                fresh.append("")
            continue
        if len(stripped) >= 30 and _ours(line, sent) and not _LISTED.match(stripped):
            continue  # a sentence meetup wrote, quoted without any marker
        if current is not None:
            under.append((current, stripped, adjacent, index))
            continue
        if in_original:  # not meetup's and not under an option: the client's or another message's
            continue
        fresh.append(line)
    # Under an option means right under it, or between it and more of the quote; text after the
    # whole quote, a blank line away, is an answer written below the quote.
    for number, written, right_under, at in under:
        if right_under or at < last_quoted:
            parts.inline[number] = (parts.inline.get(number, "") + "\n" + written).strip()
        else:
            fresh.append(written)
    parts.fresh = _without_sign_off(fresh)
    from meetup.answers.phrases import FORWARD

    parts.forwarded = bool(FORWARD.search(fold(text)))
    return parts


def _marked(line: str, offered: dict[str, int]) -> tuple[int, str] | None:
    """An option line meetup sent with the friend's answer typed after it on the same line."""
    key = _key(line.lstrip("> \t"))
    for option, number in offered.items():
        if key.startswith(option) and (mark := key[len(option) :].strip(" -:|<=>*")):
            return number, mark
    return None


def _introduces_quote(lines: list[str], after: int) -> bool:
    """A line ending in ":" with an address or a date in it, right before ">" lines: a quote
    attribution in a wording not listed above (its date is never an answer)."""
    line = lines[after - 1].rstrip()
    if not line.endswith(":") or not re.search(r"@|\d{1,2}[:.]\d\d|20\d\d", line):
        return False
    following = next((x for x in lines[after:] if x.strip()), "")
    return following.lstrip().startswith(">")


def _listed(line: str, parts: Parts) -> int | None:
    match = _LISTED.match(line)
    if match is None:
        return None
    number = int(match.group(1))
    if number not in parts.listed:
        parts.listed.append(number)
    return number


def _without_sign_off(lines: list[str]) -> str:
    """A sign-off ("Best,", "Viele Grüße", "Cordialement") followed by a name, or by nothing,
    ends what the friend wrote; what follows is their signature."""
    for index, line in enumerate(lines):
        if not _SIGN_OFF.match(line) or index == 0:
            continue
        rest = [x for x in lines[index + 1 :] if x.strip()]
        if not rest or _NAME_LINE.match(rest[0]):
            return "\n".join(lines[:index]).strip()
    return "\n".join(_without_signature_block(lines)).strip()


_SIGNATURE_LINE = re.compile(
    r"(\d[\d ()/.+-]{6,}\d|@|https?://|www\.|\b\d{4,5}\b|\w(str\.|stra(ß|ss)e|weg|platz|allee|gasse)(?!\w)|"
    r"\b(str\.|stra(ß|ss)e|street|st\.|road|rd\.|avenue|ave\.?|"
    r"lane|calle|c/|avda\.?|rue|boulevard|bd\.?|platz|weg|allee|gasse|suite|floor|etage|stock|piso|"
    r"gmbh|ltd|inc|llc|s\.a\.|s\.l\.|sarl|sas|ag|tel|phone|mobile|mob|fax|handy)(?!\w))",
    re.IGNORECASE,
)


def _without_signature_block(lines: list[str]) -> list[str]:
    """A block of name, address, phone, company or web lines ending the message (a signature
    without "-- " or a sign-off) is not part of the answer: its numbers are never options."""
    lines = _without_named_block(lines)
    content = [i for i, line in enumerate(lines) if line.strip()]
    end = len(lines)
    for i in reversed(content[1:]):
        line = lines[i].strip()
        if _SIGNATURE_LINE.search(line) or (_NAME_LINE.match(line) and len(line.split()) <= 3):
            end = i
            continue
        break
    block = [x for x in lines[end:] if x.strip()]
    if (
        block
        and not HEDGE.search(fold(" ".join(block)))
        and (
            any(_SIGNATURE_LINE.search(x) for x in block) or (len(block) <= 2 and not lines[end - 1].strip())
        )
    ):
        return lines[:end]
    return lines


_CONTACT = re.compile(r"\d[\d ()/.+-]{6,}\d|@|https?://|www\.")


def _without_named_block(lines: list[str]) -> list[str]:
    """A signature that opens with the name, a blank line after the answer, and holds a phone
    number, address or web line further down, whatever else it says (a job title, office hours,
    "OOO Dec 24 - Jan 2"): its days and numbers are never the answer."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    for i in content[1:]:
        rest = [x for x in lines[i:] if x.strip()]
        if (
            not lines[i - 1].strip()
            and _NAME_LINE.match(lines[i])
            and len(lines[i].split()) <= 3
            and len(rest) <= 8
            and any(_CONTACT.search(x) for x in rest[1:])
            and not HEDGE.search(fold(" ".join(rest)))  # "Unless Anna / calls me on 0176 ...": kept
        ):
            return lines[:i]
    return lines
