"""Writes the reply corpus: raw ``.eml`` answers to meetup's invites, as real mail clients send them.

Run ``python tests/data/replies/make_corpus.py`` to regenerate ``tests/data/replies/*.eml`` and
``expected.toml``. Every case is one reply from one friend (friend N answers invite N) written the way
Gmail, Outlook, Apple Mail, Thunderbird, mutt or an Android client writes it: their headers,
MIME structure, charsets, transfer encodings, quote attributions in the client's language and their
signatures. The scenario (the invites, nudges and confirmations the replies answer) lives here too,
so the tests seed exactly what the friends saw.

Expected outcomes:
  yes:N          option N is confirmed
  yes:N+q        option N is confirmed and the question is shown to the user
  no             declined: thanked, invite closed
  later          later, no time named
  later:DATE     later, the next invite is scheduled for DATE
  user           left to the user (shown in ``meetup status``), invite stays open
  away / away:DATE  automatic reply: recorded, nothing acted on, nudges held until DATE
  cancel         a confirmed meeting is cancelled (calendar DECLINED after a yes)
  noted          expected and needs nobody (the calendar accepting what was confirmed)
"""

from __future__ import annotations

import base64
import hashlib
import json
import quopri
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
BERLIN = ZoneInfo("Europe/Berlin")
USER = ("Sam Keller", "sam@example.org")
DOMAIN = "example.org"

#: When meetup sent the first invite, the nudge, and when `meetup inbox` runs.
INVITE_SENT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # Fri
NUDGE_SENT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Mon
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Mon


def _at(day: int, month: int, hour: int, minute: int = 0) -> tuple[datetime, datetime]:
    start = datetime(2026, month, day, hour, minute, tzinfo=BERLIN)
    return start, start + timedelta(hours=1)


#: Options by number: 1-3 in the first invite, 4-6 in the nudge (Europe/Berlin).
OPTIONS = {
    1: _at(24, 11, 18),  # Tue 24 Nov 18:00
    2: _at(26, 11, 12, 30),  # Thu 26 Nov 12:30
    3: _at(28, 11, 10),  # Sat 28 Nov 10:00
    4: _at(30, 11, 19),  # Mon 30 Nov 19:00
    5: _at(2, 12, 12, 30),  # Wed 2 Dec 12:30
    6: _at(4, 12, 18),  # Fri 4 Dec 18:00
}
#: An accepted invite had option 2 confirmed.
CONFIRMED_OPTION = 2


def _line(n: int) -> str:
    start, end = OPTIONS[n]
    return f"{n}. {start:%a %d %b}, {start:%H:%M}-{end:%H:%M}"


def invite_text(first: str) -> str:
    return (
        f"Hi {first},\n\nCoffee soon? It's been far too long.\n\nI could do:\n"
        + "\n".join(_line(n) for n in (1, 2, 3))
        + "\n\nJust reply with the number that works for you. If none of them fit, no worries,"
        " just say so and I'll suggest others.\n\nCheers,\nSam\n"
    )


def nudge_text(first: str) -> str:
    return (
        f"Hey {first},\n\nJust bumping this up, no pressure!\n\nSome fresh times:\n"
        + "\n".join(_line(n) for n in (4, 5, 6))
        + "\n(times in Europe/Berlin)\n\nReply with a number and I'll put it in the calendar."
        " No worries if none work.\n\nTalk soon,\nSam\n"
    )


def confirmation_text(first: str) -> str:
    return f"Hi {first},\n\nGreat, it's a date: {_line(CONFIRMED_OPTION)[3:]}.\n\nThe calendar invitation is attached.\n\nSee you soon,\nSam\n"


def message_id(n: int, kind: str) -> str:
    return f"<meetup.{n}.{kind}.1.{hashlib.sha1(f'{n}{kind}'.encode()).hexdigest()[:8]}@{DOMAIN}>"


def event_uid(n: int) -> str:
    return f"meetup-{n}@{DOMAIN}"


# --------------------------------------------------------------------------- the cases


@dataclass
class Case:
    client: str  # gmail | outlook | apple | iphone | thunderbird | mutt | android | html
    lang: str  # en | de | es | fr
    invite: str  # fresh | nudged | accepted
    fresh: str  # what the friend wrote
    expect: str
    note: str = ""
    #: quote style: top (top-posted, default), bottom (answer under the quote), inline (built by hand)
    body: str | None = None  # a complete text body instead of fresh + quote
    headers: list[tuple[str, str]] = field(default_factory=list)
    subject: str | None = None
    threading: bool = True
    calendar: str | None = None  # an iMIP part
    sender: str | None = None  # another address than the friend's


C = Case
CASES: list[Case] = [
    # ---------------------------------------------------------------- English: yes to one option
    C("gmail", "en", "fresh", "2", "yes:2"),
    C("gmail", "en", "fresh", "2 works for me!", "yes:2"),
    C("outlook", "en", "fresh", "Option 3 please.\n\nThanks,\nJo", "yes:3"),
    C("iphone", "en", "fresh", "Thursday works 👍", "yes:2"),
    C("android", "en", "fresh", "thrusday works for me", "yes:2", "typo"),
    C("apple", "en", "fresh", "Sat 10am", "yes:3", "shorthand"),
    C("thunderbird", "en", "fresh", "The first one works. See you then!", "yes:1"),
    C("mutt", "en", "fresh", "the last one please", "yes:3"),
    C("gmail", "en", "fresh", "Let's do Tuesday evening!", "yes:1"),
    C("android", "en", "fresh", "2\ufe0f\u20e3", "yes:2", "keycap"),
    C("outlook", "en", "fresh", "Tuesday 6pm is perfect, see you then", "yes:1"),
    C("gmail", "en", "fresh", "Yes! Saturday morning it is.", "yes:3"),
    C("apple", "en", "fresh", "The 26th works great", "yes:2"),
    C("html", "en", "fresh", "Nov 28 is good for me", "yes:3"),
    C("gmail", "en", "fresh", "Thursday lunch sounds great. PS: where shall we meet?", "yes:2+q"),
    C("iphone", "en", "fresh", "3 works! What's the address?", "yes:3+q"),
    C("gmail", "en", "fresh", "Tue - no, gym\nThu - yes!\nSat - away", "yes:2", "inline in the fresh text"),
    C(
        "outlook",
        "en",
        "fresh",
        "Sounds lovely - Saturday at 10 works for me.\n\nBest regards,\nJo Baker\n"
        "Senior Engineer | Acme Ltd\nTel: +44 20 7946 0958 | Mobile: +44 7700 900123\n"
        "221B Baker Street, London NW1 6XE\nOut of office 24-26 December",
        "yes:3",
        "signature with dates",
    ),
    C(
        "gmail",
        "en",
        "fresh",
        "2 please :)\n\n--\nJo Baker\n+1 (415) 555-0132\n1 Market St, Suite 300, "
        "San Francisco CA 94105\nhttps://jobaker.example.com",
        "yes:2",
        "signature",
    ),
    C("thunderbird", "en", "fresh", "Thursday at 12:30 is great.", "yes:2"),
    C(
        "mutt",
        "en",
        "fresh",
        'Tue works.\n\n-- \nJo  <jo@example.org>   GPG 0x1234ABCD\n"Monday is a fine day to start."',
        "yes:1",
        "mutt signature with a weekday",
    ),
    C("android", "en", "fresh", "Sure, Saturday!\n\nSent from my Galaxy", "yes:3"),
    C("gmail", "en", "fresh", "Option #1 works best for me.", "yes:1"),
    C("apple", "en", "fresh", "Saturday 28th, 10:00 - count me in", "yes:3"),
    C("outlook", "en", "fresh", "I can do Thursday.", "yes:2"),
    C("gmail", "en", "fresh", "Tuesday's good!", "yes:1"),
    C("iphone", "en", "fresh", "Yep, Thurs works", "yes:2"),
    C(
        "gmail",
        "en",
        "fresh",
        "saturday works, what time do you want to meet exactly? 10?",
        "user",
        "asks about the time of the option it picks",
    ),
    # nudged: numbers and ordinals mean what they meant in the nudge (4-6)
    C("gmail", "en", "nudged", "The first one works", "yes:4"),
    C("iphone", "en", "nudged", "the second one!", "yes:5"),
    C("outlook", "en", "nudged", "Monday works for me", "yes:4", "quote header says Monday too"),
    C("android", "en", "nudged", "Wednesday lunch is perfect", "yes:5"),
    C("gmail", "en", "nudged", "Friday!", "yes:6"),
    C("thunderbird", "en", "nudged", "5 please", "yes:5"),
    C("mutt", "en", "nudged", "last one works", "yes:6"),
    C("apple", "en", "nudged", "Wendsday works", "yes:5", "typo"),
    # ---------------------------------------------------------------- English: no
    C("gmail", "en", "fresh", "Sorry, can't make any of these.", "no"),
    C("iphone", "en", "fresh", "I'd love to but I can't this time.", "no"),
    C("outlook", "en", "fresh", "I don't think I can make it, sorry!", "no"),
    C("gmail", "en", "fresh", "None of these work for me unfortunately.", "no"),
    C("android", "en", "fresh", "No, sorry - too busy at the moment.", "no"),
    C("thunderbird", "en", "fresh", "Unfortunately I'm away all of that week.", "no"),
    C("apple", "en", "fresh", "Thanks, but I'll pass this time.", "no"),
    C("html", "en", "fresh", "Can't do any of those, sorry!", "no"),
    C("gmail", "en", "nudged", "Still can't, sorry. None of those work either.", "no"),
    # ---------------------------------------------------------------- English: later
    C("gmail", "en", "fresh", "rain check?", "later"),
    C("outlook", "en", "fresh", "Swamped this month - try me again in December?", "later:2026-12-01"),
    C("iphone", "en", "fresh", "after the holidays?", "later:2027-01-07"),
    C(
        "gmail",
        "en",
        "fresh",
        "Could we do this in January instead? Work is crazy right now.",
        "later:2027-01-01",
    ),
    C("android", "en", "fresh", "Ask me again in a couple of weeks!", "later:2026-12-07"),
    C("thunderbird", "en", "fresh", "Not a good time, let's try again next month.", "later:2026-12-01"),
    C("apple", "en", "fresh", "Busy busy. Another time!", "later"),
    # ---------------------------------------------------------------- English: to the user
    C("gmail", "en", "fresh", "Thursday works, let me double-check with Anna first", "user", "hedge"),
    C("iphone", "en", "fresh", "I'll check with Sarah and get back to you tonight", "user", "hedge"),
    C("outlook", "en", "fresh", "Probably Saturday.", "user", "hedge"),
    C("gmail", "en", "fresh", "Saturday should work, I'll confirm tomorrow.", "user", "hedge"),
    C("android", "en", "fresh", "Could we do Friday instead?", "user", "counter"),
    C("gmail", "en", "fresh", "Tuesday or Thursday, both fine", "user", "two options"),
    C("apple", "en", "fresh", "What about the week after?", "user", "question"),
    C("thunderbird", "en", "fresh", "Thursday works if it's somewhere near my office.", "user", "condition"),
    C("gmail", "en", "fresh", "Yes!", "user", "yes to which?"),
    C("mutt", "en", "fresh", "2 or 3", "user"),
    C("outlook", "en", "fresh", "Can we make it 19:00 on Tuesday?", "user", "counter"),
    C("iphone", "en", "fresh", "I might be able to do Tuesday", "user", "hedge"),
    C("gmail", "en", "fresh", "Tuesday works unless it rains", "user", "condition"),
    C("gmail", "en", "fresh", "I'll let you know!", "user", "hedge"),
    C("android", "en", "fresh", "Who else is coming?", "user", "question"),
    C("gmail", "en", "nudged", "the first one from your first email works", "user", "which list?"),
    C("html", "en", "fresh", "Hmm, not sure yet. Maybe Saturday?", "user", "hedge"),
    C(
        "gmail",
        "en",
        "fresh",
        "FYI, see below\n\n---------- Forwarded message ---------\nFrom: Lisa <lisa@example.net>\n"
        "Date: Sat, Nov 21, 2026 at 9:12 AM\nSubject: Party on Saturday!\nTo: Jo <jo@example.org>\n\n"
        "Party at mine on Saturday 28 Nov, 10am brunch. Yes, you can bring Sam!",
        "user",
        "forwarded mail",
    ),
    C("gmail", "en", "fresh", "2 works!", "user", "sent from another address", sender="jo.work@example.com"),
    # ---------------------------------------------------------------- German
    C("gmail", "de", "fresh", "Donnerstag passt!", "yes:2"),
    C("outlook", "de", "fresh", "Do passt mir gut.\n\nViele Grüße\nAnna", "yes:2"),
    C("iphone", "de", "fresh", "Die 2 bitte", "yes:2"),
    C("thunderbird", "de", "fresh", "Samstag um 10 passt super.", "yes:3"),
    C("gmail", "de", "fresh", "Die zweite Option passt mir.", "yes:2"),
    C("android", "de", "fresh", "Dienstag gerne!", "yes:1"),
    C("apple", "de", "fresh", "Ja, Samstag klingt super", "yes:3"),
    C(
        "outlook",
        "de",
        "fresh",
        "Passt, der erste Termin.\n\nMit freundlichen Grüßen\nAnna Schäfer\n"
        "Müller & Söhne GmbH | Hauptstraße 12 | 80331 München\nTel. +49 89 123456-0\n"
        "Urlaub vom 21.12. bis 04.01.",
        "yes:1",
        "signature with dates",
    ),
    C("gmail", "de", "nudged", "Der erste passt!", "yes:4"),
    C("iphone", "de", "fresh", "Donnerstag passt. Wo treffen wir uns?", "yes:2+q"),
    C("android", "de", "fresh", "Donerstag passt", "yes:2", "typo"),
    C("thunderbird", "de", "nudged", "Mittwoch Mittag klappt bei mir.", "yes:5"),
    C("mutt", "de", "fresh", "Sa geht klar.", "yes:3"),
    C("html", "de", "fresh", "Dienstag, 24.11. um 18 Uhr passt perfekt.", "yes:1"),
    C("gmail", "de", "fresh", "Leider nicht, sorry!", "no"),
    C("outlook", "de", "fresh", "Ich kann leider an keinem der Termine.", "no"),
    C("iphone", "de", "fresh", "Da bin ich leider die ganze Woche verreist.", "no"),
    C("gmail", "de", "fresh", "Nein, leider keine Zeit diesmal.", "no"),
    C("apple", "de", "fresh", "Schaffe ich leider nicht.", "no"),
    C("gmail", "de", "fresh", "Nächsten Monat gerne wieder!", "later:2026-12-01"),
    C("android", "de", "fresh", "Frag mich nach den Feiertagen nochmal", "later:2027-01-07"),
    C("thunderbird", "de", "fresh", "Gerade zu viel los - lieber im Januar?", "later:2027-01-01"),
    C("gmail", "de", "fresh", "Vielleicht Donnerstag, ich sag dir noch Bescheid.", "user", "hedge"),
    C("outlook", "de", "fresh", "Muss erst mit Jonas reden, melde mich.", "user", "hedge"),
    C("iphone", "de", "fresh", "Dienstag oder Donnerstag?", "user", "two options"),
    C("gmail", "de", "fresh", "Wahrscheinlich Samstag.", "user", "hedge"),
    C("android", "de", "fresh", "Geht auch Freitag?", "user", "counter"),
    C("html", "de", "fresh", "Donnerstag passt, falls es nicht zu spät wird.", "user", "condition"),
    # ---------------------------------------------------------------- Spanish
    C("gmail", "es", "fresh", "El jueves me va bien", "yes:2"),
    C("iphone", "es", "fresh", "La 2", "yes:2"),
    C("outlook", "es", "fresh", "Me va bien la segunda.\n\nSaludos,\nLucía", "yes:2"),
    C("android", "es", "fresh", "¡Sí! El sábado a las 10.", "yes:3"),
    C("gmail", "es", "nudged", "El mié me viene perfecto", "yes:5"),
    C("apple", "es", "nudged", "La primera opción", "yes:4"),
    C("thunderbird", "es", "fresh", "Dale, el martes.", "yes:1"),
    C("gmail", "es", "fresh", "El jueves me va genial. ¿Dónde quedamos?", "yes:2+q"),
    C(
        "outlook",
        "es",
        "fresh",
        "Perfecto, el sábado 28 a las 10:00.\n\nUn saludo,\nLucía García\n"
        "Tel. +34 912 345 678\nCalle Mayor 5, 28013 Madrid",
        "yes:3",
    ),
    C("html", "es", "fresh", "Vale, la tercera.", "yes:3"),
    C("gmail", "es", "fresh", "No puedo, lo siento.", "no"),
    C("iphone", "es", "fresh", "Lo siento, no puedo ninguno de esos días.", "no"),
    C("android", "es", "fresh", "Esa semana estoy fuera, lo siento.", "no"),
    C("outlook", "es", "fresh", "Uf, imposible esta vez.", "no"),
    C("gmail", "es", "fresh", "Mejor el mes que viene.", "later:2026-12-01"),
    C("apple", "es", "fresh", "¿Después de las fiestas?", "later:2027-01-07"),
    C("thunderbird", "es", "fresh", "Ahora no puedo, mejor en enero.", "later:2027-01-01"),
    C("gmail", "es", "fresh", "Quizás el jueves.", "user", "hedge"),
    C("iphone", "es", "fresh", "Te confirmo mañana.", "user", "hedge"),
    C("outlook", "es", "fresh", "Tengo que mirarlo con Juan y te digo.", "user", "hedge"),
    C("android", "es", "fresh", "¿Podría ser el viernes?", "user", "counter"),
    C("gmail", "es", "fresh", "El martes o el jueves, los dos me van.", "user", "two options"),
    # ---------------------------------------------------------------- French
    C("gmail", "fr", "fresh", "Jeudi ça marche !", "yes:2"),
    C("iphone", "fr", "fresh", "Le 2 me va.", "yes:2"),
    C("outlook", "fr", "fresh", "La deuxième option me convient.\n\nBien cordialement,\nClaire", "yes:2"),
    C("thunderbird", "fr", "fresh", "Samedi 10h c'est parfait.", "yes:3"),
    C("android", "fr", "fresh", "Mardi soir, avec plaisir !", "yes:1"),
    C("gmail", "fr", "nudged", "Le premier me va", "yes:4"),
    C("apple", "fr", "fresh", "Jeudi ça me va. C'est où ?", "yes:2+q"),
    C("html", "fr", "nudged", "Vendredi, ça marche.", "yes:6"),
    C("mutt", "fr", "fresh", "Oui, jeudi midi c'est bon.", "yes:2"),
    C(
        "outlook",
        "fr",
        "fresh",
        "D'accord pour samedi 28.\n\nCordialement,\nClaire Martin\n"
        "06 12 34 56 78\n12 rue de la Paix, 75002 Paris",
        "yes:3",
    ),
    C("gmail", "fr", "fresh", "Désolé, pas dispo.", "no"),
    C("iphone", "fr", "fresh", "Malheureusement je ne peux pas.", "no"),
    C("outlook", "fr", "fresh", "Aucune de ces dates ne me va, désolée.", "no"),
    C("android", "fr", "fresh", "Je ne serai pas là cette semaine-là.", "no"),
    C("gmail", "fr", "fresh", "Le mois prochain ?", "later:2026-12-01"),
    C("apple", "fr", "fresh", "Après les fêtes ?", "later:2027-01-07"),
    C("thunderbird", "fr", "fresh", "Plutôt en janvier, là c'est la folie.", "later:2027-01-01"),
    C("gmail", "fr", "fresh", "Dans quinze jours ?", "later:2026-12-07"),
    C("iphone", "fr", "fresh", "Peut-être jeudi.", "user", "hedge"),
    C("gmail", "fr", "fresh", "Je te redis ce soir.", "user", "hedge"),
    C("outlook", "fr", "fresh", "Je dois vérifier avec Paul.", "user", "hedge"),
    C("android", "fr", "fresh", "Plutôt vendredi ?", "user", "counter"),
]

# ---------------------------------------------------------------- a second batch, spread over the clients
_CLIENTS = ["gmail", "outlook", "iphone", "thunderbird", "android", "apple", "mutt", "html"]
_SECOND: list[tuple[str, str, str, str, str]] = [
    # lang, invite, what the friend wrote, expected, note
    ("en", "fresh", "Hey! Thursday works great for me", "yes:2", ""),
    ("en", "fresh", "Let's go with Saturday", "yes:3", ""),
    ("en", "fresh", "I'll take #3", "yes:3", ""),
    ("en", "fresh", "Tues evening works for me \U0001f642", "yes:1", ""),
    ("en", "fresh", "Sat 10 works", "yes:3", "shorthand"),
    ("en", "fresh", "Tuesday 6 works", "yes:1", "shorthand"),
    ("en", "fresh", "The third one works best", "yes:3", ""),
    ("en", "fresh", "Saturday!! Can't wait", "yes:3", ""),
    ("en", "fresh", "I'm free on Saturday, see you then!", "yes:3", ""),
    ("en", "fresh", "Thursday works. Can I bring my partner?", "yes:2+q", "question"),
    ("en", "fresh", "Option 2 works for me. Best to call me on +44 7700 900123.", "yes:2", "phone number"),
    ("en", "fresh", "I'm afraid I can't make it", "no", ""),
    ("en", "fresh", "I don't think I'll be able to make it", "no", ""),
    ("en", "fresh", "I'd love to but I'm completely booked", "no", ""),
    ("en", "fresh", "Sorry, I'm busy all of those days", "no", ""),
    ("en", "fresh", "Can we do this in the new year?", "later:2027-01-01", ""),
    ("en", "fresh", "I'm swamped right now, ping me in a few weeks", "later:2026-12-14", ""),
    ("en", "fresh", "Let's try again in February", "later:2027-02-01", ""),
    ("en", "fresh", "Can we postpone to December?", "later:2026-12-01", ""),
    (
        "en",
        "fresh",
        "Saturday I have a wedding, but great to hear from you!",
        "user",
        "names a day, no answer",
    ),
    ("en", "fresh", "Can do Thursday but only until 13:00", "user", "condition"),
    ("en", "fresh", "None of those work, sorry. Next week?", "user", "counter"),
    ("en", "fresh", "I could do Thursday if we make it quick", "user", "condition"),
    ("en", "fresh", "Tue or Sat, you pick", "user", "two options"),
    ("en", "nudged", "Monday evening works", "yes:4", ""),
    ("en", "nudged", "The last one!", "yes:6", ""),
    ("en", "nudged", "1", "user", "a number from the other list"),
    ("de", "fresh", "Donnerstag klappt!", "yes:2", ""),
    ("de", "fresh", "Nr. 2 passt", "yes:2", ""),
    ("de", "fresh", "Dienstagabend passt", "yes:1", ""),
    ("de", "fresh", "Am Dienstag kann ich", "yes:1", ""),
    ("de", "fresh", "Samstag 10 Uhr ist super", "yes:3", ""),
    ("de", "fresh", "Die dritte Option passt am besten", "yes:3", ""),
    ("de", "fresh", "Do. 26.11. passt", "yes:2", ""),
    ("de", "fresh", "Leider kann ich an keinem der Tage", "no", ""),
    ("de", "fresh", "Das klappt leider nicht", "no", ""),
    ("de", "fresh", "Ich bin die ganze Woche im Urlaub, sorry", "no", ""),
    ("de", "fresh", "Gerne im Januar nochmal", "later:2027-01-01", ""),
    ("de", "fresh", "Frag mich in zwei Wochen nochmal", "later:2026-12-07", ""),
    ("de", "fresh", "Ich schau mal und melde mich", "user", "hedge"),
    ("de", "nudged", "Die erste passt", "yes:4", ""),
    ("es", "fresh", "Me viene bien el sábado", "yes:3", ""),
    ("es", "fresh", "Opción 2", "yes:2", ""),
    ("es", "fresh", "Jueves a mediodía, perfecto", "yes:2", ""),
    ("es", "fresh", "Me apunto el sábado", "yes:3", ""),
    ("es", "fresh", "Imposible, estoy de viaje", "no", ""),
    ("es", "fresh", "No me viene bien ninguno", "no", ""),
    ("es", "fresh", "¿Lo dejamos para enero?", "later:2027-01-01", ""),
    ("es", "fresh", "Mejor más adelante", "later", ""),
    ("es", "fresh", "¿Y el viernes?", "user", "counter"),
    ("es", "nudged", "El lunes", "yes:4", ""),
    ("fr", "fresh", "Samedi me va très bien", "yes:3", ""),
    ("fr", "fresh", "Option 2 pour moi", "yes:2", ""),
    ("fr", "fresh", "Va pour jeudi", "yes:2", ""),
    ("fr", "fresh", "OK pour samedi", "yes:3", ""),
    ("fr", "fresh", "Pas possible pour moi cette semaine", "no", ""),
    ("fr", "fresh", "On remet ça à janvier ?", "later:2027-01-01", ""),
    ("fr", "fresh", "Une autre fois ?", "later", ""),
    ("fr", "fresh", "Et vendredi ?", "user", "counter"),
    ("fr", "nudged", "Lundi ça marche", "yes:4", ""),
    ("en", "fresh", "Tue: no\nThu: yes\nSat: no", "yes:2", "inline in the fresh text"),
    ("en", "fresh", "1. Tue 24 Nov - no\n2. Thu 26 Nov - yes\n3. Sat 28 Nov - no", "yes:2", "copied list"),
    ("en", "fresh", "Yes\nNo", "user", "yes and no, no option"),
    ("de", "fresh", "Sa., 28.11. passt", "yes:3", ""),
    ("en", "fresh", "thursdya works", "yes:2", "typo"),
    ("en", "fresh", "+1 for Thursday", "yes:2", ""),
    ("en", "fresh", "\u2705 Thursday", "yes:2", ""),
    ("en", "fresh", "Let's make it Saturday then", "yes:3", ""),
    ("en", "fresh", "I pick 2", "yes:2", ""),
    ("en", "fresh", "Thursday's great, see you at 12:30", "yes:2", ""),
    ("en", "fresh", "I'll have to skip this one", "no", ""),
    ("en", "fresh", "Sorry, this week is crazy for me", "no", ""),
    ("en", "fresh", "Maybe in spring?", "later:2027-03-01", ""),
    ("en", "fresh", "Thursday is likely fine", "user", "hedge"),
    ("de", "fresh", "Samstag früh passt", "yes:3", ""),
    ("de", "fresh", "Sorry, da bin ich schon verplant", "no", ""),
    ("de", "fresh", "Lass uns das auf Januar verschieben", "later:2027-01-01", ""),
    ("de", "fresh", "Donnerstag passt eigentlich", "user", "hedge"),
    ("es", "fresh", "Prefiero el sábado", "yes:3", ""),
    ("es", "fresh", "El sábado por la mañana", "yes:3", ""),
    ("es", "fresh", "Escríbeme dentro de un par de semanas", "later:2026-12-07", ""),
    ("es", "fresh", "Supongo que el jueves", "user", "hedge"),
    ("fr", "fresh", "Je prends samedi", "yes:3", ""),
    ("fr", "fresh", "Le premier créneau me va", "yes:1", ""),
    ("fr", "fresh", "Après les vacances ?", "later:2027-01-07", ""),
    ("fr", "fresh", "Jeudi, sauf imprévu", "user", "hedge"),
    (
        "de",
        "fresh",
        "Ja!\n\nAnna Müller\nSchillerstr. 3\n10625 Berlin",
        "user",
        "yes to which? (address below)",
    ),
    (
        "en",
        "fresh",
        "Thursday works!\nAnna Schmidt\nMüller GmbH\nHauptstr. 12\n80331 München\nTel 089 1234567",
        "yes:2",
        "signature without a sign-off",
    ),
    (
        "en",
        "fresh",
        "Saturday!\n\nSam Keller <sam@example.org> hat am Fr., 20. Nov. 2026 um 10:00 geschrieben:\n"
        "> Thursday works for me too",
        "yes:3",
        "unlisted quote attribution",
    ),
    ("en", "fresh", "Sounds great, see you later!", "user", "yes to which?"),
    ("en", "fresh", "I'm out, sorry!", "no", ""),
    ("en", "fresh", "11/26 works for me", "yes:2", "US date"),
    ("en", "fresh", "Busy this month, sorry", "later", ""),
    ("es", "fresh", "26/11 me va bien", "yes:2", ""),
    ("de", "fresh", "Dienstag wäre ideal", "yes:1", ""),
    ("de", "fresh", "Samstagvormittag passt", "yes:3", ""),
    ("es", "fresh", "Voto por el jueves", "yes:2", ""),
    ("es", "fresh", "¿Podemos dejarlo para después de Reyes?", "later:2027-01-07", ""),
    ("fr", "fresh", "Cette semaine c'est compliqué, désolé", "no", ""),
    ("fr", "fresh", "Reparlons-en après les fêtes", "later:2027-01-07", ""),
    ("de", "fresh", "Donnerstag geht leider nicht, Samstag schon", "yes:3", ""),
    ("de", "fresh", "Samstag bin ich schon weg", "user", "names a day, no answer"),
    ("en", "fresh", "Let's say Thursday then", "yes:2", ""),
    ("en", "fresh", "Saturday sounds like a plan", "yes:3", ""),
    ("de", "fresh", "Samstag Vormittag wäre toll!", "yes:3", ""),
    ("es", "fresh", "Genial, el sábado entonces", "yes:3", ""),
    ("fr", "fresh", "Jeudi, c'est noté !", "yes:2", ""),
    ("fr", "nudged", "Mon mari dit oui pour samedi", "yes:3", "'mon' is 'my', not Monday"),
    ("fr", "fresh", "Cette fois je passe mon tour", "no", ""),
    ("en", "nudged", "Mon works", "yes:4", ""),
    ("en", "fresh", "I can do all except Tuesday", "user", "several at once"),
    ("en", "fresh", "Everything but Thursday works", "user", "several at once"),
    ("en", "fresh", "I can do the first two", "user", "several at once"),
    ("de", "fresh", "Alle außer Dienstag", "user", "several at once"),
    ("es", "fresh", "Todos menos el martes", "user", "several at once"),
    ("fr", "fresh", "Tous sauf mardi", "user", "several at once"),
    ("en", "fresh", "I'd love to but I can't do any of these", "no", ""),
    ("en", "fresh", "Thursday works. Actually no, Saturday.", "user", "changes their mind"),
    ("en", "fresh", "Thursday is fine. Oh wait, I have a dentist appointment.", "user", "changes their mind"),
    ("en", "fresh", "Tuesday and Saturday are out, so Thursday", "user", "contrast, no yes"),
    ("en", "fresh", "Thursday works, I am free all day", "yes:2", ""),
    ("de", "fresh", "Donnerstag passt, ich muss nur noch kurz meinen Kalender checken", "user", "hedge"),
    ("es", "fresh", "El jueves me va, aunque lo confirmo mañana", "user", "hedge"),
    ("fr", "fresh", "Jeudi ça marche, je confirme demain", "user", "hedge"),
    ("en", "fresh", "Thursday works, pending my boss", "user", "hedge"),
    ("de", "fresh", "Leider nicht möglich", "no", ""),
    ("en", "fresh", "Thursday works for my wife, I will ask her again", "user", "hedge"),
    ("en", "fresh", "Thursday works for both of us", "yes:2", ""),
    ("en", "fresh", "No, but Thursday works", "yes:2", ""),
    ("de", "fresh", "Nein, aber Donnerstag geht", "yes:2", ""),
    ("fr", "fresh", "Non, mais jeudi oui", "yes:2", ""),
    ("en", "fresh", "Happy to do Thursday, though I may be late", "user", "condition"),
    ("en", "fresh", "Saturday is doable", "yes:3", ""),
]
CASES += [
    C(_CLIENTS[i % len(_CLIENTS)], lang, invite, text, expect, note)
    for i, (lang, invite, text, expect, note) in enumerate(_SECOND)
]


# ---------------------------------------------------------------- inline answers between the quoted options
_INLINE_EN = """On Fri, Nov 20, 2026 at 10:00 AM Sam Keller <sam@example.org> wrote:
> Hi {first},
>
> Coffee soon? It's been far too long.
>
> I could do:
> 1. Tue 24 Nov, 18:00-19:00
{a1}
> 2. Thu 26 Nov, 12:30-13:30
{a2}
> 3. Sat 28 Nov, 10:00-11:00
{a3}
>
> Just reply with the number that works for you. If none of them fit, no worries, just say so and I'll suggest others.
>
> Cheers,
> Sam
"""
_INLINE_DE = _INLINE_EN.replace(
    "On Fri, Nov 20, 2026 at 10:00 AM Sam Keller <sam@example.org> wrote:",
    "Am 20.11.26 um 10:00 schrieb Sam Keller:",
)
_INLINE_BARE = """-----Original Message-----
From: Sam Keller <sam@example.org>
Sent: Friday, November 20, 2026 10:00 AM
To: {first} <{email}>
Subject: Coffee?

Hi {first},

Coffee soon? It's been far too long.

I could do:
1. Tue 24 Nov, 18:00-19:00
{a1}
2. Thu 26 Nov, 12:30-13:30
{a2}
3. Sat 28 Nov, 10:00-11:00
{a3}

Just reply with the number that works for you. If none of them fit, no worries, just say so and I'll suggest others.

Cheers,
Sam
"""
INLINE: list[tuple[str, str, str, tuple[str, str, str], str, str]] = [
    # client, lang, template, (answer under 1, 2, 3), top text, expect
    ("thunderbird", "en", _INLINE_EN, ("no, gym", "yes!", ""), "", "yes:2"),
    ("mutt", "en", _INLINE_EN, ("", "", "This one!"), "Answers below.", "yes:3"),
    ("thunderbird", "en", _INLINE_EN, ("can't, sorry", "nope", "works"), "", "yes:3"),
    ("mutt", "en", _INLINE_EN, ("no", "no", "no"), "", "no"),
    ("thunderbird", "de", _INLINE_DE, ("leider nicht", "passt!", "geht nicht"), "", "yes:2"),
    ("thunderbird", "en", _INLINE_EN, ("yes", "yes", ""), "", "user"),
    (
        "outlook",
        "en",
        _INLINE_BARE,
        ("<< no, sorry", "<< yes, perfect", "<< no"),
        "See my answers below.",
        "yes:2",
    ),
    ("outlook", "en", _INLINE_BARE, ("", "", "[Jo] works for me"), "Inline:", "yes:3"),
    ("mutt", "en", _INLINE_EN, ("maybe?", "", ""), "", "user"),
    ("thunderbird", "de", _INLINE_DE, ("", "vielleicht", "ja"), "", "user"),
    ("gmail", "en", _INLINE_EN, ("\nNo\n", "\nYes\n", "\nNo\n"), "", "yes:2"),
    ("android", "en", _INLINE_EN, ("\nNo\n", "\nNo\n", "\nYes!\n"), "", "yes:3"),
    ("iphone", "en", _INLINE_EN, ("", "\nthis one\n", ""), "See below", "yes:2"),
]

# ---------------------------------------------------------------- automatic replies
AUTO: list[tuple[str, str, list[tuple[str, str]], str, str, str]] = [
    # client, lang, extra headers, subject, body, expect
    (
        "outlook",
        "en",
        [
            ("Auto-Submitted", "auto-replied"),
            ("X-Auto-Response-Suppress", "All"),
            ("X-MS-Exchange-Inbox-Rules-Loop", "{email}"),
        ],
        "Automatic reply: Coffee?",
        "I am out of the office until Monday, 30 November with limited access to email. "
        "I'll be back on Monday and will reply then.\n\nFor urgent matters please contact "
        "helpdesk@example.com or call +44 20 7946 0000.",
        "away:2026-11-30",
    ),
    (
        "gmail",
        "en",
        [("Auto-Submitted", "auto-replied")],
        "Re: Coffee?",
        "Hi! I'm on vacation until December 4th with no access to email. I'll get back to you when I'm back.",
        "away:2026-12-04",
    ),
    (
        "outlook",
        "de",
        [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")],
        "Abwesenheitsnotiz: Coffee?",
        "Vielen Dank für Ihre Nachricht. Ich bin bis zum 7. Dezember nicht im Büro und habe keinen Zugriff "
        "auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an Frau Weber (+49 30 1234 5678).",
        "away:2026-12-07",
    ),
    (
        "html",
        "de",
        [],
        "Automatische Antwort: Coffee?",
        "Ich bin ab dem 1.12. wieder erreichbar. Ihre E-Mail wird nicht weitergeleitet.",
        "away:2026-12-01",
    ),
    (
        "gmail",
        "es",
        [("Auto-Submitted", "auto-replied")],
        "Respuesta automática: Coffee?",
        "Estoy de vacaciones hasta el 7 de diciembre. Responderé a tu correo a mi vuelta.",
        "away:2026-12-07",
    ),
    (
        "outlook",
        "fr",
        [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")],
        "Réponse automatique : Coffee?",
        "Bonjour,\n\nJe suis absente jusqu'au 4 décembre inclus. Je vous répondrai dès mon retour.\n\nCordialement",
        "away:2026-12-04",
    ),
    (
        "html",
        "en",
        [],
        "Out of Office: Coffee?",
        "Thank you for your email. I'm away until Friday and will reply when I'm back.",
        "away:2026-11-27",
    ),
    (
        "outlook",
        "en",
        [("Auto-Submitted", "auto-generated")],
        "Automatic reply: Coffee?",
        "I am currently out of the office with limited access to email.",
        "away",
    ),
    (
        "gmail",
        "en",
        [("X-Autoreply", "yes")],
        "Re: Coffee?",
        "Thanks for your message! I'm travelling and back on Thursday, 3 December. Yes, I will read it then.",
        "away:2026-12-03",
    ),
    (
        "android",
        "en",
        [("Precedence", "auto_reply")],
        "Re: Coffee?",
        "Auto-reply: back on Thursday. For anything urgent, call me.",
        "away:2026-11-26",
    ),
    (
        "thunderbird",
        "en",
        [],
        "Re: Coffee?",
        "This is an automatic reply. I'm on parental leave until January and not reading mail.",
        "away:2027-01-01",
    ),
    (
        "gmail",
        "de",
        [("Auto-Submitted", "auto-replied"), ("Precedence", "bulk")],
        "Re: Coffee?",
        "Ich bin im Urlaub und ab Montag, 30.11. wieder da. Ja, Ihre Mail erreicht mich dann.",
        "away:2026-11-30",
    ),
    (
        "html",
        "es",
        [],
        "Fuera de la oficina: Coffee?",
        "Gracias por tu mensaje. Estoy fuera de la oficina hasta el lunes 30 de noviembre.",
        "away:2026-11-30",
    ),
    (
        "gmail",
        "fr",
        [],
        "Absence du bureau : Coffee?",
        "Message automatique : je suis en congés, de retour le 2 décembre. Pour toute urgence : 01 23 45 67 89.",
        "away:2026-12-02",
    ),
    (
        "outlook",
        "en",
        [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")],
        "Automatic reply: Coffee?",
        "I'm out on Thursday and Friday. Saturday works? No - I'm away until Sunday.",
        "away:2026-11-29",
    ),
    (
        "gmail",
        "en",
        [("Auto-Submitted", "auto-replied")],
        "Re: Coffee?",
        "Sorry, I can't reply right now - I'm on holiday until 14 December.",
        "away:2026-12-14",
    ),
    (
        "outlook",
        "en",
        [],
        "Re: Coffee?",
        "Thank you for your message. I am currently on annual leave, returning on 7 December. For urgent "
        "matters please contact jo@example.com.",
        "away:2026-12-07",
    ),
    (
        "html",
        "en",
        [],
        "Re: Coffee?",
        "I'm on vacation until December 4th and can't respond to emails.",
        "away:2026-12-04",
    ),
    (
        "thunderbird",
        "de",
        [],
        "Re: Coffee?",
        "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 4.12. im Urlaub und nicht erreichbar.",
        "away:2026-12-04",
    ),
    (
        "apple",
        "es",
        [],
        "Re: Coffee?",
        "Gracias por su mensaje. Estaré fuera de la oficina hasta el 2 de diciembre sin acceso al correo.",
        "away:2026-12-02",
    ),
    (
        "iphone",
        "fr",
        [],
        "Re: Coffee?",
        "Bonjour, je suis absente jusqu'au lundi 30 novembre. Je répondrai à votre message dès mon retour.",
        "away:2026-11-30",
    ),
    (
        "outlook",
        "en",
        [],
        "Re: Coffee?",
        "Hello, I will be out of the office from 23 November to 1 December with limited access to email.",
        "away:2026-12-01",
    ),
    (
        "android",
        "en",
        [],
        "Re: Coffee?",
        "I'm currently travelling and can't check email regularly. I'll respond when I can.",
        "away",
    ),
    (
        "thunderbird",
        "de",
        [],
        "Re: Coffee?",
        "Ich bin derzeit unterwegs und lese meine E-Mails nur unregelmäßig.",
        "away",
    ),
    (
        "outlook",
        "en",
        [],
        "RE: Coffee?",
        "Thank you for your email. I will reply as soon as possible. For urgent matters please call 0800 123 456.",
        "away",
    ),
    (
        "outlook",
        "en",
        [],
        "Read: Coffee?",
        "Your message\n\n  To: Anna\n  Subject: Coffee?\n  Sent: Friday, November 20, 2026 10:00:00 AM (UTC+01:00)\n\n"
        "was read on Monday, November 23, 2026 2:02:11 PM (UTC+01:00).",
        "away",
    ),
]

# ---------------------------------------------------------------- calendar answers (iMIP)
IMIP: list[tuple[str, str, str, str, str, str]] = [
    # client, invite, method, partstat, option the DTSTART names, expect
    ("google", "accepted", "REPLY", "ACCEPTED", "2", "noted"),
    ("google", "accepted", "REPLY", "DECLINED", "2", "cancel"),
    ("outlook", "accepted", "REPLY", "DECLINED", "2", "cancel"),
    ("google", "accepted", "REPLY", "TENTATIVE", "2", "user"),
    ("outlook", "accepted", "COUNTER", "TENTATIVE", "new:2026-11-27T17:00", "user"),
    ("outlook", "accepted", "REPLY", "ACCEPTED", "2", "noted"),
    ("google", "fresh", "REPLY", "ACCEPTED", "3", "yes:3"),
    ("outlook", "fresh", "REPLY", "ACCEPTED", "1", "yes:1"),
    ("google", "fresh", "REPLY", "DECLINED", "1", "no"),
    ("outlook", "fresh", "REPLY", "DECLINED", "2", "no"),
    ("google", "fresh", "REPLY", "TENTATIVE", "2", "user"),
    ("outlook", "fresh", "COUNTER", "TENTATIVE", "new:2026-11-27T18:30", "user"),
    ("google", "fresh", "REPLY", "ACCEPTED", "new:2026-11-29T11:00", "user"),
    ("google", "fresh", "REPLY", "ACCEPTED", "attendee:someone.else@example.net", "user"),
]

# ---------------------------------------------------------------- names, addresses, clients

FIRST = [
    "Jo",
    "Anna",
    "Lucía",
    "Claire",
    "Ben",
    "Mia",
    "Pablo",
    "Élodie",
    "Tom",
    "Lena",
    "Diego",
    "Hugo",
    "Kate",
    "Jonas",
    "Carmen",
    "Inès",
    "Sam",
    "Lukas",
    "Sofía",
    "Chloé",
    "Raj",
    "Marta",
    "Noah",
    "Zoé",
]
LAST = [
    "Baker",
    "Rossi",
    "Kowalski",
    "Schäfer",
    "García",
    "Martin",
    "Okafor",
    "Weber",
    "Ruiz",
    "Dubois",
    "Nguyen",
    "Fischer",
    "López",
    "Lefèvre",
]

_ATTRIBUTION = {
    "gmail": {
        "en": "On Fri, Nov 20, 2026 at 10:00 AM Sam Keller <sam@example.org> wrote:",
        "de": "Am Fr., 20. Nov. 2026 um 10:00 Uhr schrieb Sam Keller <sam@example.org>:",
        "es": "El vie, 20 nov 2026 a las 10:00, Sam Keller (<sam@example.org>) escribió:",
        "fr": "Le ven. 20 nov. 2026 à 10:00, Sam Keller <sam@example.org> a écrit :",
    },
    "apple": {
        "en": "On 20 Nov 2026, at 10:00, Sam Keller <sam@example.org> wrote:",
        "de": "Am 20.11.2026 um 10:00 schrieb Sam Keller <sam@example.org>:",
        "es": "El 20 nov 2026, a las 10:00, Sam Keller <sam@example.org> escribió:",
        "fr": "Le 20 nov. 2026 à 10:00, Sam Keller <sam@example.org> a écrit :",
    },
    "thunderbird": {
        "en": "On 20/11/2026 10:00, Sam Keller wrote:",
        "de": "Am 20.11.26 um 10:00 schrieb Sam Keller:",
        "es": "El 20/11/26 a las 10:00, Sam Keller escribió:",
        "fr": "Le 20/11/2026 à 10:00, Sam Keller a écrit :",
    },
    "android": {
        "en": "On Fri, 20 Nov 2026, 10:00 Sam Keller, <sam@example.org> wrote:",
        "de": "Sam Keller <sam@example.org> schrieb am Fr., 20. Nov. 2026, 10:00:",
        "es": "El vie., 20 nov. 2026 10:00, Sam Keller <sam@example.org> escribió:",
        "fr": "Le ven. 20 nov. 2026, 10:00, Sam Keller <sam@example.org> a écrit :",
    },
}
_OUTLOOK_HEADER = {
    "en": ("From", "Sent", "To", "Subject", "Friday, November 20, 2026 10:00 AM"),
    "de": ("Von", "Gesendet", "An", "Betreff", "Freitag, 20. November 2026 10:00"),
    "es": ("De", "Enviado", "Para", "Asunto", "viernes, 20 de noviembre de 2026 10:00"),
    "fr": ("De ", "Envoyé ", "À ", "Objet ", "vendredi 20 novembre 2026 10:00"),
}
_SENT_FROM = {
    "iphone": {
        "en": "Sent from my iPhone",
        "de": "Von meinem iPhone gesendet",
        "es": "Enviado desde mi iPhone",
        "fr": "Envoyé de mon iPhone",
    },
    "android": {
        "en": "Sent from my Android phone",
        "de": "Von meinem Android-Telefon gesendet",
        "es": "Enviado desde mi teléfono Android",
        "fr": "Envoyé depuis mon téléphone Android",
    },
    "outlook": {
        "en": "Get Outlook for iOS",
        "de": "Outlook für iOS beziehen",
        "es": "Obtener Outlook para iOS",
        "fr": "Télécharger Outlook pour iOS",
    },
}
_USER_AGENT = {
    "thunderbird": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0",
    "mutt": "NeoMutt/20240425",
    "android": "K-9 Mail for Android",
}


def _quote(text: str, prefix: str = "> ") -> str:
    return "\n".join((prefix + line).rstrip() for line in text.rstrip("\n").split("\n"))


def _html_escape(text: str) -> str:
    import html

    return html.escape(text).replace("\n", "<br>\n")


@dataclass
class Rendered:
    headers: list[tuple[str, str]]
    body: bytes  # everything after the headers (MIME bodies included)


def _qp(text: str, charset: str) -> bytes:
    return quopri.encodestring(text.replace("\n", "\r\n").encode(charset, errors="replace"))


def _b64(data: bytes) -> bytes:
    return "\r\n".join(textwrap.wrap(base64.b64encode(data).decode(), 76)).encode()


def _part(content_type: str, text: str, charset: str, encoding: str) -> bytes:
    if encoding == "quoted-printable":
        payload = _qp(text, charset)
    elif encoding == "base64":
        payload = _b64(text.replace("\n", "\r\n").encode(charset, errors="replace"))
    else:
        payload = text.replace("\n", "\r\n").encode(charset, errors="replace")
    head = (
        f'Content-Type: {content_type}; charset="{charset}"\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n'
    )
    return head.encode() + payload + b"\r\n"


def _multipart(kind: str, boundary: str, parts: list[bytes]) -> bytes:
    out = b""
    for part in parts:
        out += f"--{boundary}\r\n".encode() + part
    return out + f"--{boundary}--\r\n".encode()


def _gmail_html(fresh: str, attribution: str, original: str) -> str:
    return (
        f'<div dir="ltr">{_html_escape(fresh)}</div><br><div class="gmail_quote"><div dir="ltr" '
        f'class="gmail_attr">{_html_escape(attribution)}<br></div><blockquote class="gmail_quote" '
        'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
        f"{_html_escape(original)}</blockquote></div>\n"
    )


def _outlook_block(lang: str, first: str, email: str, original: str) -> tuple[str, str]:
    f, s, t, subj, date = _OUTLOOK_HEADER[lang]
    plain = (
        f"________________________________\n{f}: Sam Keller <sam@example.org>\n{s}: {date}\n"
        f"{t}: {first} <{email}>\n{subj}: Coffee?\n\n{original}"
    )
    html = (
        '<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">'
        f'<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>{f}:</b> Sam Keller '
        f"&lt;sam@example.org&gt;<br><b>{s}:</b> {date}<br><b>{t}:</b> {first} &lt;{email}&gt;<br>"
        f"<b>{subj}:</b> Coffee?</font><div>&nbsp;</div></div><div>{_html_escape(original)}</div>"
    )
    return plain, html


def render(case: Case, n: int, first: str, full: str, email: str, sent_at: datetime) -> bytes:
    """One reply as the client would put it on the wire."""
    original = {"fresh": invite_text, "nudged": nudge_text, "accepted": confirmation_text}[case.invite](first)
    answered = {"fresh": "invite", "nudged": "nudge", "accepted": "confirmation"}[case.invite]
    lang, client = case.lang, case.client
    digest = hashlib.sha1(f"{n}{case.fresh}".encode()).hexdigest()
    headers: list[tuple[str, str]] = []
    from_name = Header(full, "utf-8").encode() if not full.isascii() else full
    headers.append(("From", f"{from_name} <{case.sender or email}>"))
    headers.append(("To", "Sam Keller <sam@example.org>"))
    headers.append(("Date", format_datetime(sent_at.astimezone(BERLIN))))
    subject = (
        case.subject
        or {"fresh": "Re: Coffee?", "nudged": "Re: Coffee?", "accepted": "Re: Coffee: Thu 26 Nov"}[
            case.invite
        ]
    )
    if client == "outlook" and lang != "en":
        subject = {"de": "AW: ", "es": "RE: ", "fr": "RE : "}[lang] + subject[4:]
    headers.append(("Subject", Header(subject, "utf-8").encode() if not subject.isascii() else subject))
    msgid = {
        "gmail": f"<CAF{digest[:20]}+{digest[20:30]}@mail.gmail.com>",
        "android": f"<CAF{digest[:24]}@mail.gmail.com>",
        "outlook": f"<DB9PR0{digest[:4].upper()}MB{digest[4:8]}{digest[8:20].upper()}@DB9PR02MB7979.eurprd02.prod.outlook.com>",
        "apple": f"<{digest[:8].upper()}-{digest[8:12].upper()}-{digest[12:16].upper()}-{digest[16:28].upper()}@example.org>",
        "iphone": f"<{digest[:8].upper()}-{digest[8:12].upper()}-4{digest[12:15].upper()}-{digest[16:28].upper()}@example.org>",
        "thunderbird": f"<{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}@example.org>",
        "mutt": f"<20261123{digest[:6]}.{digest[6:12]}@{email.split('@')[1]}>",
        "html": f"<{digest[:16]}.{digest[16:24]}@mail.example.net>",
    }[client]
    headers.append(("Message-ID", msgid))
    if case.threading:
        refs = [message_id(n, "invite")] + ([message_id(n, answered)] if answered != "invite" else [])
        headers.append(("In-Reply-To", message_id(n, answered)))
        headers.append(("References", " ".join(refs)))
    if client in _USER_AGENT:
        headers.append(("User-Agent", _USER_AGENT[client]))
    if client == "outlook":
        headers += [
            ("Thread-Topic", "Coffee?"),
            ("Thread-Index", "AQHa" + digest[:24]),
            ("Content-Language", {"en": "en-GB", "de": "de-DE", "es": "es-ES", "fr": "fr-FR"}[lang]),
            ("X-MS-Has-Attach", ""),
            ("X-MS-TNEF-Correlator", ""),
        ]
    headers += [(k, v.format(email=email)) for k, v in case.headers]
    headers.append(("MIME-Version", "1.0"))

    fresh = case.fresh
    if client in _SENT_FROM and "\n--" not in fresh and client != "outlook":
        fresh = fresh + "\n\n" + _SENT_FROM[client][lang]
    boundary = (
        f"000000000000{digest[:12]}" if client in ("gmail", "android") else f"Apple-Mail={digest[:8].upper()}"
    )
    if case.body is not None:
        text = case.body
        if client == "outlook":
            return _finish(
                headers, "text/plain", _part("text/plain", text, "windows-1252", "quoted-printable")
            )
        charset = "iso-8859-1" if client == "mutt" else "utf-8"
        encoding = "8bit" if client in ("mutt", "thunderbird") else "quoted-printable"
        return _finish(headers, "text/plain", _part("text/plain", text, charset, encoding))
    if client in ("gmail", "android"):
        attribution = _ATTRIBUTION[client][lang]
        plain = f"{fresh}\n\n{attribution}\n\n{_quote(original)}\n"
        html = _gmail_html(fresh, attribution, original)
        encoding = "base64" if client == "android" else "quoted-printable"
        body = _multipart(
            "alternative",
            boundary,
            [_part("text/plain", plain, "UTF-8", encoding), _part("text/html", html, "UTF-8", encoding)],
        )
        return _finish(headers, f'multipart/alternative; boundary="{boundary}"', body)
    if client == "outlook":
        plain_quote, html_quote = _outlook_block(lang, first, email, original)
        charset = "Windows-1252" if all(ord(c) < 256 or c in "€" for c in fresh) else "utf-8"
        plain = f"{fresh}\n\n{plain_quote}"
        html = (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f'<body><div style="font-family:Calibri,Arial,Helvetica,sans-serif;font-size:12pt">'
            f"{_html_escape(fresh)}</div>{html_quote}</body></html>"
        )
        boundary = f"_000_DB9PR02MB7979{digest[:8].upper()}_"
        body = _multipart(
            "alternative",
            boundary,
            [
                _part("text/plain", plain, charset, "quoted-printable"),
                _part("text/html", html, charset, "quoted-printable"),
            ],
        )
        return _finish(headers, f'multipart/alternative; boundary="{boundary}"', body)
    if client in ("apple", "iphone"):
        attribution = _ATTRIBUTION["apple"][lang]
        plain = f"{fresh}\n\n> {attribution}\n> \n{_quote(original)}\n"
        if client == "iphone":
            return _finish(headers, "text/plain", _part("text/plain", plain, "utf-8", "quoted-printable"))
        html = (
            f'<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body '
            f'dir="auto">{_html_escape(fresh)}<br><div dir="ltr"><br><blockquote type="cite">{_html_escape(attribution)}'
            f"<br><br>{_html_escape(original)}</blockquote></div></body></html>"
        )
        body = _multipart(
            "alternative",
            boundary,
            [
                _part("text/plain", plain, "utf-8", "quoted-printable"),
                _part("text/html", html, "utf-8", "quoted-printable"),
            ],
        )
        return _finish(headers, f'multipart/alternative; boundary="{boundary}"', body)
    if client == "thunderbird":
        attribution = _ATTRIBUTION["thunderbird"][lang]
        # Thunderbird users often answer below the quote
        if len(case.fresh) % 2:
            plain = f"{attribution}\n{_quote(original)}\n\n{fresh}\n"
        else:
            plain = f"{fresh}\n\n{attribution}\n{_quote(original)}\n"
        return _finish(
            headers,
            "text/plain; format=flowed",
            _part("text/plain", plain, "UTF-8", "8bit"),
            params="; format=flowed",
        )
    if client == "mutt":
        attribution = {
            "en": "* Sam Keller <sam@example.org> [2026-11-20 10:00 +0100]:",
            "de": "* Sam Keller <sam@example.org> [2026-11-20 10:00 +0100]:",
            "es": "El viernes 20 de noviembre, Sam Keller escribió:",
            "fr": "Le vendredi 20 novembre 2026 à 10:00, Sam Keller a écrit :",
        }[lang]
        plain = f"{attribution}\n{_quote(original)}\n\n{fresh}\n"
        charset = "iso-8859-1" if all(ord(c) < 256 for c in plain) else "utf-8"
        return _finish(headers, "text/plain", _part("text/plain", plain, charset, "8bit"))
    # html-only (webmail): the quote in a blockquote or an Outlook-style block
    if lang in ("de", "es"):
        _, quote_html = _outlook_block(lang, first, email, original)
    else:
        quote_html = f"<blockquote>{_html_escape(original)}</blockquote>"
    html = f"<html><body><p>{_html_escape(fresh)}</p><br>{quote_html}</body></html>"
    return _finish(
        headers,
        "text/html",
        _part(
            "text/html",
            html,
            "iso-8859-1" if all(ord(c) < 256 for c in html) else "utf-8",
            "quoted-printable",
        ),
    )


def _finish(headers: list[tuple[str, str]], content_type: str, body: bytes, params: str = "") -> bytes:
    """Header block plus body; a single part's own Content-Type line becomes the message's."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    if body.startswith(b"Content-Type: text/"):
        first_line, rest = body.split(b"\r\n", 1)
        if params:
            first_line += params.encode()
        return head.encode() + first_line + b"\r\n" + rest
    return head.encode() + f"Content-Type: {content_type}\r\n\r\n".encode() + body


def _imip(n: int, email: str, name: str, client: str, method: str, partstat: str, target: str) -> bytes:
    attendee = email
    start, end = OPTIONS[CONFIRMED_OPTION]
    if target.startswith("attendee:"):
        attendee = target.split(":", 1)[1]
    elif target.startswith("new:"):
        start = datetime.fromisoformat(target[4:]).replace(tzinfo=BERLIN)
        end = start + timedelta(hours=1)
    else:
        start, end = OPTIONS[int(target)]
    stamp = "20261123T120000Z"
    utc = lambda d: d.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")  # noqa: E731
    if client == "google":
        prodid = "-//Google Inc//Google Calendar 70.9054//EN"
        times = f"DTSTART:{utc(start)}\r\nDTEND:{utc(end)}\r\n"
        attendee_line = (
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={name};X-NUM-GUESTS=0:"
            f"mailto:{attendee}"
        )
    else:
        prodid = "Microsoft Exchange Server 2010"
        local = lambda d: d.astimezone(BERLIN).strftime("%Y%m%dT%H%M%S")  # noqa: E731
        times = (
            f"DTSTART;TZID=W. Europe Standard Time:{local(start)}\r\n"
            f"DTEND;TZID=W. Europe Standard Time:{local(end)}\r\n"
        )
        attendee_line = f"ATTENDEE;PARTSTAT={partstat};CN={name}:mailto:{attendee}"
    tz = (
        (
            "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n"
            "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\n"
            "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n"
            "TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n"
            "END:VTIMEZONE\r\n"
        )
        if client == "outlook"
        else ""
    )
    comment = "COMMENT;LANGUAGE=en-US:How about Friday evening instead?\r\n" if method == "COUNTER" else ""
    return (
        f"BEGIN:VCALENDAR\r\nPRODID:{prodid}\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:{method}\r\n{tz}"
        f"BEGIN:VEVENT\r\n{times}DTSTAMP:{stamp}\r\nORGANIZER;CN=Sam Keller:mailto:sam@example.org\r\n"
        f"UID:{event_uid(n)}\r\n{attendee_line}\r\n{comment}CREATED:20261120T090000Z\r\n"
        f"LAST-MODIFIED:{stamp}\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Coffee with Jo and Sam Keller\r\n"
        f"TRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def render_imip(
    n: int, item: tuple[str, str, str, str, str, str], first: str, full: str, email: str, sent_at: datetime
) -> bytes:
    client, _invite, method, partstat, target, _expect = item
    calendar = _imip(n, email, full, client, method, partstat, target)
    word = {"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentatively Accepted"}[partstat]
    if method == "COUNTER":
        word = "New Time Proposed"
    digest = hashlib.sha1(f"imip{n}".encode()).hexdigest()
    sender = target.split(":", 1)[1] if target.startswith("attendee:") else email
    if client == "google":
        subject = f"{word}: Coffee with {first} and Sam Keller @ Thu 26 Nov 2026 12:30 - 13:30 (CET) (sam@example.org)"
        text = f"{full} has {word.lower()} this invitation.\n\nCoffee with {first} and Sam Keller\n\nInvitation from Google Calendar\n"
        boundary = f"000000000000{digest[:12]}"
        inner = _multipart(
            "alternative",
            boundary + "b",
            [
                _part("text/plain", text, "UTF-8", "quoted-printable"),
                _part("text/html", f"<p>{_html_escape(text)}</p>", "UTF-8", "quoted-printable"),
                b'Content-Type: text/calendar; charset="UTF-8"; method='
                + method.encode()
                + b"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + calendar,
            ],
        )
        body = _multipart(
            "mixed",
            boundary,
            [
                f'Content-Type: multipart/alternative; boundary="{boundary}b"\r\n\r\n'.encode() + inner,
                b'Content-Type: application/ics; name="invite.ics"\r\nContent-Disposition: attachment; '
                b'filename="invite.ics"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
                + _b64(calendar)
                + b"\r\n",
            ],
        )
        ctype = f'multipart/mixed; boundary="{boundary}"'
        msgid = f"<calendar-{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:28]}@google.com>"
    else:
        subject = f"{word}: Coffee with {first} and Sam Keller"
        boundary = f"_000_AM0PR{digest[:10].upper()}_"
        text = f"{word}\n" if method != "COUNTER" else "How about Friday evening instead?\n"
        body = _multipart(
            "alternative",
            boundary,
            [
                _part("text/plain", text, "us-ascii", "quoted-printable"),
                b'Content-Type: text/calendar; charset="utf-8"; method='
                + method.encode()
                + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + _b64(calendar)
                + b"\r\n",
            ],
        )
        ctype = f'multipart/alternative; boundary="{boundary}"'
        msgid = f"<AM0PR{digest[:12].upper()}@AM0PR02MB5555.eurprd02.prod.outlook.com>"
    headers = [
        ("From", f"{full} <{sender}>"),
        ("To", "Sam Keller <sam@example.org>"),
        ("Subject", subject),
        ("Date", format_datetime(sent_at.astimezone(BERLIN))),
        ("Message-ID", msgid),
        ("MIME-Version", "1.0"),
    ]
    if client == "outlook":
        headers += [
            ("Thread-Topic", "Coffee with Jo and Sam Keller"),
            ("X-MS-Has-Attach", ""),
            ("X-MS-Exchange-Calendar-Series-Instance-Id", "BAAAAIIA4AB0xbcQGoLgCAAAAA"),
        ]
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    return head.encode() + f"Content-Type: {ctype}\r\n\r\n".encode() + body


def render_auto(
    n: int,
    item: tuple[str, str, list[tuple[str, str]], str, str, str],
    first: str,
    full: str,
    email: str,
    sent_at: datetime,
) -> bytes:
    client, lang, extra, subject, text, _expect = item
    case = Case(
        client,
        lang,
        "fresh",
        "",
        "",
        headers=extra,
        subject=subject,
        body=text + "\n",
        threading=client != "html",
    )
    if client in ("gmail", "android"):
        case.body = None
        case.fresh = text
    return render(case, n, first, full, email, sent_at)


def render_inline(
    n: int,
    item: tuple[str, str, str, tuple[str, str, str], str, str],
    first: str,
    full: str,
    email: str,
    sent_at: datetime,
) -> bytes:
    client, lang, template, answers, top, _expect = item
    filled = [a or "\x00" for a in answers]
    body = template.format(first=first, email=email, a1=filled[0], a2=filled[1], a3=filled[2])
    text = "\n".join(line for line in body.split("\n") if line != "\x00")
    if top:
        text = f"{top}\n\n{text}"
    case = Case(client, lang, "fresh", "", "", body=text)
    return render(case, n, first, full, email, sent_at)


def build() -> list[dict[str, object]]:
    """Every case as (file name, bytes, expectation)."""
    rows: list[dict[str, object]] = []
    items: list[tuple[str, object]] = [("text", c) for c in CASES] + [("inline", i) for i in INLINE]
    items += [("auto", a) for a in AUTO] + [("imip", m) for m in IMIP]
    for index, (kind, item) in enumerate(items, start=1):
        first = FIRST[index % len(FIRST)]
        full = f"{first} {LAST[(index // len(FIRST) + index) % len(LAST)]}"
        slug = first.lower().translate(str.maketrans("áéíóúüöäèçñ", "aeiouuoaecn"))
        email = (
            f"{slug}.{index}@"
            + ["example.com", "example.net", "example.de", "example.es", "example.fr"][index % 5]
        )
        sent_at = NOW - timedelta(minutes=2 * (len(items) - index) + 1)
        if kind == "text":
            assert isinstance(item, Case)
            raw = render(item, index, first, full, email, sent_at)
            client, lang, invite, expect, note = item.client, item.lang, item.invite, item.expect, item.note
        elif kind == "inline":
            raw = render_inline(index, item, first, full, email, sent_at)  # type: ignore[arg-type]
            client, lang, invite, expect, note = item[0], item[1], "fresh", item[5], "inline"  # type: ignore[index]
        elif kind == "auto":
            raw = render_auto(index, item, first, full, email, sent_at)  # type: ignore[arg-type]
            client, lang, invite, expect, note = item[0], item[1], "fresh", item[5], "automatic reply"  # type: ignore[index]
        else:
            raw = render_imip(index, item, first, full, email, sent_at)  # type: ignore[arg-type]
            client, invite, expect = item[0], item[1], item[5]  # type: ignore[index]
            lang, note = "en", f"iMIP {item[2]} {item[3]}"  # type: ignore[index]
        name = f"{index:03d}-{client}-{lang}-{kind}.eml"
        rows.append(
            {
                "file": name,
                "raw": raw,
                "friend": index,
                "name": full,
                "email": email,
                "invite": invite,
                "expect": expect,
                "note": note,
                "lang": lang,
                "client": client,
            }
        )
    return rows


def main() -> None:
    for old in HERE.glob("*.eml"):
        old.unlink()
    rows = build()
    lines = ["# Generated by make_corpus.py: one [[case]] per .eml (friend N answers invite N).", ""]
    for row in rows:
        (HERE / str(row["file"])).write_bytes(row["raw"])  # type: ignore[arg-type]
        lines += (
            ["[[case]]"]
            + [
                f"{key} = {json.dumps(value, ensure_ascii=False)}"
                for key, value in row.items()
                if key != "raw"
            ]
            + [""]
        )
    (HERE / "expected.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(rows)} replies written to {HERE}")


if __name__ == "__main__":
    main()
