"""Bringing a calendar's local copy up to date with as few requests as the server allows.

With an RFC 6578 sync token the server lists only what changed since the last refresh; without
one, a Depth-1 PROPFIND of ETags is compared with the copy. Changed objects come in
calendar-multiget batches. Whether anything changed at all was already decided from the
home-set listing (ctag / sync-token), so an unchanged calendar costs no request here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from meetup_caldav import davxml
from meetup_caldav.errors import CalDavAuthError, CalDavError, CalDavNotFound, CalDavUnavailable
from meetup_caldav.http import Transport

BATCH = 500
_GETETAG = f"{{{davxml.DAV}}}getetag"
_DATA = f"{{{davxml.CALDAV}}}calendar-data"


def norm(href: str) -> str:
    """Path of an href, unquoted, so ``/a%40b/`` and ``http://host/a@b/`` compare equal."""
    return unquote(urlsplit(href).path)


def fingerprint(copy: dict[str, Any]) -> str:
    pairs = sorted(f"{h}\x1f{o.get('etag', '')}" for h, o in copy["objects"].items())
    return hashlib.sha256("\n".join(pairs).encode("utf-8")).hexdigest()[:24]


def _changes_by_sync(
    http: Transport, href: str, copy: dict[str, Any], what: str
) -> tuple[dict[str, str], set[str], str | None] | None:
    """(changed href -> etag, removed hrefs, new token), or None when sync is not usable."""
    token = copy["token"] if copy["objects"] or copy["token"] else None
    try:
        response = http.request(
            "REPORT",
            href,
            body=davxml.sync_collection(token),
            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            what=what,
            ok=(207,),
        )
    except (CalDavAuthError, CalDavNotFound, CalDavUnavailable):
        raise
    except CalDavError:
        if token is not None:  # expired/invalid token (403/409 valid-sync-token): start over
            copy["token"] = None
            return _changes_by_sync(http, href, copy, what)
        return None
    new_token = response.tree.findtext(f"{{{davxml.DAV}}}sync-token") if response.tree is not None else None
    if not new_token:
        return None  # a server that advertised sync-token but does not do sync-collection
    changed: dict[str, str] = {}
    removed: set[str] = set()
    own = norm(http.url(href))
    for entry in davxml.entries(response.tree):
        path = norm(http.url(entry.href))
        if path == own:
            continue
        if entry.status == 404:
            removed.add(path)
            continue
        etag = davxml.text(entry, _GETETAG) or ""
        if copy["objects"].get(path, {}).get("etag") != etag or not etag:
            changed[path] = etag
    if token is None:  # a full listing: whatever it does not name is gone
        listed = {norm(http.url(e.href)) for e in davxml.entries(response.tree)}
        removed |= set(copy["objects"]) - listed
    return changed, removed, new_token


def _changes_by_etag(
    http: Transport, href: str, copy: dict[str, Any], what: str
) -> tuple[dict[str, str], set[str]]:
    response = http.request(
        "PROPFIND",
        href,
        body=davxml.ETAGS,
        headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
        what=what,
        ok=(207,),
    )
    own = norm(http.url(href))
    listed: dict[str, str] = {}
    for entry in davxml.entries(response.tree):
        path = norm(http.url(entry.href))
        if path != own and not path.endswith("/"):
            listed[path] = davxml.text(entry, _GETETAG) or ""
    changed = {p: e for p, e in listed.items() if copy["objects"].get(p, {}).get("etag") != e or not e}
    return changed, set(copy["objects"]) - set(listed)


def _fetch(
    http: Transport, href: str, paths: Iterable[str], what: str, progress: Callable[[int, int], None]
) -> dict[str, dict[str, str]]:
    wanted = sorted(paths)
    fetched: dict[str, dict[str, str]] = {}
    for i in range(0, len(wanted), BATCH):
        progress(i, len(wanted))
        batch = wanted[i : i + BATCH]
        response = http.request(
            "REPORT",
            href,
            body=davxml.multiget(quote(p, safe="/@:+!$&'()*,;=~") for p in batch),
            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            what=what,
            ok=(207,),
        )
        for entry in davxml.entries(response.tree):
            data = entry.props.get(_DATA)
            if data is None or not (data.text or "").strip():
                continue
            fetched[norm(http.url(entry.href))] = {
                "etag": davxml.text(entry, _GETETAG) or "",
                "data": data.text,
            }
    progress(len(wanted), len(wanted))
    return fetched


def refresh(
    http: Transport,
    href: str,
    copy: dict[str, Any],
    *,
    use_sync: bool,
    what: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Update ``copy`` in place; returns how many objects were downloaded (``progress`` hears of
    each batch: a first sync of a large calendar takes a while)."""
    result = _changes_by_sync(http, href, copy, what) if use_sync else None
    if result is None:
        changed, removed = _changes_by_etag(http, href, copy, what)
        token = None
    else:
        changed, removed, token = result
    for path in removed:
        copy["objects"].pop(path, None)
    fetched = _fetch(http, href, changed, what, progress) if changed else {}
    for path in changed:
        if path in fetched:
            copy["objects"][path] = fetched[path]
        else:  # vanished between listing and fetching
            copy["objects"].pop(path, None)
    copy["token"] = token
    return len(fetched)
