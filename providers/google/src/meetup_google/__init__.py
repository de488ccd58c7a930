"""meetup-google: busy time from, and events to, Google Calendar.

Importing this package is cheap: googleapiclient and google-auth are imported only when a
Google calendar is actually used, so ``meetup --help`` never pays for them.
"""

from meetup_google.provider import GoogleCalendar, create

__all__ = ["GoogleCalendar", "create"]
