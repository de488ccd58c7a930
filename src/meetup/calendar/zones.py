"""Time zone names: IANA first, Windows names (as Outlook writes them) through CLDR's mapping."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from meetup.errors import TimeZoneError


@lru_cache(maxsize=512)
def resolve_zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (IANA, or a Windows name); TimeZoneError when unknown."""
    zone = lookup_zone(name)
    if zone is None:
        raise TimeZoneError(f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)")
    return zone


@lru_cache(maxsize=512)
def lookup_zone(name: str) -> ZoneInfo | None:
    """Like :func:`resolve_zone` but returns None for unknown names."""
    cleaned = name.strip().strip('"')
    if not cleaned:
        return None
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError, UnicodeEncodeError):
        pass
    iana = windows_zone_to_iana(cleaned)
    if iana is not None:
        try:
            return ZoneInfo(iana)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def windows_zone_to_iana(name: str) -> str | None:
    """CLDR windowsZones mapping (territory 001), as shipped by tzlocal."""
    from tzlocal.windows_tz import win_tz

    return win_tz.get(name)


def system_zone_name() -> str:
    """The machine's IANA zone name, or UTC when it cannot be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises assorted errors on odd systems
        return "UTC"
    return name or "UTC"
