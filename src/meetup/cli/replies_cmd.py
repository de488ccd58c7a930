"""``meetup inbox``, ``meetup reply``, ``meetup status`` and ``meetup cron``."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click

from meetup.app import App
from meetup.cli.completion import friend_names
from meetup.safety import terminal_safe


@click.command("inbox")
@click.pass_obj
def inbox(app: App) -> None:
    """Read replies from the configured IMAP mailbox or Maildir and act on clear answers.

    Each message is read once; anything unclear is kept for you (see `meetup status`)."""
    from meetup.answers.run import run_inbox
    from meetup.followup.run import guarded

    result = guarded(app, lambda: run_inbox(app))
    if result is None:
        return
    for outcome in result.outcomes:
        click.echo(
            terminal_safe(f"invite {outcome.invite_id}: {outcome.kind} -> {outcome.result} {outcome.detail}")
        )
    for invite_id, back in result.away:
        where = f"invite {invite_id}" if invite_id is not None else "a message"
        until = f"away until {back.isoformat()}, nudges wait" if back else "no return date given"
        click.echo(f"{where}: automatic reply ({until})")
    for message_id, why in result.needs_user:
        click.echo(terminal_safe(f"needs you: {message_id}: {why}"))
    from meetup.invite.wording import plural

    acted, needs = len(result.outcomes), len(result.needs_user)
    sent = len(result.report.sent) if result.report else 0
    click.echo(
        f"{acted} {plural(acted, 'answer', 'answers')} acted on, {needs} {plural(needs, 'needs', 'need')} you, "
        f"{sent} {plural(sent, 'mail', 'mails')} sent"
    )


@click.command("reply")
@click.argument("friend", shell_complete=friend_names)
@click.argument("answer", type=click.Choice(["yes", "no", "later"]))
@click.option(
    "--option", "options", type=int, multiple=True,
    help="The option number they chose; repeat for a group invite (--option 1 --option 3).",
)  # fmt: skip
@click.option("--at", "at", metavar="WHEN", help="The start time they chose (ISO 8601).")
@click.option("--phone", metavar="NUMBER", help="The phone number they gave you (kept as theirs).")
@click.option(
    "--until",
    metavar="WHEN",
    help="With later: when to ask again, a date (2027-01-10) or words such as 'in two weeks', "
    "'in January', 'after the holidays'.",
)
@click.pass_obj
def reply(
    app: App,
    friend: str,
    answer: str,
    options: tuple[int, ...],
    at: str | None,
    phone: str | None,
    until: str | None,
) -> None:
    """Record a friend's answer by hand (they told you in person, by phone, by chat)."""
    from meetup.answers.run import run_reply
    from meetup.errors import UsageError

    if options and at is not None:
        raise UsageError("give either --option or --at, not both")
    if answer != "yes" and (options or at is not None):
        raise UsageError(f"--option/--at only go with yes, not {answer}")
    if answer != "later" and until is not None:
        raise UsageError(f"--until only goes with later, not {answer}")
    from meetup.followup.run import guarded

    if phone is not None:
        from meetup.keepintouch.run import run_phone

        click.echo(f"phone number kept: {run_phone(app, friend, phone)}")
    first = options[0] if options else None
    outcome = guarded(app, lambda: run_reply(app, friend, answer, first, at, options[1:], until=until))
    if outcome is None:
        return
    if outcome.result.startswith("group "):
        click.echo(
            terminal_safe(f"invite {outcome.invite_id}: {answer} recorded; {outcome.result} {outcome.detail}")
        )
        return
    if outcome.result in ("no_option", "not_open", "in_progress"):
        raise UsageError(outcome.detail or f"invite {outcome.invite_id} is not open")
    messages = {
        "confirmed": f"confirmed; event written to {outcome.detail}; invitation queued",
        "slot_taken": f"{outcome.detail} is no longer free; fresh options sent instead",
        "passed": f"{outcome.detail} has passed; fresh options sent instead",
        "thanked": "recorded no; thank-you sent, follow-ups stopped",
        "later": "recorded later; follow-ups stopped",
    }
    if outcome.result == "later" and outcome.detail:
        messages["later"] = f"recorded later; follow-ups stopped; a new invitation goes on {outcome.detail}"
    click.echo(f"invite {outcome.invite_id}: {messages.get(outcome.result, outcome.result)}")


@click.command("status")
@click.option(
    "--dismiss", multiple=True, metavar="MESSAGE-ID", help="Mark an answer that needed you as handled."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Every invite (open and closed) and what needs you, as JSON."
)
@click.option("--week", is_flag=True, help="Also draw the next seven days as a grid (reads your calendars).")
@click.pass_obj
def status(app: App, dismiss: tuple[str, ...], as_json: bool, week: bool) -> None:
    """Open invites, answers that need you, and what the next follow-up run will send."""
    from meetup.answers.overview import dismiss_answers, run_status, run_status_json
    from meetup.followup.run import guarded

    if dismiss and guarded(app, lambda: dismiss_answers(app, list(dismiss))) is None:
        return
    if as_json:
        import json

        doc = guarded(app, lambda: run_status_json(app))
        if doc is not None:
            from meetup.keepintouch.run import kit_settings, run_due

            doc["due"] = [d.as_json() for d in run_due(app)[: kit_settings(app).how_many]]
        click.echo(json.dumps(doc, indent=2))
        return
    zone = app.zone()
    found = guarded(app, lambda: run_status(app))
    if found is None:
        return
    lines, needing = found
    from meetup.group.replies import status_lines

    groups = status_lines(app)
    if not lines and not groups:
        click.echo("No open invites.")
    for line in lines:
        friend = terminal_safe(line.friend)
        if line.state == "unsent":
            click.echo(f"invite {line.invite_id} {friend}: unsent (never delivered); {line.next_action}")
            continue
        options = (
            ", ".join(f"{n}. {o.start.astimezone(zone):%a %d %b %H:%M}" for n, o in line.options) or "none"
        )
        due = f"{line.next_due.astimezone(zone):%a %d %b %H:%M}" if line.next_due else "-"
        if line.state != "open":
            click.echo(
                f"invite {line.invite_id} {line.friend}: {line.state}; next: {line.next_action} on {due}"
            )
            continue
        click.echo(
            f"invite {line.invite_id} {friend}: open; offered {options}; next: {line.next_action} at {due}"
        )
    if needing:
        click.echo("Answers that need you:")
        for invite, sender, why, excerpt in needing:
            shown = terminal_safe(excerpt)[:80]
            click.echo(
                f'  invite {invite} from {terminal_safe(sender) or "(no sender)"}: {terminal_safe(why)}: "{shown}"'
            )
        click.echo("  (settle one with `meetup reply FRIEND ...` or `meetup status --dismiss MESSAGE-ID`)")
    for group_line in groups:
        click.echo(terminal_safe(group_line))
    from meetup.followup.run import run_campaign_views

    for view in run_campaign_views(app):
        if view.state == "running":
            progress = ", ".join(f"{name} {state}" for _, name, state in view.members)
            click.echo(terminal_safe(f"campaign {view.id} {view.title}: {progress}"))
    from meetup.cli.keep_cmd import due_lines
    from meetup.keepintouch.run import kit_settings, run_due

    overdue = run_due(app)
    if overdue:
        top = kit_settings(app).how_many
        click.echo(f"Due to keep in touch ({len(overdue)}; `meetup due`, `meetup invite --next`):")
        for line in due_lines(overdue, limit=top):
            click.echo(f"  {line}")
    if week:
        from meetup.calendar.run import build_request, week_for
        from meetup.cli.weekview import show

        click.echo("")
        show(week_for(app, build_request(app)))


def _meetup_command() -> str:
    found = shutil.which("meetup")
    return shlex.quote(found) if found else f"{shlex.quote(sys.executable)} -m meetup"


@click.command("cron")
@click.option("--every", default=15, show_default=True, help="Minutes between runs.")
@click.option("--install", is_flag=True, help="Add the line to your crontab (or install the systemd timer).")
@click.option("--systemd", is_flag=True, help="Use a systemd user timer instead of cron.")
@click.pass_obj
def cron(app: App, every: int, install: bool, systemd: bool) -> None:
    """Print (or install) the schedule that runs `meetup inbox && meetup followup`."""
    from meetup.errors import UsageError

    if not 1 <= every <= 59:
        raise UsageError(f"--every must be 1..59 minutes, got {every}")
    from meetup.cronenv import job_environment, write_env_file

    command = _meetup_command()
    job = f"{command} inbox && {command} followup"
    environment = job_environment(app)
    written = write_env_file(environment)
    if written is not None:
        names = ", ".join(f"${name}" for name in environment.secrets)
        click.echo(f"meetup: wrote {names} to {written} (mode 0600) for the scheduled runs", err=True)
    if systemd:
        unit_dir = Path.home() / ".config" / "systemd" / "user"
        settings = "".join(
            f"Environment={shlex.quote(f'{k}={v}')}\n" for k, v in environment.locations.items()
        )
        if written is not None:
            settings += f"EnvironmentFile={written}\n"
        service = f"[Unit]\nDescription=meetup: read replies, send follow-ups\n\n[Service]\nType=oneshot\n{settings}ExecStart=/bin/sh -c {shlex.quote(job)}\n"
        timer = f"[Unit]\nDescription=Run meetup every {every} minutes\n\n[Timer]\nOnCalendar=*:0/{every}\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n"
        if not install:
            click.echo(f"# {unit_dir}/meetup.service\n{service}\n# {unit_dir}/meetup.timer\n{timer}")
            return
        unit_dir.mkdir(parents=True, exist_ok=True)
        (unit_dir / "meetup.service").write_text(service)
        (unit_dir / "meetup.timer").write_text(timer)
        click.echo(
            f"wrote {unit_dir}/meetup.service and meetup.timer; enable with: systemctl --user enable --now meetup.timer"
        )
        return
    # cron turns an unescaped % into a newline
    line = f"*/{every} * * * * {environment.shell_prefix()}{job}  # meetup".replace("%", "\\%")
    if not install:
        click.echo(line)
        return
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    existing = current.stdout if current.returncode == 0 else ""
    kept = [entry for entry in existing.splitlines() if not entry.endswith("# meetup")]
    updated = "\n".join([*kept, line]) + "\n"
    done = subprocess.run(["crontab", "-"], input=updated, capture_output=True, text=True)
    if done.returncode != 0:
        raise UsageError(f"crontab refused the line: {done.stderr.strip()}")
    click.echo(f"installed: {line}")


COMMANDS = [inbox, reply, status, cron]
