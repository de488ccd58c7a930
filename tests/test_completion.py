"""Shell completion (click's) completes friend names where a friend is named."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from meetup.cli import main


def _complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash would offer for ``words`` (the last word is the one being completed)."""
    parts = words.split(" ")
    result = CliRunner().invoke(
        main,
        [],
        prog_name="meetup",
        env={
            "_MEETUP_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line.startswith("plain,")]


def test_friend_names_complete_in_every_place_a_friend_is_named(meetup_env: Path) -> None:
    for name in ("Sam Lee", "Sarah Connor", "Ana Diaz"):
        assert CliRunner().invoke(main, ["friend", "add", name]).exit_code == 0
    assert _complete("meetup invite sa") == ["Sam Lee", "Sarah Connor"]
    assert _complete("meetup reply A") == ["Ana Diaz"]
    assert _complete("meetup friend show ") == ["Ana Diaz", "Sam Lee", "Sarah Connor"]
    assert _complete("meetup friend edit sar") == ["Sarah Connor"]
    assert _complete("meetup friend remove zz") == []
    assert _complete("meetup slots --with ana,sa") == ["ana,Sam Lee", "ana,Sarah Connor"]


def test_no_database_or_a_broken_config_completes_nothing_quietly(meetup_env: Path, tmp_path: Path) -> None:
    assert _complete("meetup invite s") == []
    broken = tmp_path / "broken.toml"
    broken.write_text("timezone = [")
    assert _complete(f"meetup --config {broken} invite s") == []
