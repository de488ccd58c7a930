"""meetup: find when you are free and invite friends until someone says yes."""

from meetup.calendar.intervals import Interval
from meetup.errors import MeetupError

__all__ = ["Interval", "MeetupError"]
