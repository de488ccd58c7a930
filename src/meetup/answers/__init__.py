"""How answers are understood and acted on: the reply reader (pure), the actions a reply
triggers, and the controller behind ``meetup inbox`` / ``reply`` / ``status`` (``run``)."""
