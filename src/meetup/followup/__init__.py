"""What keeps the conversation going: the follow-up schedule (pure), nudges in the database,
campaigns, and the controller behind ``meetup followup`` / ``campaign`` (``run``)."""
