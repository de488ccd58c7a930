"""The words a reply is read with, in English, German, Spanish and French.

Pure data and small lookups. Reading never depends on the user's locale: every language is always
known, and a word that means something else in another language ("do", "so", "sam", "vie") only
counts as a weekday where a person would read it as one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Full weekday names (0 = Monday) in every language.
_WEEKDAY_NAMES = {
    0: ("monday", "montag", "lunes", "lundi"),
    1: ("tuesday", "dienstag", "martes", "mardi"),
    2: ("wednesday", "mittwoch", "miercoles", "mercredi"),
    3: ("thursday", "donnerstag", "jueves", "jeudi"),
    4: ("friday", "freitag", "viernes", "vendredi"),
    5: ("saturday", "samstag", "sonnabend", "sabado", "samedi"),
    6: ("sunday", "sonntag", "domingo", "dimanche"),
}
#: Abbreviations nobody reads as anything else.
_WEEKDAY_SHORT = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6, "mie": 2, "jue": 3, "sab": 5,
}  # fmt: skip
#: Abbreviations that are also ordinary words somewhere ("do", "so", "mi", "sam", "vie", "mar"):
#: weekdays only when written like one (capitalised and followed by a date, a time or a yes word,
#: or with a dot: "Do 26.11.", "Sa geht", "mié.").
_WEEKDAY_WEAK = {
    "mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6,
    "lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "vie": 4, "sam": 5, "dim": 6, "dom": 6,
}  # fmt: skip
WEEKDAY_EXACT: dict[str, int] = {name: day for day, names in _WEEKDAY_NAMES.items() for name in names}
WEEKDAY_EXACT.update(_WEEKDAY_SHORT)

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("jan", "january", "januar", "janner", "enero", "ene", "janvier", "janv"),
        ("feb", "february", "februar", "febrero", "fevrier", "fevr"),
        ("march", "marz", "marzo", "mars"),
        ("apr", "april", "abril", "avril", "avr"),
        ("may", "mai", "mayo"),
        ("jun", "june", "juni", "junio", "juin"),
        ("jul", "july", "juli", "julio", "juillet", "juil"),
        ("aug", "august", "agosto", "aout", "ago"),
        ("sep", "sept", "september", "septiembre", "septembre", "setiembre"),
        ("oct", "october", "oktober", "okt", "octubre", "octobre"),
        ("nov", "november", "noviembre", "novembre"),
        ("dec", "december", "dezember", "dez", "diciembre", "dic", "decembre"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6,
    "erste": 1, "ersten": 1, "erster": 1, "erstes": 1, "zweite": 2, "zweiten": 2, "zweiter": 2,
    "zweites": 2, "dritte": 3, "dritten": 3, "dritter": 3, "drittes": 3, "vierte": 4, "vierten": 4,
    "funfte": 5, "funften": 5, "sechste": 6, "letzte": -1, "letzten": -1, "letzter": -1, "letztes": -1,
    "primera": 1, "primero": 1, "primer": 1, "segunda": 2, "segundo": 2, "tercera": 3, "tercero": 3,
    "tercer": 3, "cuarta": 4, "cuarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "ultima": -1,
    "ultimo": -1, "premier": 1, "premiere": 1, "deuxieme": 2, "seconde": 2, "troisieme": 3,
    "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "dernier": -1, "derniere": -1,
    "1er": 1, "1re": 1, "2e": 2, "2eme": 2, "3e": 3, "3eme": 3, "1a": 1, "2a": 2, "3a": 3, "1o": 1, "2o": 2,
}  # fmt: skip
#: Words for "the one" that make an ordinal a choice ("the second one", "die zweite Option").
CHOICE_NOUNS = (
    "one|option|choice|slot|time|date|suggestion|termin|option|vorschlag|zeit|datum|opcion|fecha|hora|"
    "propuesta|creneau|date|proposition|horaire"
)

PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "morning": (5, 12), "lunch": (11, 15), "lunchtime": (11, 15), "noon": (11, 14), "midday": (11, 14),
    "afternoon": (12, 18), "evening": (17, 24), "tonight": (17, 24), "night": (18, 24),
    "morgen": (5, 12), "morgens": (5, 12), "vormittag": (5, 12), "vormittags": (5, 12), "mittag": (11, 15),
    "mittags": (11, 15), "nachmittag": (12, 18), "nachmittags": (12, 18), "abend": (17, 24),
    "abends": (17, 24), "fruh": (5, 12), "mediodia": (11, 15), "manana": (5, 12), "tarde": (12, 21), "noche": (18, 24), "matin": (5, 12), "matinee": (5, 12),
    "midi": (11, 15), "dejeuner": (11, 15), "apres-midi": (12, 18), "soir": (17, 24), "soiree": (17, 24),
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case without accents ("Miércoles" -> "miercoles"), so spelling with or without
    accents reads the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_KEYCAP = re.compile("([0-9#])\ufe0f?\u20e3")


def normalise(text: str) -> str:
    """Keycap digits to digits, typographic quotes and dashes to plain ones."""
    text = _KEYCAP.sub(r"\1", text)
    return (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u00a0", " ")
    )


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of two neighbours costs one, as in "thrusday")."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@lru_cache(maxsize=4096)
def weekday_of(word: str) -> int | None:
    """The weekday a folded word names, allowing a typo in long names ("thrusday", "wendsday",
    "donerstag"): one edit from six letters, two from eight, and only when a single weekday is
    that close."""
    if word in WEEKDAY_EXACT:
        return WEEKDAY_EXACT[word]
    if len(word) < 6 or word in _NOT_WEEKDAYS:
        return None
    limit = 2 if len(word) >= 8 else 1
    best: dict[int, int] = {}
    for day, names in _WEEKDAY_NAMES.items():
        best[day] = min(_distance(word, name) for name in names)
    close = sorted((d, day) for day, d in best.items() if d <= limit)
    if not close or (len(close) > 1 and close[0][0] == close[1][0]):
        return None
    return close[0][1]


#: Real words one or two edits from a weekday name.
_NOT_WEEKDAYS = frozenset(
    {"someday", "sundae", "sundays", "mondays", "fridays", "martini", "mardis", "monkey"}
)


def weak_weekday(word: str) -> int | None:
    return _WEEKDAY_WEAK.get(word)
