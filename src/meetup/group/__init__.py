"""Group invites: one set of options for several friends, decided by their answers."""
