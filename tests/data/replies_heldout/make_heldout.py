"""Writes the held-out reply corpus: answers written without looking at the reader's phrase lists.

Run ``python tests/data/replies_heldout/make_heldout.py`` to regenerate ``*.eml`` and
``expected.toml``. The corpus in ``tests/data/replies`` was written alongside the reader; these
replies were written afterwards, as people write them, to measure how the reader does on mail it
was not built from. The invite and the nudge are meetup's own composer texts (four options, two of
them on one Saturday; the nudge offers 5-7 and says the first ones are gone), and the replies come
from more clients than the first corpus: Outlook desktop's ``-----Original Message-----`` block,
Outlook for Mac's ``From:/Date:`` block, Samsung's ``-------- Original message --------``, Yahoo
and GMX/web.de (their plain text quotes nothing), Proton, HTML-only webmail.

Expected outcomes, as a person reading the mail would decide:
  yes:N / yes:N+q   option N (and a question shown to the user)
  no                declined
  later / later:DATE
  user              a person would not act on it alone: hedge, condition, counter-proposal,
                    question, two options, an option that was not offered
  away / away:DATE  an automatic reply, never an answer
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
BERLIN = ZoneInfo("Europe/Berlin")
DOMAIN = "example.org"

_spec = importlib.util.spec_from_file_location("make_corpus_base", HERE.parent / "replies" / "make_corpus.py")
assert _spec is not None and _spec.loader is not None
base = importlib.util.module_from_spec(_spec)
sys.modules["make_corpus_base"] = base
_spec.loader.exec_module(base)

INVITE_SENT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # Fri 10:00 Berlin
NUDGE_SENT = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)  # Fri 09:00 Berlin
#: when `meetup inbox` reads a reply to the invite (Mon 23 Nov) and to the nudge (Fri 27 Nov)
READ_AT = {
    "fresh": datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
    "nudged": datetime(2026, 11, 27, 16, 0, tzinfo=UTC),
}


_at = base._at

OPTIONS = {
    1: _at(24, 11, 18),  # Tue 24 Nov 18:00
    2: _at(26, 11, 12, 30),  # Thu 26 Nov 12:30
    3: _at(28, 11, 10),  # Sat 28 Nov 10:00
    4: _at(28, 11, 15),  # Sat 28 Nov 15:00
    5: _at(30, 11, 19),  # Mon 30 Nov 19:00
    6: _at(2, 12, 12, 30),  # Wed 2 Dec 12:30
    7: _at(4, 12, 18),  # Fri 4 Dec 18:00
}
#: what is still offered when the reply is read: the nudge said the first times are gone
OFFERED = {"fresh": (1, 2, 3, 4), "nudged": (5, 6, 7)}

SUBJECT = "A coffee sometime?"
#: meetup's composer, word for word (InviteContext seed 7, coffee, Sam Keller to the friend)
INVITE = (
    "Hi {first},\n\nIt would be lovely to see how you're doing. Fancy a coffee?\n\nI could do any of these:\n"
    "1. Tue 24 Nov, 18:00-19:00\n2. Thu 26 Nov, 12:30-13:30\n3. Sat 28 Nov, 10:00-11:00\n"
    "4. Sat 28 Nov, 15:00-16:00\n\nJust reply with the number that works for you. If the timing's bad, "
    "say so, no pressure.\n\nBest,\nSam\n"
)
NUDGE = (
    "Hey there {first}!\n\nNo pressure, but I'd still love to catch up.\n\nThose first times are no longer "
    "free.\n\nI could also do:\n5. Mon 30 Nov, 19:00-20:00\n6. Wed 2 Dec, 12:30-13:30\n7. Fri 4 Dec, "
    "18:00-19:00\n\nJust send me the number that suits you.\n\nSee you soon,\nSam\n"
)


def invite_text(first: str) -> str:
    return INVITE.format(first=first)


def nudge_text(first: str) -> str:
    return NUDGE.format(first=first)


def message_id(n: int, kind: str) -> str:
    return f"<meetup.h{n}.{kind}.1.{hashlib.sha1(f'h{n}{kind}'.encode()).hexdigest()[:8]}@{DOMAIN}>"


@dataclass
class Case:
    client: str
    lang: str
    invite: str  # fresh | nudged
    fresh: str  # what the friend wrote (signature included)
    expect: str
    note: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    subject: str | None = None
    #: a complete body instead of fresh + the client's quote ({quote_*} placeholders filled)
    body: str | None = None
    #: "plain" (text/plain only), "alt" (the client's usual), "html" (text/html only), "report"
    shape: str | None = None
    category: str = ""
    #: 1: written before the reader was fixed from it; 2: written after those fixes
    batch: int = 1


C = Case
F, N = "fresh", "nudged"

CASES: list[Case] = []


def cat(name: str, *cases: Case) -> None:
    for c in cases:
        c.category = c.category or name
        CASES.append(c)


# ------------------------------------------------------------------ yes to one option (English)
cat(
    "yes",
    C("gmail", "en", F, "tomorrow works for me", "yes:1", "relative day"),
    C("iphone", "en", F, "Tomorrow evening is perfect!", "yes:1", "relative day and part of day"),
    C("outlook", "en", F, "The Thursday one please", "yes:2", "the WEEKDAY one"),
    C("apple", "en", F, "the later one on Sat works best for me", "yes:4", "the later one on a day"),
    C("thunderbird", "en", F, "The earlier Saturday slot works.", "yes:3", "the earlier slot on a day"),
    C("gmail", "en", F, "Saturday afternoon please!", "yes:4", "part of day picks between two"),
    C("samsung", "en", F, "Saturday morning, 10am", "yes:3"),
    C("yahoo", "en", F, "Sat at 3 works", "yes:4", "bare hour picks the afternoon slot"),
    C("iphone", "en", F, "Number 2 \U0001f44d", "yes:2"),
    C("outlook-desktop", "en", F, "2nd option is good", "yes:2"),
    C("gmail", "en", F, "I'll take the third", "yes:3"),
    C("proton", "en", F, "Lunch on Thursday sounds perfect", "yes:2"),
    C("apple", "en", F, "Thu 26th, 12:30 - see you there", "yes:2"),
    C("outlook-mac", "en", F, "12:30 on the 26th works for me!", "yes:2"),
    C("gmail", "en", F, "Happy with #4", "yes:4"),
    C("outlook", "en", F, "ok 3", "yes:3"),
    C("android", "en", F, "Yes please - the 24th!", "yes:1"),
    C("iphone", "en", F, "Sounds good, see you Tuesday at 6", "yes:1"),
    C("gmx", "en", F, "Perfect, Thursday it is", "yes:2"),
    C("html", "en", F, "The 15:00 slot on Saturday works", "yes:4"),
    C("gmail", "en", F, "Tues is great", "yes:1"),
    C("iphone", "en", F, "Yes! 2 :)", "yes:2"),
    C("samsung", "en", F, "I'm in for Thursday lunch", "yes:2"),
    C("android", "en", F, "thursday works!! see u then x", "yes:2"),
    C("thunderbird", "en", F, "Let's go with 4.", "yes:4"),
    C("gmail", "en", F, "18:00 works", "yes:1", "a time of one option"),
    C("apple", "en", F, "12.30 is perfect", "yes:2", "a time with a dot"),
    C("yahoo", "en", F, "3pm on Saturday!", "yes:4"),
    C("outlook", "en", F, "This Saturday, the afternoon one", "yes:4"),
    C("gmail", "en", F, "Can't wait! Thursday it is", "yes:2", "can't as joy"),
    C("iphone", "en", F, "No problem, 3 works", "yes:3", "no problem is not a no"),
    C("gmail", "en", F, "Sorry for the late reply! Tuesday works", "yes:1", "sorry is not a no"),
    C(
        "outlook-desktop",
        "en",
        F,
        "Thursday doesn't work, but Saturday morning does",
        "yes:3",
        "no to one, yes to one",
    ),
    C("gmail", "en", F, "Not Tuesday, but Thursday is fine", "yes:2"),
    C("html", "en", F, "Thursday works! Should I book a table somewhere?", "yes:2+q"),
    C("android", "en", F, "Option 1 is perfect. Same place as last time?", "yes:1+q"),
    C(
        "gmail",
        "en",
        F,
        "Thanks for your email! Sorry, I was out of office last week. Thursday works.",
        "yes:2",
        "a person mentioning their absence",
    ),
    C("iphone", "en", F, "Back from holiday now - Saturday morning works!", "yes:3", "back from holiday"),
    C(
        "outlook",
        "en",
        F,
        "I'm away until Wednesday but Saturday afternoon works",
        "yes:4",
        "away, yet a yes",
    ),
    # nudged: today is Fri 27 Nov, the nudge offers 5-7
    C("gmail", "en", N, "Monday works", "yes:5"),
    C("iphone", "en", N, "Wednesday lunch then!", "yes:6"),
    C("outlook", "en", N, "the Friday one please", "yes:7"),
    C("samsung", "en", N, "6 is great", "yes:6"),
    C("apple", "en", N, "next Wednesday works", "yes:6"),
    C("gmail", "en", N, "The last one", "yes:7"),
    C("thunderbird", "en", N, "The first one works", "yes:5", "first of the nudge's list"),
    C("outlook-mac", "en", N, "2nd December works", "yes:6", "a date"),
    C("yahoo", "en", N, "Dec 4 at 6pm", "yes:7"),
)

# ------------------------------------------------------------------ signatures with dates and numbers
cat(
    "signature",
    C(
        "outlook",
        "en",
        F,
        "3 please!\n\nJo Baker\nHead of Operations | Northwind Traders\nM: +49 151 2345 6789\n"
        "Office hours: Mon-Thu 9-17\nOOO Dec 24 - Jan 2",
        "yes:3",
        "signature with weekdays, hours and dates",
    ),
    C(
        "gmail",
        "en",
        F,
        "Thursday works.\n\n--\nDr. Anna Rossi\nTel. +49 30 1234567\nSprechzeiten: Di + Do 10-12 Uhr",
        "yes:2",
        "German signature with office days",
    ),
    C(
        "outlook-desktop",
        "en",
        F,
        "Count me in for the 1st option\n\nKind regards\nMia\n\nThis email and any attachments are "
        "confidential. If you have received it in error, please notify the sender immediately and delete it. "
        "Registered in England No. 01234567, 4 Station Road, Leeds LS1 4DY",
        "yes:1",
        "disclaimer with numbers",
    ),
    C("thunderbird", "en", F, "No sorry, can't make it.\n\n-- \nBen | 2 Main Street | open Sat 10-14", "no"),
    C("iphone", "en", F, "tuesday \U0001f44d\n\nSent from Yahoo Mail for iPhone", "yes:1"),
    C(
        "html",
        "en",
        F,
        "Saturday 10 works\n\nCheers,\nTom\nTom Nguyen | Photographer\nStudio: Sat & Sun 12:00-18:00\n"
        "+44 7700 900456",
        "yes:3",
        "signature naming weekend hours",
    ),
    C(
        "gmail",
        "de",
        F,
        "Donnerstag passt!\n\nViele Grüße\nLena\n\n--\nLena Weber\nPraxis für Physiotherapie\n"
        "Mo-Fr 8-18 Uhr, Sa 9-12 Uhr\nTel. 030 12345678",
        "yes:2",
    ),
    C(
        "outlook",
        "fr",
        F,
        "Le 4 me va très bien.\n\nBien à vous,\nInès Lefèvre\nFermé le mardi - 12 rue de la Paix, 75002 Paris",
        "yes:4",
    ),
)

# ------------------------------------------------------------------ no
cat(
    "no",
    C("gmail", "en", F, "Sorry, none of those work for me.", "no"),
    C("iphone", "en", F, "I can't make any of them, sorry!", "no"),
    C("outlook", "en", F, "Not this time I'm afraid.", "no"),
    C("samsung", "en", F, "I'll have to pass, sorry", "no"),
    C("apple", "en", F, "Sadly none of these dates work.", "no"),
    C("yahoo", "en", F, "No can do, sorry!", "no"),
    C("outlook-desktop", "en", F, "I'm going to have to say no this time.", "no"),
    C("gmail", "en", N, "Still no luck I'm afraid, none of those work either", "no"),
    C("proton", "en", F, "Sorry, can't do any of these", "no"),
    C("html", "en", F, "Thanks for thinking of me but I can't do any of these", "no"),
    C("gmx", "de", F, "Leider klappt keiner der Termine.", "no"),
    C("outlook", "de", F, "Sorry, ich kann leider nicht.", "no"),
    C("iphone", "de", F, "Diesmal muss ich passen.", "no"),
    C("gmail", "es", F, "Lo siento, no puedo ninguno de esos días", "no"),
    C("android", "es", F, "Imposible esta semana, lo siento", "no", "all options are this week"),
    C("apple", "fr", F, "Désolé, aucune date ne me convient", "no"),
    C("outlook-desktop", "fr", F, "Je ne pourrai pas, désolée", "no"),
    C("html", "de", F, "Leider kann ich an keinem der Termine.", "no"),
)

# ------------------------------------------------------------------ later
cat(
    "later",
    C("gmail", "en", F, "Super busy right now - can we try again in January?", "later:2027-01-01"),
    C("iphone", "en", F, "Let's take a rain check, ping me in a couple of weeks", "later:2026-12-07"),
    C("outlook", "en", F, "Rain check? Things are hectic at the moment.", "later"),
    C("apple", "en", F, "Not right now, but let's definitely do it another time!", "later"),
    C("samsung", "en", F, "Could we do it in December instead?", "later:2026-12-01"),
    C("thunderbird", "en", F, "ask me again in 3 weeks", "later:2026-12-14"),
    C("gmail", "de", F, "Lass uns das im Januar machen", "later:2027-01-01"),
    C("gmx", "de", F, "Momentan ist es schlecht, meld dich in zwei Wochen nochmal", "later:2026-12-07"),
    C("gmail", "es", F, "Mejor en enero", "later:2027-01-01"),
    C("outlook", "fr", F, "On remet ça à janvier ?", "later:2027-01-01"),
)

# ------------------------------------------------------------------ hedges and conditions: to the user
cat(
    "hedge",
    C("iphone", "en", F, "maybe Thursday? let me check", "user"),
    C("gmail", "en", F, "Thursday could work, I'll confirm tomorrow", "user"),
    C("android", "en", F, "probably the 2nd", "user"),
    C("outlook", "en", F, "Tuesday might work, need to check with my partner", "user"),
    C("apple", "en", F, "I think 3 should be ok but not 100% sure yet", "user"),
    C("yahoo", "en", F, "Possibly Saturday morning, will let you know", "user"),
    C("gmail", "en", F, "Let me look at my calendar and get back to you", "user"),
    C("samsung", "en", F, "Tentatively 4?", "user"),
    C("outlook-desktop", "en", F, "Pencil me in for Thursday, but I might have to cancel", "user"),
    C("iphone", "en", F, "Thursday should be fine, just waiting to hear about a work thing", "user"),
    C("gmail", "de", F, "Vielleicht Donnerstag, ich sag dir morgen Bescheid", "user"),
    C("outlook", "de", F, "Donnerstag könnte klappen, muss aber noch schauen", "user"),
    C("gmail", "es", F, "Quizás el jueves, te confirmo mañana", "user"),
    C("apple", "fr", F, "Peut-être jeudi, je te redis", "user"),
    C("gmail", "en", N, "Wednesday probably, I'll let you know by Monday", "user"),
)
cat(
    "condition",
    C("gmail", "en", F, "Thursday, if it's not raining", "user"),
    C("outlook", "en", F, "2 works if we can make it 13:00 instead", "user"),
    C("iphone", "en", F, "1 works as long as I can leave by 7", "user"),
    C("apple", "en", F, "I can do Saturday morning if you're OK with me bringing the kids", "user"),
    C("gmail", "de", F, "Samstag früh passt, falls ich bis dahin wieder gesund bin", "user"),
    C("outlook", "fr", F, "Jeudi, si je ne suis pas en déplacement", "user"),
    C("gmail", "es", F, "El sábado por la mañana, siempre que no llueva", "user"),
)

# ------------------------------------------------------------------ counter-proposals and questions
cat(
    "counter",
    C("gmail", "en", F, "none of these, but Friday?", "user"),
    C("iphone", "en", F, "Can't do those, how about Sunday?", "user"),
    C("outlook", "en", F, "Wednesday would be better for me", "user"),
    C("android", "en", F, "Thursday works but could we do 1pm?", "user"),
    C("apple", "en", F, "What about the 1st of December?", "user"),
    C("gmail", "en", F, "Any chance of Thursday evening instead of lunch?", "user"),
    C("samsung", "en", N, "How about this Sunday?", "user"),
    C("gmail", "en", F, "the day after tomorrow?", "user", "Wednesday was not offered"),
    C("gmx", "de", F, "Geht auch Freitag?", "user"),
    C("gmail", "es", F, "¿Y el viernes?", "user"),
    C("outlook", "fr", F, "Et vendredi ?", "user"),
)
cat(
    "question",
    C("gmail", "en", F, "is 2 still free?", "user"),
    C("iphone", "en", F, "Are you still free on Saturday morning?", "user"),
    C("outlook", "en", F, "Which café were you thinking? Then I'll pick a time", "user"),
    C("apple", "en", F, "What time zone are these in?", "user"),
    C("gmail", "es", F, "¿Sigue libre el sábado a las 10?", "user"),
)

# ------------------------------------------------------------------ several options, or none in particular
cat(
    "several",
    C("gmail", "en", F, "1 or 3 both fine", "user"),
    C("iphone", "en", F, "Either Thursday or Saturday morning works", "user"),
    C("outlook", "en", F, "Any of them works for me!", "user"),
    C("apple", "en", F, "Tuesday or Thursday, you choose", "user"),
    C("samsung", "en", F, "Both Saturday slots work", "user"),
    C("yahoo", "en", F, "3 and 4 are both good", "user"),
    C("gmail", "en", F, "Yes!", "user", "yes to no option"),
    C("iphone", "en", F, "Sounds great, I'm in!", "user", "yes to no option"),
    C("outlook", "en", F, "Anything but Saturday", "user"),
    C("gmail", "en", F, "Tuesday's no good, sorry", "user", "no to one option only"),
    C("apple", "en", F, "I can't do Thursday", "user", "no to one option only"),
    C("gmail", "de", F, "1 oder 3, beides ok", "user"),
    C("outlook", "es", F, "El 1 o el 2, me da igual", "user"),
)

# ------------------------------------------------------------------ numbers or days that are not offered
cat(
    "not offered",
    C("gmail", "en", F, "5 works", "user", "only 1-4 were offered"),
    C("iphone", "en", N, "2 works for me", "user", "2 is gone: the nudge said so"),
    C("outlook", "en", N, "Tuesday works!", "user", "no Tuesday in the nudge"),
    C("gmail", "en", N, "Thursday lunch still works", "user", "the Thursday option is past"),
    C("apple", "en", F, "Number 8 please", "user"),
)

# ------------------------------------------------------------------ German, Spanish, French yes
cat(
    "yes",
    C("gmail", "de", F, "Donnerstag passt mir gut", "yes:2"),
    C("iphone", "de", F, "Die 3 bitte!", "yes:3"),
    C("outlook", "de", F, "Morgen Abend passt!", "yes:1"),
    C("gmx", "de", F, "Samstag Nachmittag wäre super", "yes:4"),
    C("samsung", "de", F, "Gerne am Dienstag um 18 Uhr", "yes:1"),
    C("outlook-desktop", "de", F, "Nr. 2 passt", "yes:2"),
    C("apple", "de", F, "Den zweiten Termin nehme ich", "yes:2"),
    C("gmail", "de", F, "Am 26. passt es", "yes:2"),
    C("outlook-mac", "de", N, "Mittwoch passt!", "yes:6"),
    C("iphone", "de", N, "Nächsten Montag gerne", "yes:5"),
    C("gmail", "es", F, "El jueves me viene genial", "yes:2"),
    C("iphone", "es", F, "Mañana por la tarde perfecto", "yes:1", "mañana = tomorrow"),
    C("outlook", "es", F, "La 4, porfa", "yes:4"),
    C("samsung", "es", F, "El sábado por la mañana", "yes:3"),
    C("outlook-desktop", "es", F, "La primera opción me va bien", "yes:1"),
    C("gmail", "es", N, "El miércoles 2 perfecto", "yes:6"),
    C("gmail", "fr", F, "Jeudi midi, parfait !", "yes:2"),
    C("iphone", "fr", F, "Demain soir ça me va", "yes:1"),
    C("outlook", "fr", F, "Le 3 me convient", "yes:3"),
    C("samsung", "fr", F, "Samedi après-midi plutôt", "yes:4"),
    C("apple", "fr", N, "Vendredi 4 c'est bon", "yes:7"),
    C("outlook-desktop", "fr", F, "La deuxième option", "yes:2"),
)

# ------------------------------------------------------------------ answers between the quoted options
_GMAIL_INLINE = """Answers inline :)

On Fri, Nov 20, 2026 at 10:00 AM Sam Keller <sam@example.org> wrote:

> Hi {first},
>
> It would be lovely to see how you're doing. Fancy a coffee?
>
> I could do any of these:
> 1. Tue 24 Nov, 18:00-19:00
{a1}
> 2. Thu 26 Nov, 12:30-13:30
{a2}
> 3. Sat 28 Nov, 10:00-11:00
{a3}
> 4. Sat 28 Nov, 15:00-16:00
{a4}
>
> Just reply with the number that works for you. If the timing's bad, say so, no pressure.
>
> Best,
> Sam
"""
_OUTLOOK_INLINE = """See my notes below.

-----Original Message-----
From: Sam Keller <sam@example.org>
Sent: Friday, November 20, 2026 10:00 AM
To: {first} <{email}>
Subject: A coffee sometime?

Hi {first},

It would be lovely to see how you're doing. Fancy a coffee?

I could do any of these:
1. Tue 24 Nov, 18:00-19:00 {a1}
2. Thu 26 Nov, 12:30-13:30 {a2}
3. Sat 28 Nov, 10:00-11:00 {a3}
4. Sat 28 Nov, 15:00-16:00 {a4}

Just reply with the number that works for you. If the timing's bad, say so, no pressure.

Best,
Sam
"""


def inline(template: str, answers: tuple[str, str, str, str]) -> str:
    return (
        template.replace("{a1}", answers[0])
        .replace("{a2}", answers[1])
        .replace("{a3}", answers[2])
        .replace("{a4}", answers[3])
    )


cat(
    "inline",
    C("gmail", "en", F, "", "yes:2", "between > quoted options",
      body=inline(_GMAIL_INLINE, ("no, working late", "yes, perfect!", "away", "away"))),
    C("gmail", "en", F, "", "user", "two yeses between the options",
      body=inline(_GMAIL_INLINE, ("", "works", "", "works too"))),
    C("outlook-desktop", "en", F, "", "yes:4", "Outlook, unquoted, marks after the options",
      body=inline(_OUTLOOK_INLINE, ("- no", "- no", "- no", "- YES"))),
)  # fmt: skip

# ------------------------------------------------------------------ automatic replies
AUTO_HEADERS = [("Auto-Submitted", "auto-replied")]
EXCHANGE = [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]
cat(
    "automatic",
    C("outlook", "en", F, "I'm out of the office until Monday 30 November with limited access to email.",
      "away:2026-11-30", "Exchange OOO", headers=EXCHANGE, subject="Automatic reply: A coffee sometime?",
      shape="plain"),
    C("outlook", "de", F, "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 4. Dezember nicht im "
      "Büro. In dringenden Fällen wenden Sie sich bitte an meine Kollegin Frau Fischer.",
      "away:2026-12-04", "Exchange OOO", headers=EXCHANGE,
      subject="Automatische Antwort: A coffee sometime?", shape="plain"),
    C("gmail", "es", F, "Hola, estoy de vacaciones hasta el 7 de diciembre sin acceso al correo. Para temas "
      "urgentes, escribid a oficina@example.es.", "away:2026-12-07", "no auto headers",
      subject="Re: A coffee sometime?", shape="plain"),
    C("outlook", "fr", F, "Bonjour,\n\nJe suis absente du bureau jusqu'au lundi 30 novembre inclus.\n\n"
      "Cordialement", "away:2026-11-30", headers=EXCHANGE,
      subject="Réponse automatique : A coffee sometime?", shape="plain"),
    C("gmail", "en", F, "Hi! I'm on parental leave until March and only checking email occasionally. If it's "
      "urgent, please contact my colleague Tom at tom@example.com. Thanks!", "away:2027-03-01",
      "parental leave, no auto headers", subject="Re: A coffee sometime?", shape="plain"),
    C("gmail", "en", F, "Thanks for your message. I'm travelling with limited connectivity until December "
      "1st. I'll reply when I'm back.", "away:2026-12-01", "vacation responder, own subject",
      subject="Away until Dec 1", shape="plain"),
    C("outlook", "en", F, "I'm out of the office until Thursday, 26 November. I'll respond to your message "
      "when I return. For urgent matters please call +44 20 7946 0000.", "away:2026-11-26",
      "names Thursday, an offered day", headers=EXCHANGE, subject="Out of Office: A coffee sometime?",
      shape="plain"),
    C("gmail", "en", F, "Thank you for your email. I no longer work at Acme Ltd. Please contact "
      "info@acme.example for anything else.", "away", "left the company", headers=AUTO_HEADERS,
      subject="Automatic reply: A coffee sometime?", shape="plain"),
    C("html", "en", F, "This mailbox is not monitored. Please do not reply to this message.", "away",
      "no-reply mailbox", headers=[("Precedence", "bulk")], subject="Re: A coffee sometime?", shape="html"),
    C("gmail", "en", F, "Hey! I'm away hiking until Sunday with no signal \U0001f3d4\ufe0f I'll get back to you "
      "when I'm back.\n\n- Lena", "away:2026-11-29", "human-sounding responder, no headers",
      subject="Re: A coffee sometime?", shape="plain"),
    C("outlook", "de", F, "Ich bin vom 23.11. bis 1.12. im Urlaub. In dringenden Fällen wenden Sie sich "
      "bitte an Herrn Schäfer.", "away:2026-12-01", subject="Abwesenheitsnotiz: A coffee sometime?",
      shape="plain"),
    C("outlook", "es", F, "Gracias por su correo. Estaré fuera de la oficina hasta el lunes 30 de noviembre.",
      "away:2026-11-30", headers=EXCHANGE, subject="Respuesta automática: A coffee sometime?", shape="plain"),
    C("outlook", "fr", F, "Bonjour, je suis en congé jusqu'au 2 décembre. Je traiterai votre message à mon "
      "retour.", "away:2026-12-02", subject="Absence du bureau", shape="plain"),
    C("gmail", "es", F, "Estoy de baja por maternidad hasta febrero. Un abrazo.", "away:2027-02-01",
      "maternity leave, no headers", subject="Re: A coffee sometime?", shape="plain"),
    C("gmail", "de", F, "Hallo! Ich bin bis 6.12. im Urlaub und lese keine Mails.\n\nLiebe Grüße,\nJonas",
      "away:2026-12-06", "informal responder, no headers", subject="Re: A coffee sometime?", shape="plain"),
    C("gmail", "fr", F, "Je suis en vacances jusqu'au 30/11, je te réponds à mon retour !", "away:2026-11-30",
      "informal responder, no headers", subject="Re: A coffee sometime?", shape="plain"),
    C("gmail", "en", F, "Thanks for your email! I'm currently on sabbatical until January 2027 and will "
      "respond after that.", "away:2027-01-01", subject="Re: A coffee sometime?", shape="plain"),
    C("gmail", "en", F, "Thanks for your email - I'm out of the office until 1 December. Yes, I do read "
      "mail occasionally, but expect a delay.", "away:2026-12-01", "a responder with a yes in it",
      headers=AUTO_HEADERS, subject="Re: A coffee sometime?", shape="plain"),
    C("html", "en", F, "##- Please type your reply above this line -##\n\nYour request (#48213) has been "
      "received and is being reviewed by our support staff.\n\nTo add additional comments, reply to this "
      "email.", "away", "ticket system", headers=[("X-Mailer", "Zendesk Mailer")],
      subject="[Support] Re: A coffee sometime?", shape="html"),
    C("html", "en", F, "Thank you for contacting us. This is an automated response confirming the receipt "
      "of your ticket. Our team will get back to you as soon as possible.\n\nTicket #2231", "away",
      "ticket system, no auto headers", subject="Ticket Received - A coffee sometime?", shape="html"),
    C("gmail", "en", F, "Your message to Climbing-Club awaits moderator approval\n\nThe reason it is being "
      "held: Post by non-member to a members-only list.\n\nEither the message will get posted to the list, "
      "or you will receive notification of the moderator's decision.", "away", "mailing-list moderation",
      headers=[("Precedence", "bulk"), ("X-Mailman-Version", "2.1.39")],
      subject="Your message to Climbing-Club awaits moderator approval", shape="plain"),
    C("gmail", "en", F, "This is an automatically generated Delivery Status Notification.\n\nTHIS IS A "
      "WARNING MESSAGE ONLY.\n\nYOU DO NOT NEED TO RESEND YOUR MESSAGE.\n\nDelivery to the following "
      "recipients has been delayed:\n\n     jo@example.com", "away", "delay notice without a report part",
      subject="Delivery Status Notification (Delay)", shape="plain"),
    C("gmail", "en", F, "This is the mail system at host mx.example.com.\n\nI'm sorry to have to inform you "
      "that your message could not be delivered to one or more recipients.\n\n<list@example.com>: host "
      "mx.example.com said: 550 5.1.1 User unknown", "away", "list bounce with the invite attached",
      subject="Undelivered Mail Returned to Sender", shape="report"),
    C("outlook", "en", F, "Your message\n\n  To: Jo Baker\n  Subject: A coffee sometime?\n  Sent: Friday, "
      "November 20, 2026 10:00 AM\n\nwas read on Monday, November 23, 2026 2:02 PM.", "away",
      "read receipt", subject="Read: A coffee sometime?", shape="mdn"),
    C("outlook", "en", F, "Your message\n\n  To: Jo Baker\n  Subject: A coffee sometime?\n\nwas delivered "
      "to the following recipient(s):\n\nJo Baker on 20/11/2026 10:00", "away", "delivery receipt",
      subject="Delivered: A coffee sometime?", shape="dsn"),
)  # fmt: skip

# ------------------------------------------------------------------ languages the reader does not claim
cat(
    "other language",
    C("gmail", "it", F, "Purtroppo non posso, né il 2 né il 3", "no", "Italian no naming two numbers"),
    C("iphone", "pt", F, "Não posso no dia 26, desculpa", "user", "Portuguese: no to one day only"),
    C("gmail", "it", F, "Giovedì va benissimo!", "yes:2", "Italian yes"),
)


# ================================================================== batch 2
# Written after the reader was fixed from batch 1, to measure whether the fixes hold for the
# categories rather than for batch 1's examples.


def batch2(name: str, *cases: Case) -> None:
    for c in cases:
        c.batch = 2
    cat(name, *cases)


batch2(
    "yes",
    C("gmail", "en", F, "Tuesday evening suits me fine", "yes:1"),
    C("iphone", "en", F, "Thursday 12:30 \U0001f44c", "yes:2"),
    C("samsung", "en", F, "sat 10 am pls", "yes:3"),
    C("outlook", "en", F, "Go for the 28th in the morning", "yes:3"),
    C("yahoo", "en", F, "Option two", "yes:2"),
    C("apple", "en", F, "The second one sounds good", "yes:2"),
    C("android", "en", F, "Tues 24th 6pm - done!", "yes:1"),
    C("gmail", "en", F, "Let's lock in Thursday", "yes:2"),
    C("outlook-mac", "en", F, "Thursday is ideal", "yes:2"),
    C("proton", "en", F, "Sat morning would be perfect", "yes:3"),
    C("iphone", "en", F, "4 \U0001f44d\U0001f44d", "yes:4"),
    C("thunderbird", "en", F, "works for me: number 1", "yes:1"),
    C("gmx", "en", F, "I'd go with 3", "yes:3"),
    C("html", "en", F, "Saturday 3pm, see you then!", "yes:4"),
    C("gmail", "en", F, "Yes to Thursday!", "yes:2"),
    C("iphone", "en", F, "tomorrow night is good", "yes:1"),
    C("gmail", "en", F, "Thanks for your email! Just back from holidays. Thursday suits me.", "yes:2"),
    C("outlook", "en", F, "Sorry, I'm on holiday until Friday so can't do Tuesday or Thursday - Saturday "
      "afternoon though!", "yes:4", "no to two, yes to one"),
    C("gmx", "de", F, "Dienstag um 18 Uhr klappt", "yes:1"),
    C("outlook-desktop", "de", F, "Ich nehme Donnerstag", "yes:2"),
    C("iphone", "de", F, "Samstag Vormittag wäre toll", "yes:3"),
    C("gmail", "de", F, "Gern die 4", "yes:4"),
    C("samsung", "de", F, "Morgen um sechs passt", "yes:1"),
    C("gmail", "es", F, "El martes a las 18h perfecto", "yes:1"),
    C("outlook", "es", F, "Me quedo con el jueves", "yes:2"),
    C("iphone", "es", F, "Mejor el sábado a las 15", "yes:4"),
    C("gmail", "fr", F, "Je prends le mardi", "yes:1"),
    C("outlook-desktop", "fr", F, "Jeudi ça me convient parfaitement", "yes:2"),
    C("apple", "fr", F, "Samedi 10h, c'est noté !", "yes:3"),
    C("gmail", "en", N, "Monday 30th works", "yes:5"),
    C("outlook", "fr", N, "Le mercredi 2 décembre", "yes:6"),
    C("gmx", "de", N, "Freitag, 4.12. passt", "yes:7"),
    C("iphone", "es", N, "Lunes perfecto", "yes:5"),
)  # fmt: skip
batch2(
    "no",
    C("gmail", "en", F, "Gonna have to sit this one out, sorry", "no"),
    C("iphone", "en", F, "None of them, sorry!", "no"),
    C("outlook", "en", F, "Sorry, doesn't work for me", "no"),
    C("gmail", "de", F, "Leider geht bei mir keiner davon", "no"),
    C("samsung", "de", F, "Ne, passt leider gar nicht", "no"),
    C("gmail", "es", F, "No me viene bien ninguno, lo siento", "no"),
    C("apple", "es", F, "Ninguna me cuadra, perdona", "no"),
    C("outlook", "fr", F, "Malheureusement je ne suis pas disponible", "no"),
    C("gmail", "fr", F, "Aucun de ces créneaux ne me va", "no"),
)
batch2(
    "later",
    C("gmail", "en", F, "Let's do it in the new year", "later:2027-01-01"),
    C("outlook", "en", F, "Could we revisit in February?", "later:2027-02-01"),
    C("gmx", "de", F, "Lieber nach Weihnachten", "later:2027-01-07"),
    C("iphone", "es", F, "¿Lo dejamos para después de Navidad?", "later:2027-01-07"),
    C("apple", "fr", F, "Plutôt après les fêtes", "later:2027-01-07"),
    C("gmail", "en", F, "not right now, maybe later", "later"),
)
batch2(
    "hedge",
    C("gmail", "en", F, "Thursday looks good but I'll need to double-check", "user"),
    C("iphone", "en", F, "Probably Saturday morning, let me confirm", "user"),
    C("outlook", "en", F, "Should be able to do 2", "user"),
    C("gmail", "de", F, "Eher Donnerstag, aber ich muss noch fragen", "user"),
    C("gmail", "es", F, "Creo que el jueves, pero te confirmo", "user"),
    C("outlook", "fr", F, "Jeudi normalement, je te confirme", "user"),
    C("apple", "en", F, "Tuesday works if I can get a babysitter", "user"),
    C("samsung", "en", F, "Sat morning works unless my flight gets moved", "user"),
)
batch2(
    "counter",
    C("gmail", "en", F, "Could we do Thursday evening instead?", "user"),
    C("iphone", "en", F, "How about the week after?", "user"),
    C("outlook", "en", F, "Is Saturday at 11 possible?", "user"),
    C("apple", "en", F, "Do you have anything on Sunday?", "user"),
    C("gmail", "es", F, "¿Podría ser el viernes?", "user"),
    C("outlook", "fr", F, "Plutôt dimanche ?", "user"),
)
batch2(
    "several",
    C("gmail", "en", F, "Tuesday and Thursday both work", "user"),
    C("iphone", "en", F, "Any Saturday slot works", "user"),
    C("outlook", "en", F, "Either 2 or 4", "user"),
    C("gmx", "de", F, "Donnerstag oder Samstag, wie du magst", "user"),
)
batch2(
    "automatic",
    C("outlook", "en", F, "I will be out of the office from 23 Nov until 2 Dec inclusive.", "away:2026-12-02",
      headers=EXCHANGE, subject="Out of Office: A coffee sometime?", shape="plain"),
    C("gmail", "en", F, "Hi, thanks for reaching out! I'm currently travelling and have limited access to email "
      "until 1 December.", "away:2026-12-01", "no headers", subject="Re: A coffee sometime?", shape="plain"),
    C("outlook", "de", F, "Ich bin ab dem 7. Dezember wieder im Büro.", "away:2026-12-07",
      subject="Abwesend: A coffee sometime?", shape="plain"),
    C("gmail", "es", F, "Hola! Estoy de viaje y no reviso el correo hasta el 5 de diciembre.", "away:2026-12-05",
      "no headers", subject="Re: A coffee sometime?", shape="plain"),
    C("gmail", "fr", F, "Bonjour, je suis en déplacement jusqu'au 3 décembre avec un accès limité à mes mails.",
      "away:2026-12-03", "no headers", subject="Re: A coffee sometime?", shape="plain"),
    C("outlook", "en", F, "Your message to jo@example.com couldn't be delivered. The recipient's mailbox is full.",
      "away", "bounce", subject="Undeliverable: A coffee sometime?", shape="plain"),
    C("html", "en", F, "Thank you for your message. A member of our team will be in touch within 2 working "
      "days. Your reference number is 55123.", "away", "ticket system, no headers",
      subject="Re: A coffee sometime?", shape="html"),
)  # fmt: skip


# ------------------------------------------------------------------ rendering

_DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
_MONTHS = {
    "en": ["November", "December"],
    "de": ["November", "Dezember"],
    "es": ["noviembre", "diciembre"],
    "fr": ["novembre", "décembre"],
}


def _words(lang: str, when: datetime) -> tuple[str, str, int, int, str]:
    lang = lang if lang in _DAYS else "en"
    local = when.astimezone(BERLIN)
    return (
        _DAYS[lang][local.weekday()],
        _MONTHS[lang][local.month - 11],
        local.day,
        local.year,
        f"{local:%H:%M}",
    )


def _blocks(client: str, lang: str, when: datetime, first: str, email: str) -> str:
    """The header block a client writes above an unquoted original."""
    day, month, d, y, hm = _words(lang, when)
    to = f"{first} <{email}>"
    if client == "outlook-desktop":
        return {
            "en": f"-----Original Message-----\nFrom: Sam Keller <sam@example.org> \nSent: {day}, {month} {d}, {y} "
            f"{hm}\nTo: {to}\nSubject: {SUBJECT}\n",
            "de": f"-----Ursprüngliche Nachricht-----\nVon: Sam Keller <sam@example.org> \nGesendet: {day}, "
            f"{d}. {month} {y} {hm}\nAn: {to}\nBetreff: {SUBJECT}\n",
            "es": f"-----Mensaje original-----\nDe: Sam Keller <sam@example.org> \nEnviado el: {day}, {d} de "
            f"{month} de {y} {hm}\nPara: {to}\nAsunto: {SUBJECT}\n",
            "fr": f"-----Message d'origine-----\nDe : Sam Keller <sam@example.org> \nEnvoyé : {day} {d} {month} "
            f"{y} {hm}\nÀ : {to}\nObjet : {SUBJECT}\n",
        }[lang]
    if client == "outlook-mac":
        return {
            "en": f"From: Sam Keller <sam@example.org>\nDate: {day}, {d} {month} {y} at {hm}\nTo: {to}\n"
            f"Subject: {SUBJECT}\n",
            "de": f"Von: Sam Keller <sam@example.org>\nDatum: {day}, {d}. {month} {y} um {hm}\nAn: {to}\n"
            f"Betreff: {SUBJECT}\n",
        }[lang if lang in ("en", "de") else "en"]
    if client == "samsung":
        return {
            "en": f"-------- Original message --------\nFrom: Sam Keller <sam@example.org> \nDate: "
            f"{when.astimezone(BERLIN):%d/%m/%Y %H:%M} (GMT+01:00) \nTo: {to} \nSubject: {SUBJECT} \n",
            "de": f"-------- Ursprüngliche Nachricht --------\nVon: Sam Keller <sam@example.org> \nDatum: "
            f"{when.astimezone(BERLIN):%d.%m.%y %H:%M} (GMT+01:00) \nAn: {to} \nBetreff: {SUBJECT} \n",
            "es": f"-------- Mensaje original --------\nDe: Sam Keller <sam@example.org> \nFecha: "
            f"{when.astimezone(BERLIN):%d/%m/%y %H:%M} (GMT+01:00) \nPara: {to} \nAsunto: {SUBJECT} \n",
            "fr": f"-------- Message d'origine --------\nDe : Sam Keller <sam@example.org> \nDate : "
            f"{when.astimezone(BERLIN):%d/%m/%Y %H:%M} (GMT+01:00) \nÀ : {to} \nObjet : {SUBJECT} \n",
        }[lang]
    if client == "gmx":
        return {
            "de": f'Gesendet: {day}, {d}. {month} {y} um {hm} Uhr\nVon: "Sam Keller" <sam@example.org>\n'
            f'An: "{first}" <{email}>\nBetreff: {SUBJECT}\n',
            "en": f'Sent: {day}, {month} {d}, {y} at {hm}\nFrom: "Sam Keller" <sam@example.org>\n'
            f'To: "{first}" <{email}>\nSubject: {SUBJECT}\n',
        }[lang if lang in ("en", "de") else "en"]
    raise ValueError(client)


_SENT_FROM = {
    "iphone": {"en": "Sent from my iPhone", "de": "Von meinem iPhone gesendet", "es": "Enviado desde mi iPhone",
               "fr": "Envoyé de mon iPhone"},
    "samsung": {"en": "Sent from my Galaxy", "de": "Von meinem Galaxy gesendet",
                "es": "Enviado desde mi Galaxy", "fr": "Envoyé depuis mon Galaxy"},
    "android": {"en": "Sent from Outlook for Android", "de": "Outlook für Android herunterladen",
                "es": "Obtener Outlook para Android", "fr": "Télécharger Outlook pour Android"},
}  # fmt: skip


def _apple_attr(lang: str, when: datetime) -> str:
    local = when.astimezone(BERLIN)
    month = _MONTHS.get(lang, _MONTHS["en"])[local.month - 11][:3]
    return {
        "en": f"On {local.day} {month} {local.year}, at {local:%H:%M}, Sam Keller <sam@example.org> wrote:",
        "de": f"Am {local:%d.%m.%Y} um {local:%H:%M} schrieb Sam Keller <sam@example.org>:",
        "es": f"El {local.day} {month} {local.year}, a las {local:%H:%M}, Sam Keller <sam@example.org> escribió:",
        "fr": f"Le {local.day} {month}. {local.year} à {local:%H:%M}, Sam Keller <sam@example.org> a écrit :",
    }.get(lang, f"On {local.day} {month} {local.year}, at {local:%H:%M}, Sam Keller <sam@example.org> wrote:")


def _gmail_attr(lang: str, when: datetime) -> str:
    local = when.astimezone(BERLIN)
    short = _DAYS.get(lang, _DAYS["en"])[local.weekday()][:3]
    month = _MONTHS.get(lang, _MONTHS["en"])[local.month - 11][:3]
    return {
        "en": f"On {short}, {month} {local.day}, {local.year} at {local:%-I:%M %p} Sam Keller <sam@example.org> "
        "wrote:",
        "de": f"Am {short}., {local.day}. {month}. {local.year} um {local:%H:%M} Uhr schrieb Sam Keller "
        "<sam@example.org>:",
        "es": f"El {short}, {local.day} {month} {local.year} a las {local:%H:%M}, Sam Keller "
        "(<sam@example.org>) escribió:",
        "fr": f"Le {short}. {local.day} {month}. {local.year} à {local:%H:%M}, Sam Keller <sam@example.org> a "
        "écrit :",
    }.get(
        lang,
        f"Il giorno {local.day} {month} {local.year}, alle ore {local:%H:%M} Sam Keller "
        "<sam@example.org> ha scritto:",
    )


def _html(text: str) -> str:
    return base._html_escape(text)


def _text_body(case: Case, first: str, email: str, original: str, sent: datetime) -> tuple[str, str | None]:
    """(plain, html) as the client writes the reply; html None for a plain-only client."""
    lang, fresh = case.lang, case.fresh
    if case.client in _SENT_FROM:
        fresh = f"{fresh}\n\n{_SENT_FROM[case.client].get(lang, _SENT_FROM[case.client]['en'])}"
    if case.client in ("gmail", "android"):
        attr = _gmail_attr(lang, sent)
        return f"{fresh}\n\n{attr}\n\n{base._quote(original)}\n", base._gmail_html(fresh, attr, original)
    if case.client in ("apple", "iphone"):
        attr = _apple_attr(lang, sent)
        plain = f"{fresh}\n\n> {attr}\n> \n{base._quote(original)}\n"
        html = (
            f'<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            f'<body dir="auto">{_html(fresh)}<br><div dir="ltr"><br><blockquote type="cite">{_html(attr)}'
            f"<br><br>{_html(original)}</blockquote></div></body></html>"
        )
        return plain, None if case.client == "iphone" else html
    if case.client == "thunderbird":  # bottom-posted under the quote
        attr = {
            "en": "On 20/11/2026 10:00, Sam Keller wrote:",
            "de": "Am 20.11.26 um 10:00 schrieb Sam Keller:",
            "es": "El 20/11/26 a las 10:00, Sam Keller escribió:",
            "fr": "Le 20/11/2026 à 10:00, Sam Keller a écrit :",
        }[lang]
        if case.invite == N:
            attr = attr.replace("20/11/2026 10", "27/11/2026 09").replace("20.11.26 um 10", "27.11.26 um 09")
            attr = attr.replace("20/11/26 a las 10", "27/11/26 a las 09").replace(
                "20/11/2026 à 10", "27/11/2026 à 09"
            )
        return f"{attr}\n{base._quote(original)}\n\n{fresh}\n", None
    if case.client == "outlook":
        plain, html_quote = base._outlook_block(
            lang if lang in ("en", "de", "es", "fr") else "en", first, email, original
        )
        html = (
            f'<html><head></head><body><div style="font-family:Calibri,Arial,Helvetica,sans-serif;'
            f'font-size:12pt">{_html(fresh)}</div>{html_quote}</body></html>'
        )
        return f"{fresh}\n\n{plain}", html
    if case.client in ("outlook-desktop", "outlook-mac", "samsung", "gmx"):
        block = _blocks(case.client, lang, sent, first, email)
        gap = "\n\n\n" if case.client == "samsung" else "\n\n"
        return f"{fresh}{gap}{block}\n{original}", None
    if case.client == "yahoo":
        day, month, d, y, hm = _words(lang, sent)
        attr = f"    On {day}, {d} {month} {y} at {hm}:00 CET, Sam Keller <sam@example.org> wrote:  \n \n \n"
        indented = "\n".join(line for line in original.split("\n"))
        html = (
            f'<html><body><div class="ydp-fresh">{_html(fresh)}</div><div class="yahoo_quoted">'
            f"<div>{_html(attr)}</div><blockquote>{_html(original)}</blockquote></div></body></html>"
        )
        return f"{fresh}\n\n{attr}{indented}\n", html
    if case.client == "proton":
        day, month, d, y, hm = _words("en", sent)
        attr = f"On {day}, {month} {d}th, {y} at {hm}, Sam Keller <sam@example.org> wrote:"
        return f"{fresh}\n\nSent with Proton Mail secure email.\n\n{attr}\n\n{base._quote(original)}\n", None
    raise ValueError(case.client)


def _html_only(case: Case, original: str, sent: datetime) -> str:
    """A webmail that sends text/html alone: the fresh text in divs, the original in a blockquote."""
    paragraphs = "".join(f"<div>{_html(p) or '<br>'}</div>" for p in case.fresh.split("\n"))
    if case.shape == "html":  # an automatic message: no quote
        return f"<html><body>{paragraphs}</body></html>"
    attr = _gmail_attr(case.lang, sent)
    return (
        f'<html><head><style>p{{margin:0}}</style></head><body><div dir="ltr">{paragraphs}</div>'
        f'<div class="quote"><div>{_html(attr)}</div><blockquote type="cite" style="border-left:2px solid '
        f'#ccc;padding-left:8px">{_html(original)}</blockquote></div></body></html>'
    )


def render(case: Case, n: int, first: str, full: str, email: str, sent_at: datetime) -> bytes:
    original = {F: invite_text, N: nudge_text}[case.invite](first)
    answered = {F: "invite", N: "nudge"}[case.invite]
    quoted_at = {F: INVITE_SENT, N: NUDGE_SENT}[case.invite]
    digest = hashlib.sha1(f"h{n}{case.fresh}{case.body}".encode()).hexdigest()
    from_name = Header(full, "utf-8").encode() if not full.isascii() else full
    subject = case.subject or f"Re: {SUBJECT}"
    if case.client in ("outlook", "outlook-desktop") and case.subject is None and case.lang != "en":
        subject = {"de": "AW: ", "es": "RE: ", "fr": "RE : "}.get(case.lang, "Re: ") + SUBJECT
    headers = [
        ("From", f"{from_name} <{email}>"),
        ("To", "Sam Keller <sam@example.org>"),
        ("Date", format_datetime(sent_at.astimezone(BERLIN))),
        ("Subject", Header(subject, "utf-8").encode() if not subject.isascii() else subject),
        ("Message-ID", f"<{digest[:20]}@{email.split('@')[1]}>"),
    ]
    if case.shape not in ("report", "dsn", "mdn") or case.shape == "mdn":
        refs = [message_id(n, "invite")] + ([message_id(n, answered)] if answered != "invite" else [])
        headers += [("In-Reply-To", message_id(n, answered)), ("References", " ".join(refs))]
    headers += case.headers
    headers.append(("MIME-Version", "1.0"))
    boundary = f"==heldout{digest[:16]}"
    if case.shape in ("report", "dsn", "mdn"):
        kind = "disposition-notification" if case.shape == "mdn" else "delivery-status"
        if kind == "delivery-status":
            status = (
                f"Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; {email}\r\n"
                f"Action: {'delivered' if case.shape == 'dsn' else 'failed'}\r\n"
                f"Status: {'2.0.0' if case.shape == 'dsn' else '5.1.1'}\r\n"
            )
        else:
            status = (
                f"Reporting-UA: {email.split('@')[1]}; Microsoft Outlook\r\nFinal-Recipient: rfc822; "
                f"{email}\r\nOriginal-Message-ID: {message_id(n, 'invite')}\r\nDisposition: "
                "manual-action/MDN-sent-manually; displayed\r\n"
            )
        invite = (
            f"From: Sam Keller <sam@example.org>\r\nTo: {email}\r\nSubject: {SUBJECT}\r\n"
            f"Message-ID: {message_id(n, 'invite')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + original.replace("\n", "\r\n")
        )
        parts = [
            base._part("text/plain", case.fresh + "\n", "utf-8", "quoted-printable"),
            f"Content-Type: message/{kind}\r\n\r\n{status}\r\n".encode(),
            b"Content-Type: message/rfc822\r\n\r\n" + invite.encode() + b"\r\n",
        ]
        return base._finish(
            headers,
            f'multipart/report; report-type={kind}; boundary="{boundary}"',
            base._multipart("report", boundary, parts),
        )
    if case.body is not None:
        text = case.body.replace("{first}", first).replace("{email}", email)
        return base._finish(
            headers, "text/plain", base._part("text/plain", text, "utf-8", "quoted-printable")
        )
    if case.shape == "plain":
        return base._finish(
            headers, "text/plain", base._part("text/plain", case.fresh + "\n", "utf-8", "quoted-printable")
        )
    if case.client == "html" or case.shape == "html":
        html = _html_only(case, original, quoted_at)
        return base._finish(headers, "text/html", base._part("text/html", html, "utf-8", "quoted-printable"))
    plain, html = _text_body(case, first, email, original, quoted_at)
    charset = (
        "windows-1252" if case.client.startswith("outlook") and all(ord(c) < 256 for c in plain) else "utf-8"
    )
    encoding = "base64" if case.client in ("android", "samsung") else "quoted-printable"
    if case.client == "thunderbird":
        return base._finish(
            headers, "text/plain", base._part("text/plain", plain, "utf-8", "8bit"), params="; format=flowed"
        )
    if html is None:
        return base._finish(headers, "text/plain", base._part("text/plain", plain, charset, encoding))
    body = base._multipart(
        "alternative",
        boundary,
        [
            base._part("text/plain", plain, charset, encoding),
            base._part("text/html", html, charset, encoding),
        ],
    )
    return base._finish(headers, f'multipart/alternative; boundary="{boundary}"', body)


FIRST = ["Maya", "Felix", "Alba", "Margaux", "Owen", "Greta", "Iker", "Solène", "Priya", "Moritz", "Nerea",
         "Bastien", "Ruth", "Jannik", "Ainhoa", "Léa", "Kofi", "Svenja", "Pilar", "Théo"]  # fmt: skip
LAST = ["Hart", "Krüger", "Navarro", "Moreau", "Ellis", "Braun", "Etxeberria", "Girard", "Shah", "Vogel"]


def build() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index, case in enumerate(CASES, start=1):
        first = FIRST[index % len(FIRST)]
        full = f"{first} {LAST[(index * 7) % len(LAST)]}"
        slug = first.lower().translate(str.maketrans("áéíóúüöäèçñ", "aeiouuoaecn"))
        email = f"{slug}.{index}@" + ["example.com", "example.net", "example.de", "example.es"][index % 4]
        sent_at = READ_AT[case.invite] - timedelta(minutes=3 * (len(CASES) - index) % 300 + 5)
        raw = render(case, index, first, full, email, sent_at)
        name = f"{index:03d}-{case.client}-{case.lang}.eml"
        rows.append({"file": name, "raw": raw, "friend": index, "name": full, "email": email,
                     "invite": case.invite, "expect": case.expect, "category": case.category, "note": case.note,
                     "batch": case.batch,
                     "lang": case.lang, "client": case.client})  # fmt: skip
    return rows


def main() -> None:
    for old in HERE.glob("*.eml"):
        old.unlink()
    rows = build()
    lines = ["# Generated by make_heldout.py: one [[case]] per .eml (friend N answers invite N).", ""]
    for row in rows:
        (HERE / str(row["file"])).write_bytes(row["raw"])  # type: ignore[arg-type]
        lines += ["[[case]]"] + [
            f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in row.items() if k != "raw"
        ]
        lines.append("")
    (HERE / "expected.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(rows)} replies written to {HERE}")


if __name__ == "__main__":
    main()
