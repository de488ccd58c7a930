"""Finding the phone number a friend gives in an answer ("sure, I'm on 07700 900123"). Pure.

Uses Google's libphonenumber (the ``phonenumbers`` package) rather than a regex: it knows
national formats, so times ("18:00-19:00"), dates and option numbers are not taken for phone
numbers. Numbers without a country code are read in the region of the friend's (else the
user's) time zone.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import phonenumbers

#: fewer national digits than this is an extension, a postcode or an option number
_MIN_DIGITS = 7


@cache
def _zone_regions() -> dict[str, str]:
    """IANA zone -> ISO country, from ``zone.tab`` in the ``tzdata`` package (a core dependency)."""
    regions: dict[str, str] = {}
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return regions
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            regions[parts[2]] = parts[0]
    return regions


def region_for_zone(zone: str | None) -> str | None:
    """``Europe/London`` -> ``GB``; unknown or ``UTC`` -> None."""
    return _zone_regions().get(zone or "")


def find_phone(text: str, zone: str | None = None) -> str | None:
    """The first phone number in ``text``, formatted internationally (``+44 7700 900123``).

    A number dialable only locally ("555-1234" without its area code) is not one: written with a
    country code it would be a wrong number."""
    region = region_for_zone(zone) or phonenumbers.UNKNOWN_REGION
    for leniency in (phonenumbers.Leniency.VALID, phonenumbers.Leniency.POSSIBLE):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
            number = match.number
            if len(str(number.national_number)) < _MIN_DIGITS or _local_only(number):
                continue
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return None


def _local_only(number: phonenumbers.PhoneNumber) -> bool:
    reason = phonenumbers.is_possible_number_with_reason(number)
    return bool(reason == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY)
