"""First-hour setup: ``meetup init`` (write a commented config) and ``meetup doctor`` (check one).

``configfile`` is pure (answers in, TOML text out); ``probes`` talks to mail servers without
sending; ``doctor`` runs the checks and returns one finding per problem for the CLI to print.
"""
