"""Drawing a :class:`~meetup.calendar.week.WeekGrid`: plain text anywhere, colours on a terminal.

Both draw the same characters (so the grid reads without colour too) in 80 columns: a 6-column
clock, then 7 days of 10. ``rich`` is imported only when a terminal is drawn on (25-45 ms measured
here for rich.console, rich.text and rich.progress together).
"""

from __future__ import annotations

from typing import IO

from meetup.calendar.week import Cell, State, WeekGrid

WIDTH = 9  # a day's cell; one space separates days
GLYPH: dict[State, str] = {"outside": " ", "free": "-", "busy": "#", "offered": "o", "confirmed": "X"}
STYLE: dict[State, str] = {
    "outside": "dim",
    "free": "green",
    "busy": "red",
    "offered": "bold black on yellow",
    "confirmed": "bold white on blue",
}
LEGEND: tuple[tuple[State, str], ...] = (
    ("busy", "busy"),
    ("free", "free"),
    ("offered", "offered"),
    ("confirmed", "agreed"),
)


def _cell_text(cell: Cell) -> str:
    fill = GLYPH[cell.state] * WIDTH
    if not cell.label:
        return fill
    label = cell.label[: WIDTH - 1]
    return label + " " + fill[len(label) + 1 :]


def segments(grid: WeekGrid) -> list[list[tuple[str, State | None]]]:
    """The grid as lines of ``(text, state)`` pieces; ``None`` for headings and the clock."""
    lines: list[list[tuple[str, State | None]]] = []
    first, last = grid.days[0], grid.days[-1]
    lines.append([(f"{first:%a %d %b} - {last:%a %d %b %Y}, times in {grid.zone}", None)])
    lines.append([("      " + " ".join(f"{d:%a %d}".ljust(WIDTH) for d in grid.days), None)])
    for clock, row in zip(grid.rows, grid.cells, strict=True):
        line: list[tuple[str, State | None]] = [(f"{clock:%H:%M} ", None)]
        for index, cell in enumerate(row):
            if index:
                line.append((" ", None))
            line.append((_cell_text(cell), cell.state))
        lines.append(line)
    legend: list[tuple[str, State | None]] = []
    for state, word in LEGEND:
        legend += [(GLYPH[state] * 2, state), (f" {word}   ", None)]
    lines.append(legend)
    return lines


def plain(grid: WeekGrid) -> str:
    return "\n".join("".join(text for text, _ in line).rstrip() for line in segments(grid))


def draw(grid: WeekGrid, file: IO[str], *, color: bool) -> None:
    """Plain text, or (``color``) the same text styled through rich."""
    if not color:
        file.write(plain(grid) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=file, force_terminal=True, highlight=False, soft_wrap=True)
    for line in segments(grid):
        text = Text()
        for piece, state in line:
            text.append(piece, style=STYLE[state] if state else "")
        console.print(text)


def show(grid: WeekGrid) -> None:
    """On stdout: colours when it is a terminal (and ``NO_COLOR`` is unset), plain text otherwise."""
    import os
    import sys

    draw(grid, sys.stdout, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
