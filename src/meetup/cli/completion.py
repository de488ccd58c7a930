"""Shell completion of friend names (click's completion: see docs/setup.md to turn it on).

Completion runs without the command's callbacks, so the App is built here from the root
``--config`` if one was typed; the database is opened read-only and any failure completes
nothing rather than printing an error into the user's shell.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem


def friend_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Friends whose name starts with what is typed (any case); for comma lists, the last part."""
    import sqlite3

    from meetup.app import App

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    try:
        config = ctx.find_root().params.get("config_path")
        path = App(config_path=Path(config) if config else None).data_dir / "meetup.db"
        if not path.exists():
            return []
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
        try:
            names = [str(r[0]) for r in conn.execute("SELECT name FROM friends ORDER BY name COLLATE NOCASE")]
        finally:
            conn.close()
    except Exception:  # a broken config or database: no suggestions, never a traceback in the shell
        return []
    wanted = last.strip().lower()
    return [CompletionItem(prefix + name) for name in names if name.lower().startswith(wanted)]
