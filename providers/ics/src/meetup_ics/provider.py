"""The ``ics`` provider: a local file or an http(s)/webcal URL, digested once per change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from meetup.calendar.intervals import Interval
from meetup.calendar.providers import CalendarConfig, EventSpec, ProviderContext, WriteResult
from meetup.errors import NotWritable, ProviderError
from meetup_ics.cache import DigestCache, content_hash
from meetup_ics.digest import Digest, query_plain, series_touching
from meetup_ics.fetch import is_url, normalize_url, read_file, stat_file
from meetup_ics.limits import YEARS, Budget, Limits


def series_identity(digest: Digest) -> str:
    """What expanded occurrences depend on: the series, not the one-off events beside them
    (an added one-off event keeps every month's expansions)."""
    hasher = hashlib.sha256()
    for series in digest.series:
        hasher.update(f"{series.uid}\0{series.zone_fix}\0{series.ical}\0".encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def month_keys(period: Interval) -> list[str]:
    """UTC months (``YYYY-MM``) that ``period`` touches."""
    keys = []
    year, month = period.start.year, period.start.month
    last = (period.end.year, period.end.month)
    while (year, month) <= last:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def month_start(key: str, offset: int = 0) -> datetime:
    year, month = int(key[:4]), int(key[5:7]) + offset
    while month > 12:
        year, month = year + 1, month - 12
    return datetime(year, month, 1, tzinfo=UTC)


@dataclass
class IcsCalendar:
    config: CalendarConfig
    context: ProviderContext

    @property
    def source(self) -> str:
        source = self.config.options.get("source")
        if not isinstance(source, str) or not source or "\0" in source:
            raise ProviderError(f"calendar {self.config.name!r}: 'source' must be a path or URL")
        return source

    @property
    def limits(self) -> Limits:
        return Limits.from_options(self.config.name, self.config.options)

    def _digest(self, limits: Limits, budget: Budget) -> tuple[Digest, str, str, str]:
        """The source's digest, a label for warnings, its cache key and content hash.

        From the cache when the source is unchanged, else built now, re-reading only the
        components that are not in the last build's fragments."""
        cache = DigestCache(self.context.cache_dir)
        source = self.source
        if is_url(source):
            from meetup.safety import redact_url
            from meetup_ics.download import fetch_url  # urllib and ssl only for feeds

            url = normalize_url(source)
            label = redact_url(url)
            key = f"url:{url}"
            cached = cache.load(key)
            response = fetch_url(
                url,
                cached[0] if cached else None,
                timeout=limits.timeout,
                max_bytes=limits.max_bytes,
                redirects=limits.max_redirects,
                progress=lambda done, total: self.context.progress(
                    f"calendar {self.config.name!r}: downloading", done, total
                ),
            )
            fingerprint: dict[str, Any] = {"etag": response.etag, "last_modified": response.last_modified}
            if response.data is None and cached:
                return self._replay(cached[1]), label, key, str(cached[0].get("sha256"))
            data = response.data or b""
        else:
            path = Path(source).expanduser()
            if not path.is_absolute():
                path = (self.config.base_dir / path).resolve()
            label = source
            key = f"file:{path}"
            fingerprint = stat_file(path)
            cached = cache.load(key)
            if cached and all(cached[0].get(k) == v for k, v in fingerprint.items()):
                return self._replay(cached[1]), label, key, str(cached[0].get("sha256"))
            data = read_file(path, limits.max_bytes)
        fingerprint["sha256"] = content_hash(data)
        if cached and cached[0].get("sha256") == fingerprint["sha256"]:
            cache.store(key, fingerprint, cached[1])  # same bytes, new validators or mtime
            return self._replay(cached[1]), label, key, fingerprint["sha256"]
        from meetup_ics.fragments import build  # parsing modules only when something changed

        memo = cache.load_fragments(key)
        digest, fragments = build(
            data,
            source=label,
            warn=self.context.warn,
            memo=memo,
            budget=budget,
            progress=lambda done, total: self.context.progress(
                f"calendar {self.config.name!r}: reading events", done, total
            ),
        )
        cache.store(key, fingerprint, digest)
        cache.store_fragments(key, fragments)
        return digest, label, key, fingerprint["sha256"]

    def _replay(self, digest: Digest) -> Digest:
        """A cached digest says again what its parse warned about: same input, same output."""
        for message in digest.warnings:
            self.context.warn(message)
        return digest

    def _check_period(self, period: Interval, limits: Limits) -> None:
        if not (YEARS[0] <= period.start.year and period.end.year < YEARS[1]):
            raise ProviderError(
                f"calendar {self.config.name!r}: the period {period.start.date()} to {period.end.date()} "
                f"is outside the years {YEARS[0]}-{YEARS[1] - 1}"
            )
        if period.end - period.start > timedelta(days=limits.max_days):
            raise ProviderError(
                f"calendar {self.config.name!r}: a period of {(period.end - period.start).days} days is "
                f"longer than {limits.max_days} (the calendar's 'max_days' option)"
            )

    def busy(self, period: Interval) -> list[Interval]:
        limits = self.limits
        self._check_period(period, limits)
        budget = Budget(limits.budget, f"calendar {self.config.name!r}")
        digest, label, key, _content = self._digest(limits, budget)
        zone = self.context.default_tz
        busy = query_plain(digest, period, zone)
        if digest.series:
            identity = f"{series_identity(digest)}|{zone.key}"
            busy.extend(self._series_busy(digest, period, label, key, identity, limits, budget))
        return busy

    def _series_busy(
        self,
        digest: Digest,
        period: Interval,
        label: str,
        key: str,
        identity: str,
        limits: Limits,
        budget: Budget,
    ) -> list[Interval]:
        """Occurrences of recurring series, expanded a whole month at a time and remembered.

        Expanding costs the same for a week or a month (recurring-ical-events walks each rule
        from its start), so the first call expands whole months and later calls in those
        months need no iCalendar parsing at all.
        """
        cache = DigestCache(self.context.cache_dir)
        memo = cache.load_expansions(key, identity)
        months = month_keys(period)
        if not all(m in memo["months"] for m in months):
            span = Interval(month_start(months[0]), month_start(months[-1], 1))
            from meetup_ics.expand import expand_many

            found: list[str] = []
            touching = series_touching(digest, span)
            expanded = expand_many(
                touching,
                span,
                self.context.default_tz,
                source=label,
                warn=found.append,
                limits=limits,
                budget=budget,
            )
            for month in months:
                bounds = Interval(month_start(month), month_start(month, 1))
                memo["months"][month] = [
                    x
                    for i in expanded
                    if i.overlaps(bounds)
                    for x in (int(i.start.timestamp()), int(i.end.timestamp()))
                ]
            memo["warnings"] = list(dict.fromkeys([*memo["warnings"], *found]))
            cache.store_expansions(key, memo)
        for message in memo["warnings"]:
            self.context.warn(message)
        busy = []
        for month in months:
            flat = memo["months"][month]
            for i in range(0, len(flat), 2):
                interval = Interval(
                    datetime.fromtimestamp(flat[i], UTC), datetime.fromtimestamp(flat[i + 1], UTC)
                )
                if interval.overlaps(period):
                    busy.append(interval)
        return busy

    def write_event(self, event: EventSpec) -> WriteResult:
        raise NotWritable(f"calendar {self.config.name!r} is an .ics source and cannot store events")

    def delete_event(self, uid: str) -> None:
        raise NotWritable(f"calendar {self.config.name!r} is an .ics source and cannot store events")


def create(config: CalendarConfig, context: ProviderContext) -> IcsCalendar:
    """Entry point registered under ``meetup.providers`` as ``ics``."""
    return IcsCalendar(config, context)
