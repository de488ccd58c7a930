"""Friends: who meetup invites. Stored in the database; imported from vCards (3.0 and 4.0)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from meetup.calendar.providers import Progress
from meetup.calendar.zones import lookup_zone, resolve_zone
from meetup.errors import MeetupError, UsageError
from meetup.text import folded, one_line

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class FriendNotFound(UsageError):
    """An unknown or ambiguous friend name."""


@dataclass(frozen=True)
class Friend:
    id: int
    name: str
    email: str | None = None
    phone: str | None = None
    tz: str | None = None
    city: str | None = None
    note: str | None = None
    vcard_uid: str | None = None
    #: The name to greet them by (vCard NICKNAME or N given name), when known.
    given_name: str | None = None


COLUMNS = [f.name for f in fields(Friend)]


def _row(row: sqlite3.Row | tuple[object, ...]) -> Friend:
    return Friend(*row)


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def validate(*, email: str | None = None, tz: str | None = None, name: str | None = None) -> None:
    if name is not None and not one_line(name):
        raise UsageError("a friend needs a name")
    if email is not None and not _EMAIL.match(email):
        raise UsageError(f"--email {email!r} is not an email address")
    if tz is not None:
        resolve_zone(tz)


def all_friends(conn: sqlite3.Connection) -> list[Friend]:
    return [
        _row(r)
        for r in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM friends ORDER BY name COLLATE NOCASE")
    ]


def find(conn: sqlite3.Connection, name: str) -> Friend:
    """By name, case-insensitively, else by a unique prefix; errors list the candidates."""
    wanted = one_line(name).lower()
    everyone = all_friends(conn)
    exact = [f for f in everyone if f.name.lower() == wanted]
    if exact:
        return exact[0]
    matches = [f for f in everyone if f.name.lower().startswith(wanted)]
    if not matches:  # "amelie" finds "Amélie", "jonas weiss" finds "Jonas Weiß"
        typed = folded(wanted)
        matches = [f for f in everyone if folded(f.name).startswith(typed)]
    # "maria" finds "Dr. Maria Garcia" (and "garcia" too); with a "Maria Lopez" as well, "maria"
    # is ambiguous rather than silently the one whose stored name happens to start with it.
    matches += [f for f in everyone if f not in matches and _later_words_start_with(f, folded(wanted))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(f.name for f in matches)
        raise FriendNotFound(f"{name!r} is ambiguous: {names}")
    known = ", ".join(f.name for f in everyone) or "none yet; add one with `meetup friend add NAME`"
    raise FriendNotFound(f"no friend called {name!r} (friends: {known})")


def _later_words_start_with(friend: Friend, typed: str) -> bool:
    """Whether the name from one of its later words on (or the given name) starts with ``typed``:
    people call a friend by first name even when the stored name starts with a title."""
    words = folded(friend.name).split()
    tails = [" ".join(words[i:]) for i in range(1, len(words))]
    if friend.given_name:
        tails.append(folded(friend.given_name))
    return any(tail.startswith(typed) for tail in tails)


def add(conn: sqlite3.Connection, name: str, **details: str | None) -> Friend:
    validate(name=name, email=details.get("email"), tz=details.get("tz"))
    clean = {k: (one_line(v) if v else None) for k, v in details.items() if k in COLUMNS}
    try:
        cursor = conn.execute(
            f"INSERT INTO friends (name, {', '.join(clean)}, created_at) VALUES (?, {', '.join('?' for _ in clean)}, ?)",
            (one_line(name), *clean.values(), datetime.now(UTC).isoformat()),
        )
    except sqlite3.IntegrityError:
        raise UsageError(
            f"a friend called {one_line(name)!r} exists already (use `meetup friend edit`)"
        ) from None
    return find_by_id(conn, int(cursor.lastrowid or 0))


def find_by_id(conn: sqlite3.Connection, friend_id: int) -> Friend:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM friends WHERE id = ?", (friend_id,)).fetchone()
    if row is None:
        raise FriendNotFound(f"no friend with id {friend_id}")
    return _row(row)


def edit(conn: sqlite3.Connection, friend: Friend, **changes: str | None) -> Friend:
    given = {k: v for k, v in changes.items() if v is not None and k in COLUMNS}
    validate(name=given.get("name"), email=given.get("email"), tz=given.get("tz"))
    if not given:
        return friend
    clean = {k: one_line(v) or None for k, v in given.items()}
    try:
        conn.execute(
            f"UPDATE friends SET {', '.join(f'{k} = ?' for k in clean)} WHERE id = ?",
            (*clean.values(), friend.id),
        )
    except sqlite3.IntegrityError:
        raise UsageError(f"a friend called {clean.get('name')!r} exists already") from None
    return find_by_id(conn, friend.id)


def remove(conn: sqlite3.Connection, friend: Friend) -> None:
    open_invites = conn.execute(
        "SELECT COUNT(*) FROM invites WHERE friend_id = ? AND state = 'open'", (friend.id,)
    ).fetchone()[0]
    if open_invites:
        raise UsageError(f"{friend.name} has {open_invites} open invite(s); answer or withdraw them first")
    if conn.execute("SELECT 1 FROM invites WHERE friend_id = ? LIMIT 1", (friend.id,)).fetchone():
        raise UsageError(f"{friend.name} has past invites; their history is kept, so the friend stays")
    from meetup.keepintouch.book import forget

    forget(conn, friend.id)
    conn.execute("DELETE FROM friends WHERE id = ?", (friend.id,))


# --- vCard import ------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    uid: str | None
    email: str | None
    phone: str | None
    tz: str | None
    city: str | None
    given_name: str | None = None


def _value(card: object, name: str) -> str | None:
    prop = getattr(card, name.lower(), None)
    if prop is None:
        return None
    value = prop.value
    return str(value).strip() or None


def _preferred(card: object, name: str) -> str | None:
    """The PREF (or TYPE=pref) one of several EMAIL/TEL lines, else the first."""
    props = getattr(card, "contents", {}).get(name.lower(), [])
    if not props:
        return None

    def rank(prop: object) -> int:
        params = {k.upper(): [str(v).lower() for v in vs] for k, vs in getattr(prop, "params", {}).items()}
        return 0 if "PREF" in params or "pref" in params.get("TYPE", []) else 1

    return str(sorted(props, key=rank)[0].value).strip() or None


def _tz(card: object) -> str | None:
    raw = _value(card, "TZ")
    if raw is None:
        return None
    text = raw.removeprefix("VALUE=text:").strip()
    zone = lookup_zone(text)
    return zone.key if zone else None  # UTC offsets like -05:00 cannot name a zone: ignored


def _city(card: object) -> str | None:
    adr = getattr(card, "adr", None)
    if adr is None:
        return None
    city = getattr(adr.value, "city", "")
    return str(city).strip() or None


def _given(card: object) -> str | None:
    """NICKNAME when there is one, else N's given name: what a greeting uses, never a title
    (N keeps "Dr." in its prefix field)."""
    nickname = _value(card, "NICKNAME")
    if nickname:
        return one_line(nickname.split(",")[0]) or None
    n = getattr(card, "n", None)
    given = str(getattr(n.value, "given", "") or "").strip() if n is not None else ""
    return one_line(given.split(",")[0]) or None


def parse_vcards(text: str, source: str) -> Iterator[Contact]:
    import vobject

    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises ParseError and friends
        raise MeetupError(f"{source}: not a readable vCard file: {exc}") from None
    for card in cards:
        if getattr(card, "name", "").upper() != "VCARD":
            continue
        name = _value(card, "FN")
        if not name and getattr(card, "n", None) is not None:
            n = card.n.value
            name = " ".join(p for p in (n.given, n.family) if p).strip()
        if not name:
            continue
        yield Contact(
            one_line(name),
            _value(card, "UID"),
            _preferred(card, "EMAIL"),
            _preferred(card, "TEL"),
            _tz(card),
            _city(card),
            _given(card),
        )


@dataclass
class ImportResult:
    added: list[str]
    updated: list[str]


def import_vcards(
    conn: sqlite3.Connection, path: Path, progress: Progress = lambda what, done, total: None
) -> ImportResult:
    """Add new contacts, update known ones (matched by vCard UID, else email, else name);
    ``progress`` hears how far a big address book has got."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    except OSError as exc:
        raise MeetupError(f"cannot read {path}: {exc.strerror}") from None
    result = ImportResult([], [])
    index = _FriendIndex(all_friends(conn))
    contacts = list(parse_vcards(text, str(path)))
    for count, contact in enumerate(contacts):
        if count % 100 == 0:
            progress(f"importing {path.name}", count, len(contacts))
        match = index.match(contact)
        details = {
            "email": contact.email, "phone": contact.phone, "tz": contact.tz, "city": contact.city,
            "given_name": contact.given_name,
        }  # fmt: skip
        if contact.email and not _EMAIL.match(contact.email):
            details["email"] = None
        if match is None:
            friend = add(conn, contact.name, **details, vcard_uid=contact.uid)
            index.remember(friend)
            result.added.append(friend.name)
        else:
            index.remember(edit(conn, match, name=contact.name, vcard_uid=contact.uid, **details))
            result.updated.append(contact.name)
    progress(f"importing {path.name}", len(contacts), len(contacts))
    return result


class _FriendIndex:
    """Known friends by vCard UID, email and name (lower-case): one lookup per contact, so an
    import of n contacts is O(n), not O(n^2). The first friend (by name order) wins a key."""

    def __init__(self, friends: Sequence[Friend]) -> None:
        self.by_uid: dict[str, Friend] = {}
        self.by_email: dict[str, Friend] = {}
        self.by_name: dict[str, Friend] = {}
        for friend in friends:
            self.remember(friend, first_wins=True)

    def remember(self, friend: Friend, *, first_wins: bool = False) -> None:
        keys = [(self.by_uid, friend.vcard_uid), (self.by_email, (friend.email or "").lower()),
                (self.by_name, friend.name.lower())]  # fmt: skip
        for table, key in keys:
            if not key:
                continue
            if first_wins:
                table.setdefault(key, friend)
            else:
                table[key] = friend

    def match(self, contact: Contact) -> Friend | None:
        return (
            (self.by_uid.get(contact.uid) if contact.uid else None)
            or (self.by_email.get(contact.email.lower()) if contact.email else None)
            or self.by_name.get(contact.name.lower())
        )


def describe(friend: Friend) -> Sequence[tuple[str, str]]:
    labels = {"given_name": "first name"}
    return [
        (labels.get(k, k), str(getattr(friend, k)))
        for k in ("name", "given_name", "email", "phone", "tz", "city", "note")
        if getattr(friend, k)
    ]
