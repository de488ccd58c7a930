"""Running one Google API request: bounded backoff for transient failures, one clear line otherwise.

Transient: 403 ``rateLimitExceeded``/``userRateLimitExceeded``, 429, 5xx and network errors,
retried with exponential backoff and jitter (``sleep`` and ``random`` are injectable, so tests
record the delays instead of waiting). Everything else becomes a :class:`ProviderError` naming
the account and calendar.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from meetup.errors import ProviderError
from meetup_google.tokens import AUTH_HINT

RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}


class GoogleApiError(ProviderError):
    """A Google API call failed; ``status`` and ``reason`` are Google's own."""

    def __init__(self, message: str, status: int = 0, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


@dataclass
class Backoff:
    """Exponential backoff with full jitter: ``base * 2**n`` scaled by a random factor in [0.5, 1]."""

    attempts: int = 5
    base: float = 1.0
    cap: float = 32.0
    sleep: Callable[[float], None] = time.sleep
    random: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int) -> float:
        ceiling = min(self.cap, self.base * (2**attempt))
        return float(ceiling * (0.5 + 0.5 * self.random()))


def error_details(exc: Any) -> tuple[int, str, str]:
    """``(status, reason, message)`` from an ``HttpError``'s documented JSON error body."""
    status = int(getattr(exc.resp, "status", 0) or 0)
    reason, message = "", ""
    try:
        body = json.loads(exc.content.decode("utf-8") if isinstance(exc.content, bytes) else exc.content)
        error = body.get("error", {}) if isinstance(body, dict) else {}
        if isinstance(error, dict):
            message = str(error.get("message", ""))
            errors = error.get("errors") or []
            if errors and isinstance(errors[0], dict):
                reason = str(errors[0].get("reason", ""))
            if not reason:
                reason = str(error.get("status", ""))
    except (ValueError, AttributeError, UnicodeDecodeError):
        pass
    return status, reason, message


def is_transient(status: int, reason: str) -> bool:
    return status == 429 or status >= 500 or (status == 403 and reason in RATE_LIMIT_REASONS)


def describe(status: int, reason: str, message: str, where: str, calendar: str) -> str:
    target = f"{where}, calendar {calendar!r}" if calendar else where
    if status == 401:
        return f"{target}: Google no longer accepts the sign-in (401); {AUTH_HINT}"
    if status == 404:
        return f"{target}: calendar not found (404); check the id with `meetup calendars`"
    if (status == 403 and reason in RATE_LIMIT_REASONS) or status == 429:
        return f"{target}: Google rate limit still exceeded after retries ({status} {reason})"
    if status >= 500:
        return f"{target}: Google server error {status} after retries"
    if status == 403:
        return f"{target}: permission denied (403 {reason}): {message}"
    return f"{target}: Google API error {status} {reason}: {message}".rstrip(": ")


def execute(request: Any, backoff: Backoff, where: str, calendar: str = "") -> Any:
    """``request.execute()`` with bounded retries; raises :class:`GoogleApiError`."""
    import httplib2
    from google.auth.exceptions import RefreshError
    from googleapiclient.errors import HttpError

    for attempt in range(backoff.attempts):
        last = attempt == backoff.attempts - 1
        try:
            return request.execute(num_retries=0)
        except HttpError as exc:
            status, reason, message = error_details(exc)
            if is_transient(status, reason) and not last:
                backoff.sleep(backoff.delay(attempt))
                continue
            raise GoogleApiError(describe(status, reason, message, where, calendar), status, reason) from None
        except RefreshError:
            raise GoogleApiError(f"{where}: Google refused the saved sign-in; {AUTH_HINT}", 401) from None
        except (TimeoutError, OSError, httplib2.HttpLib2Error) as exc:
            if not last:
                backoff.sleep(backoff.delay(attempt))
                continue
            raise GoogleApiError(f"{where}: cannot reach Google ({exc.__class__.__name__}: {exc})") from None
    raise AssertionError("unreachable")  # pragma: no cover
