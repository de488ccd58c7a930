"""How mail goes out and comes in: building messages, transports, the exactly-once queue, mail
settings, and the sources ``meetup inbox`` reads (Maildir, IMAP)."""
