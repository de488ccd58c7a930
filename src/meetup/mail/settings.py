"""Mail settings from the config: the sender's identity and schedule, and which transport sends.

Shared by every controller that sends (invite, follow-up, inbox); reading the password goes
through :mod:`meetup.secrets`, never the config file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from meetup.app import App
from meetup.errors import ConfigError
from meetup.followup.schedule import FollowupSettings
from meetup.mail.transports import OutboxTransport, PrintTransport, SMTPTransport, Transport
from meetup.safety import channel_security
from meetup.secrets import password_for


def settings_from(app: App) -> FollowupSettings:
    section = app.config.section("followup")
    mail = app.config.section("mail")
    schedule = section.get("nudge_after_days", [2, 4])
    if not isinstance(schedule, list) or not all(isinstance(x, int) and x > 0 for x in schedule):
        raise ConfigError(f"[followup] nudge_after_days must be a list of positive days, got {schedule!r}")
    me = app.config.section("me")  # the user's identity; [mail] name/from win when both are set
    sender = str(mail.get("from", me.get("email", "meetup@localhost")))
    return FollowupSettings(
        schedule=tuple(schedule),
        options=int(section.get("options", 3)),
        sender=sender,
        sender_name=str(mail.get("name", me.get("name", "me"))),
        domain=sender.split("@")[-1] if "@" in sender else "meetup.invalid",
        transport=str(section.get("via", mail.get("via", "outbox"))),
        signature=_signature(me, mail),
        templates=app.config.section("templates"),
        activities=app.config.section("activities"),
    )


def _signature(me: Mapping[str, Any], mail: Mapping[str, Any]) -> str | None:
    """How messages are signed: ``[me] signature`` (or ``[mail] signature``); None means the first
    word of the sender's name, as a person signs a note to a friend."""
    value = me.get("signature", mail.get("signature"))
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError('[me] signature must be a non-empty string, like "Alex"')
    return value


def transport_for(app: App, name: str, echo: Callable[[str], None]) -> Transport:
    if name == "outbox":
        return OutboxTransport(app.data_dir / "outbox")
    if name == "print":
        return PrintTransport(echo)
    if name == "email":
        transport = smtp_from(app.config.section("mail"))
        sent_folder = app.config.section("mail").get("sent_mailbox")
        inbox = app.config.section("inbox")
        if sent_folder and inbox.get("imap_host"):
            from meetup.mail.sources import IMAPSource, sent_folder_lookup, source_from_config

            source = source_from_config(inbox, base_dir=app.data_dir, now=app.now(app.zone()))
            if isinstance(source, IMAPSource):
                transport.sent_lookup = sent_folder_lookup(source, str(sent_folder))
        return transport
    raise ConfigError(f"unknown delivery {name!r} (print, outbox or email)")


def smtp_from(mail: Mapping[str, Any]) -> SMTPTransport:
    host = mail.get("smtp_host")
    if not host:
        raise ConfigError("[mail] smtp_host is needed to send by email")
    security = channel_security(mail.get("security", "starttls"), where="mail", host=str(host))
    username = mail.get("username")
    password = None
    if username:
        password = password_for(
            mail,
            section_name="mail",
            default_env="MEETUP_SMTP_PASSWORD",
            service="meetup-smtp",
            username=str(username),
        )
    elif "password" in mail:
        raise ConfigError("[mail] password must not be in the config file; use password_env or the keyring")
    default_port = 465 if security == "ssl" else 587 if security == "starttls" else 25
    timeout = mail.get("timeout", 30)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 600:
        raise ConfigError(f"[mail] timeout must be a number of seconds between 0 and 600, not {timeout!r}")
    return SMTPTransport(
        host=str(host),
        port=int(mail.get("smtp_port", default_port)),
        security=security,
        username=str(username) if username else None,
        password=password,
        timeout=float(timeout),
    )
