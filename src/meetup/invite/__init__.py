"""How an invite is made: activities, the option chooser, the composer and the ``.ics`` files
(pure), and the controller behind ``meetup invite`` / ``meetup ics`` (``run``)."""
