"""Commands are imported when asked for: the table the CLI loads them by names every command."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module

import click
import pytest

from meetup.cli import COMMAND_MODULES, main


@pytest.mark.parametrize("module_name", sorted(set(COMMAND_MODULES.values())))
def test_every_command_of_a_module_is_in_the_table(module_name: str) -> None:
    module = import_module(f"meetup.cli.{module_name}")
    names = {command.name for command in module.COMMANDS}
    assert names == {name for name, owner in COMMAND_MODULES.items() if owner == module_name}


def test_every_command_module_is_in_the_table() -> None:
    from pathlib import Path

    import meetup.cli

    folder = Path(meetup.cli.__file__).parent
    defining = {p.stem for p in folder.glob("*_cmd.py")}
    assert defining == set(COMMAND_MODULES.values())


def test_help_lists_every_command_and_each_resolves() -> None:
    ctx = click.Context(main)
    assert main.list_commands(ctx) == sorted(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
    assert main.get_command(ctx, "no-such-command") is None


def test_a_command_imports_only_its_own_module() -> None:
    code = (
        "import sys\n"
        "from meetup.cli import main\n"
        "try:\n"
        "    main(['slots', '--help'], prog_name='meetup')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.endswith('_cmd')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "['meetup.cli.slots_cmd']"
