"""meetup: find when you are free and invite friends until someone says yes."""

from meetup.errors import MeetupError
from meetup.intervals import Interval

__all__ = ["Interval", "MeetupError"]
