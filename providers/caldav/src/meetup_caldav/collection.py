"""What the provider and the writer share: a calendar collection and the account as the writer
sees it. Kept apart so the two never import each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from meetup_caldav.http import Transport
from meetup_caldav.settings import Settings
from meetup_caldav.store import AccountStore


@dataclass
class Collection:
    """A calendar collection as the home-set listing describes it."""

    href: str
    name: str
    ctag: str | None
    sync_token: str | None
    writable: bool


class WritableAccount(Protocol):
    """The parts of an account the writer uses (``CalDavAccount`` provides them)."""

    settings: Settings
    http: Transport
    store: AccountStore

    @property
    def where(self) -> str: ...

    def _listing(self, state: dict[str, Any]) -> list[Collection]: ...

    def _matches(self, collection: Collection, wanted: str) -> bool: ...
