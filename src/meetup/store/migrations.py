"""Forward-only, named migrations. Append new ones; never edit one that has shipped.

Other features append their own (the follow-ups feature keeps ``m010_*`` in
``meetup.store.db`` and applies them after these)."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_friends_invites_messages",
        """
CREATE TABLE IF NOT EXISTS friends (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    tz TEXT,
    city TEXT,
    note TEXT,
    vcard_uid TEXT,
    created_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS friends_name ON friends (name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS invites (
    id INTEGER PRIMARY KEY,
    friend_id INTEGER NOT NULL REFERENCES friends(id),
    activity TEXT,
    duration_min INTEGER,
    note TEXT,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    campaign_id INTEGER,
    seed TEXT,
    thread_message_id TEXT,
    subject TEXT,
    body TEXT
);
CREATE TABLE IF NOT EXISTS invite_options (
    invite_id INTEGER NOT NULL REFERENCES invites(id),
    position INTEGER NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (invite_id, position)
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    invite_id INTEGER,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    subject TEXT,
    raw BLOB NOT NULL,
    transport TEXT NOT NULL,
    state TEXT NOT NULL,
    claim_token TEXT,
    claimed_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    due_at TEXT
)
""",
    ),
    (
        "m032_i12_unsent_invites_and_indexes",
        """
UPDATE invites SET state = 'unsent' WHERE state = 'open' AND NOT EXISTS (
    SELECT 1 FROM messages m WHERE m.invite_id = invites.id AND m.kind = 'invite' AND m.state = 'sent'
) AND EXISTS (SELECT 1 FROM messages m WHERE m.invite_id = invites.id AND m.kind = 'invite');
CREATE INDEX IF NOT EXISTS invites_state ON invites (state, id);
CREATE INDEX IF NOT EXISTS invites_friend_state ON invites (friend_id, state);
CREATE INDEX IF NOT EXISTS messages_invite_kind ON messages (invite_id, kind);
CREATE INDEX IF NOT EXISTS messages_state ON messages (state, transport)
""",
    ),
    (
        "m040_i14_friend_freebusy",
        # A friend's shared free/busy source and the busy intervals read from it; nothing else.
        """
CREATE TABLE IF NOT EXISTS friend_freebusy (
    friend_id INTEGER PRIMARY KEY REFERENCES friends(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    fetched_at TEXT,
    fetched_from TEXT,
    fetched_to TEXT,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS friend_busy (
    friend_id INTEGER NOT NULL REFERENCES friends(id) ON DELETE CASCADE,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS friend_busy_friend ON friend_busy (friend_id, start_utc)
""",
    ),
    (
        # issue 13, keep in touch: cadences, tags, interactions, notes, imported connections,
        # claims for automatic/--next invites (unique per week+friend and week+slot), call weeks
        "m041_i13_keep_in_touch",
        """
CREATE TABLE IF NOT EXISTS friend_cadences (
    friend_id INTEGER PRIMARY KEY,
    every TEXT NOT NULL,
    set_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS friend_tags (
    friend_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    tagged_at TEXT NOT NULL,
    PRIMARY KEY (friend_id, tag)
);
CREATE TABLE IF NOT EXISTS interactions (
    id INTEGER PRIMARY KEY,
    friend_id INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    how TEXT,
    note TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS interactions_friend ON interactions (friend_id, on_date);
CREATE TABLE IF NOT EXISTS friend_notes (
    id INTEGER PRIMARY KEY,
    friend_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'you',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS connections (
    friend_id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    connected_on TEXT
);
CREATE TABLE IF NOT EXISTS kit_starts (
    id INTEGER PRIMARY KEY,
    friend_id INTEGER NOT NULL,
    week TEXT NOT NULL,
    source TEXT NOT NULL,
    slot INTEGER,
    invite_id INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (week, friend_id),
    UNIQUE (week, source, slot)
);
CREATE TABLE IF NOT EXISTS call_weeks (
    id INTEGER PRIMARY KEY,
    tag TEXT NOT NULL,
    activity TEXT NOT NULL,
    duration_min INTEGER NOT NULL,
    per_day INTEGER NOT NULL,
    days INTEGER NOT NULL,
    start_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS call_week_members (
    week_id INTEGER NOT NULL,
    friend_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    invite_id INTEGER,
    PRIMARY KEY (week_id, friend_id)
)
""",
    ),
    (
        "m042_i11_invite_request",
        """
-- What the invite asked for (JSON: calendars, zone, hours, --from/--to, duration, activity, any-time),
-- so nudges, slot-taken replies and campaign invites obey the same request.
ALTER TABLE invites ADD COLUMN request TEXT
""",
    ),
    (
        "m043_i11_friend_given_name",
        """
-- The name to greet a friend by (vCard N given name or NICKNAME), when known.
ALTER TABLE friends ADD COLUMN given_name TEXT
""",
    ),
    (
        "m044_i14_groups",
        # Group invites: one ordinary invite per member (their own thread), tied together here.
        """
CREATE TABLE IF NOT EXISTS groups (
    id INTEGER PRIMARY KEY,
    activity TEXT NOT NULL,
    duration_min INTEGER NOT NULL,
    quorum INTEGER NOT NULL,
    decide_by TEXT NOT NULL,
    state TEXT NOT NULL,
    chosen INTEGER,
    why TEXT,
    created_at TEXT NOT NULL,
    decided_at TEXT
);
CREATE TABLE IF NOT EXISTS group_members (
    group_id INTEGER NOT NULL REFERENCES groups(id),
    position INTEGER NOT NULL,
    friend_id INTEGER NOT NULL REFERENCES friends(id),
    invite_id INTEGER NOT NULL UNIQUE REFERENCES invites(id),
    answer TEXT,
    options TEXT NOT NULL DEFAULT '',
    answered_at TEXT,
    source TEXT,
    PRIMARY KEY (group_id, position)
);
CREATE INDEX IF NOT EXISTS groups_state ON groups (state)
""",
    ),
    (
        "m045_i12_bookings",
        # A yes claims its time here before the event is written (meetup.store.bookings): the
        # check against other meetings and the claim are one transaction under the write lock.
        """
CREATE TABLE IF NOT EXISTS bookings (
    id INTEGER PRIMARY KEY,
    invite_id INTEGER NOT NULL REFERENCES invites(id),
    position INTEGER NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    state TEXT NOT NULL,          -- claimed, then booked (confirmed) or released
    source TEXT NOT NULL,         -- the answer's Message-ID, or 'by hand'
    token TEXT NOT NULL UNIQUE,   -- the claiming run's
    claimed_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS bookings_one_claim ON bookings (invite_id) WHERE state = 'claimed';
CREATE INDEX IF NOT EXISTS bookings_claimed ON bookings (state, start_utc)
""",
    ),
]
