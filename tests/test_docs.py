"""The README and docs/ show only what exists: commands, options, make targets, TOML that loads.

Every fenced ``sh``/``console`` block line starting with ``meetup `` is walked through the real
click group (subcommands, then each ``--option`` against that command's params); every ``make X``
line needs the target in the Makefile; every ``toml`` block must load with tomllib. A wrong doc
fails with ``FILE:LINE`` so it is fixed where it is written. Relative links and anchors must
resolve, and docs/README.md must list every page.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from meetup.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS_DIR = ROOT / "docs"
DOC_FILES = [ROOT / "README.md", *sorted(DOCS_DIR.glob("*.md"))]
SHELL_LANGS = {"sh", "shell", "bash", "zsh", "console", "shell-session"}
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
_PROMPT = re.compile(r"^\$\s+")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)\)")
_MAKE_TARGET = re.compile(r"^(?P<names>[A-Za-z0-9_.-][A-Za-z0-9_. -]*?)\s*:(?![=:])", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """One fenced code block: its language and its lines with their 1-based line numbers."""

    path: Path
    lang: str
    lines: tuple[tuple[int, str], ...]


def fenced_blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, in order."""
    blocks: list[Block] = []
    open_fence: str | None = None
    lang = ""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _FENCE.match(line)
        if open_fence is None:
            if match:
                open_fence, lang, lines = match["fence"], match["lang"].lower(), []
        elif match and match["fence"].startswith(open_fence) and not match["lang"]:
            blocks.append(Block(path, lang, tuple(lines)))
            open_fence = None
        else:
            lines.append((number, line))
    return blocks


def shell_commands(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, text, tokens) of every command in the shell blocks, comments dropped and
    backslash continuations joined; a ``$`` prompt is removed."""
    for block in fenced_blocks(path):
        if block.lang not in SHELL_LANGS:
            continue
        pending: tuple[int, str] | None = None
        for number, raw in block.lines:
            text = _PROMPT.sub("", raw.strip())
            if pending is not None:
                number, text = pending[0], pending[1] + " " + text
                pending = None
            if text.endswith("\\"):
                pending = (number, text[:-1].rstrip())
                continue
            try:
                tokens = shlex.split(text, comments=True)
            except ValueError as exc:
                yield number, text, ["<unparsable>", str(exc)]
                continue
            if tokens:
                yield number, text, tokens


def _params(command: click.Command) -> dict[str, click.Parameter]:
    """Option spelling -> parameter, including the help option click adds."""
    ctx = click.Context(command, info_name=command.name)
    return {
        opt: p for p in command.get_params(ctx) for opt in (*p.opts, *p.secondary_opts) if opt.startswith("-")
    }


def _takes_value(param: click.Parameter) -> bool:
    if isinstance(param, click.Option):
        return not (param.is_flag or param.count)
    return True


def _positional_capacity(command: click.Command) -> float:
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if any(p.nargs < 0 for p in arguments):
        return float("inf")
    return float(sum(p.nargs for p in arguments))


def command_problems(tokens: list[str], group: click.Group = main) -> list[str]:
    """What is wrong with a ``meetup ...`` command line: unknown subcommands, options the
    command does not have, more arguments than it takes. Empty when the line is valid."""
    command: click.Command = group
    path = ["meetup"]
    positionals = 0
    problems: list[str] = []
    rest = iter(tokens[1:])
    options_done = unknown_option = False
    for raw in rest:
        token = raw.strip("[]") if raw.startswith("[") else raw
        if not options_done and token == "--":
            options_done = True
            continue
        if not options_done and token.startswith("-") and token != "-":
            name = token.split("=", 1)[0]
            params = _params(command)
            param = params.get(name)
            if param is None:
                known = ", ".join(sorted(o for o in params if o.startswith("--")))
                problems.append(f"`{' '.join(path)}` has no option {name} (it has: {known})")
                unknown_option = True  # its values, if any, are not arguments
            elif _takes_value(param) and "=" not in token:
                for _ in range(max(param.nargs, 1)):
                    next(rest, None)
            continue
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            sub = command.get_command(ctx, token)
            if sub is None:
                known = ", ".join(command.list_commands(ctx))
                problems.append(f"`{' '.join(path)}` has no subcommand {token!r} (it has: {known})")
                return problems
            command, positionals = sub, 0
            path.append(token)
            continue
        positionals += 1
        if positionals > _positional_capacity(command) and not unknown_option:
            problems.append(f"`{' '.join(path)}` takes no argument {raw!r} here")
    return problems


def meetup_problems(path: Path) -> list[str]:
    """``FILE:LINE: problem`` for every ``meetup`` line of ``path`` that does not match the CLI."""
    found = []
    for number, text, tokens in shell_commands(path):
        if tokens[0] != "meetup":
            continue
        for problem in command_problems(tokens):
            found.append(f"{_where(path, number)}: {problem}\n    {text}")
    return found


def make_targets(makefile: Path) -> set[str]:
    targets: set[str] = set()
    for match in _MAKE_TARGET.finditer(makefile.read_text(encoding="utf-8")):
        targets.update(match["names"].split())
    return targets


def make_problems(path: Path, makefile: Path) -> list[str]:
    targets = make_targets(makefile)
    found = []
    for number, text, tokens in shell_commands(path):
        if tokens[0] != "make":
            continue
        for target in (t for t in tokens[1:] if not t.startswith("-") and "=" not in t):
            if target not in targets:
                found.append(f"{_where(path, number)}: the Makefile has no target {target!r}\n    {text}")
    return found


def toml_problems(path: Path) -> list[str]:
    found = []
    for block in fenced_blocks(path):
        if block.lang != "toml" or not block.lines:
            continue
        try:
            tomllib.loads("\n".join(line for _, line in block.lines))
        except tomllib.TOMLDecodeError as exc:
            found.append(f"{_where(path, block.lines[0][0])}: TOML block does not load: {exc}")
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    in_code = {n for block in fenced_blocks(path) for n, _ in block.lines}
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number not in in_code and (match := re.match(r"^#{1,6}\s+(.*)", line)):
            found.add(slug(match[1]))
    return found


def link_problems(path: Path) -> list[str]:
    in_code = {n for block in fenced_blocks(path) for n, _ in block.lines}
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number in in_code:
            continue
        for match in _LINK.finditer(line):
            target = match["target"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # https:, mailto:, ...
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                found.append(f"{_where(path, number)}: link to {target!r}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                found.append(f"{_where(path, number)}: link to {target!r}: no such heading")
    return found


def _where(path: Path, number: int) -> str:
    try:
        shown = path.relative_to(ROOT)
    except ValueError:
        shown = path
    return f"{shown}:{number}"


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_docs_exist() -> None:
    assert (DOCS_DIR / "README.md").exists()
    assert len(DOC_FILES) >= 9, DOC_FILES


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_meetup_commands_and_options_exist(path: Path) -> None:
    problems = meetup_problems(path)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_make_targets_exist(path: Path) -> None:
    problems = make_problems(path, ROOT / "Makefile")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_toml_snippets_load(path: Path) -> None:
    problems = toml_problems(path)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", DOC_FILES, ids=_ids(DOC_FILES))
def test_relative_links_resolve(path: Path) -> None:
    problems = link_problems(path)
    assert problems == [], "\n".join(problems)


def test_quick_start_is_make_demo_then_make_test() -> None:
    """The README's first commands are the two that work from a fresh clone."""
    first = next(b for b in fenced_blocks(ROOT / "README.md"))
    commands = [shlex.split(line, comments=True) for _, line in first.lines]
    assert first.lang == "sh"
    assert commands[:2] == [["make", "demo"], ["make", "test"]]
    assert {"demo", "test"} <= make_targets(ROOT / "Makefile")


def test_index_lists_every_page() -> None:
    index = (DOCS_DIR / "README.md").read_text(encoding="utf-8")
    linked = {m["target"].partition("#")[0] for m in _LINK.finditer(index)}
    pages = {p.name for p in DOCS_DIR.glob("*.md") if p.name != "README.md"}
    assert pages - linked == set()


# The checkers themselves: a doc that is wrong must fail, naming the file and the line.


def _doc(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_option_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = _doc(tmp_path, "# Page\n\n```sh\nmeetup slots --days 3\nmeetup slots --weeks 2   # --nope\n```\n")
    problems = meetup_problems(path)
    assert len(problems) == 1
    head, _, listed = problems[0].partition(" (it has: ")
    assert head == f"{path}:5: `meetup slots` has no option --weeks"
    assert "--week, " in listed and listed.endswith("\n    meetup slots --weeks 2   # --nope")


def test_an_unknown_subcommand_and_extra_arguments_are_reported(tmp_path: Path) -> None:
    text = "```console\n$ meetup friends list\n$ meetup campaign show 1 2\n$ meetup friend lst\n```\n"
    problems = meetup_problems(_doc(tmp_path, text))
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in problems] == ["2", "3", "4"]
    # what is wrong, then (the list of what exists grows with the CLI), then the line itself
    assert [
        (p.splitlines()[0].split(": ", 1)[1].split(" (it has: ")[0], p.splitlines()[-1]) for p in problems
    ] == [
        ("`meetup` has no subcommand 'friends'", "    meetup friends list"),
        ("`meetup campaign show` takes no argument '2' here", "    meetup campaign show 1 2"),
        ("`meetup friend` has no subcommand 'lst'", "    meetup friend lst"),
    ]


def test_valid_lines_pass_with_values_globals_and_continuations() -> None:
    assert command_problems(shlex.split("meetup --now 2026-11-23T10:00 slots --tz=UTC --json")) == []
    assert command_problems(shlex.split("meetup followup [--dry-run]")) == []
    assert command_problems(shlex.split("meetup reply ana yes --option 2")) == []
    assert command_problems(shlex.split("meetup invite --note '--not an option' sam")) == []
    assert command_problems(shlex.split("meetup campaign --help")) == []


def _invite_command() -> click.Command:
    command = main.get_command(click.Context(main), "invite")
    assert command is not None
    return command


def test_a_continued_line_is_checked_as_one(tmp_path: Path) -> None:
    path = _doc(tmp_path, "```sh\nmeetup invite sam \\\n  --colour red\n```\n")
    assert meetup_problems(path) == [
        f"{path}:2: `meetup invite` has no option --colour (it has: "
        + ", ".join(sorted(o for o in _params(_invite_command()) if o.startswith("--")))
        + ")\n    meetup invite sam --colour red"
    ]


def test_a_toml_block_that_does_not_load_is_reported(tmp_path: Path) -> None:
    path = _doc(tmp_path, "text\n\n```toml\n# fine\n[mail]\nfrom = alex@example.org\n```\n")
    problems = toml_problems(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:4: TOML block does not load")


def test_a_missing_make_target_and_a_broken_link_are_reported(tmp_path: Path) -> None:
    path = _doc(tmp_path, "# Top\n\n```sh\nmake demo\nmake deploy\n```\n[a](#top) [b](#gone) [c](nope.md)\n")
    assert make_problems(path, ROOT / "Makefile") == [
        f"{path}:5: the Makefile has no target 'deploy'\n    make deploy"
    ]
    assert link_problems(path) == [
        f"{path}:7: link to '#gone': no such heading",
        f"{path}:7: link to 'nope.md': no such file",
    ]


def test_readme_architecture_tree_names_every_package_and_only_existing_folders() -> None:
    """The README's tree is the code's tree: each listed folder exists, each package is listed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^(src/meetup/\w+|providers)/", section, re.MULTILINE))
    packages = {
        f"src/meetup/{d.name}" for d in (ROOT / "src" / "meetup").iterdir() if (d / "__init__.py").is_file()
    }
    assert packages - listed == set(), f"README architecture misses {sorted(packages - listed)}"
    missing = sorted(name for name in listed if not (ROOT / name).is_dir())
    assert missing == [], f"README architecture lists folders that do not exist: {missing}"


def _score_rows(text: str, pattern: str) -> list[tuple[str, int, int, str]]:
    return [(m, int(k), int(n), s) for m, k, n, s in re.findall(pattern, text, re.MULTILINE)]


def test_readme_mutation_scores_are_docs_testing_scores() -> None:
    """The README's per-module mutation scores are the ones docs/testing.md states (and reviews)."""
    testing = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8").split("### Scores", 1)[1]
    stated = _score_rows(testing, r"^\| `(meetup\.[\w.]+)` \| (\d+) \| (\d+) \| ([\d.]+)% \|")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = _score_rows(readme, r"^\| `(meetup\.[\w.]+)` \| (\d+) / (\d+) \| ([\d.]+)% \|")
    assert shown == stated and len(stated) >= 20
    for module, killed, total, score in stated:
        assert f"{100 * killed / total:.1f}" == score, module
