"""Charts the office page draws itself as SVG (no chart library, nothing fetched: offices may be offline).

A `Chart` is data first (title, x labels, one `Series` per line or bar group) and is drawn as
server-rendered SVG with a <title>/<desc>; the page shows the same numbers as a table beside it.
Colour is never the only encoding: each series also has its own dash pattern and marker (lines)
or hatching (bars), and its name is written at the line's end. The legend wraps onto as many rows
as it needs, so no name is cut off.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

WIDTH = 760
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_HEIGHT = 64, 120, 16, 220
FONT = 15
# Okabe-Ito colours (told apart by people with colour-blindness), then dashes, markers and hatching.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2", "12 2", "6 2 2 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle", "square", "triangle")
HATCHES = ("", "M0 6 L6 0", "M0 0 L6 6", "M3 0 L3 6", "M0 3 L6 3", "M0 0 L6 6 M0 6 L6 0", "M0 6 L6 0", "M3 0 L3 6")


@dataclass(frozen=True, slots=True)
class Series:
    """One line (or one bar per x label): its name and a value per x label (None: nothing known)."""

    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart as data; `svg()` draws it. `goal` is a horizontal line (a worker's daily goal)."""

    key: str  # unique on the page: ids of its patterns and its table
    title: str
    desc: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    kind: Literal["line", "bar"] = "line"
    goal: float | None = None
    goal_label: str = ""
    value_format: str = "{:g}"

    @property
    def empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)

    def fmt(self, value: float | None) -> str:
        return "—" if value is None else self.value_format.format(value)

    def svg(self) -> Markup:
        """The chart as an accessible inline SVG (scales to the page's width)."""
        legend = _legend_rows([s.label for s in self.series])
        legend_top = PLOT_TOP + PLOT_HEIGHT + 40
        height = legend_top + 22 * len(legend) + 8
        top = max([v or 0 for s in self.series for v in s.values] + [self.goal or 0, 1])
        ticks = _ticks(top)
        scale_top = ticks[-1]
        parts = [
            f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{self.key}-t {self.key}-d"'
            f' xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">',
            f'<title id="{self.key}-t">{escape(self.title)}</title><desc id="{self.key}-d">{escape(self.desc)}</desc>',
            self._defs(),
        ]
        plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
        bottom = PLOT_TOP + PLOT_HEIGHT

        def y_of(value: float) -> float:
            return bottom - value / scale_top * PLOT_HEIGHT

        for tick in ticks:
            y = y_of(tick)
            parts.append(_rule(y, plot_width, 'stroke="#ddd"'))
            parts.append(f'<text x="{PLOT_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{self.fmt(tick)}</text>')
        parts.append(f'<text x="4" y="{PLOT_TOP - 2}" font-size="11">{escape(self.unit)}</text>')
        count = max(1, len(self.x_labels))
        step = plot_width / count
        every = max(1, math.ceil(count / 12))
        for i, label in enumerate(self.x_labels):
            if i % every == 0:
                x = PLOT_LEFT + step * (i + 0.5)
                parts.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{escape(label)}</text>')
        parts.append(_rule(bottom, plot_width, 'stroke="#333"'))
        if self.kind == "bar":
            parts += self._bars(step, y_of, bottom)
        else:
            parts += self._lines(step, y_of)
        if self.goal is not None:
            y = y_of(self.goal)
            parts.append(
                _rule(y, plot_width, 'class="goal" stroke="#000" stroke-width="2" stroke-dasharray="12 4 2 4"')
                + f'<text x="{PLOT_LEFT + plot_width + 6}" y="{y + 4:.1f}" font-weight="bold">'
                f"{escape(self.goal_label)} {self.fmt(self.goal)}</text>"
            )
        for row_index, row in enumerate(legend):
            y = legend_top + 22 * row_index
            for index, x in row:
                parts.append(self._swatch(index, x, y))
                parts.append(f'<text x="{x + 30}" y="{y + 4}">{escape(self.series[index].label)}</text>')
        parts.append("</svg>")
        return Markup("".join(parts))

    def _defs(self) -> str:
        if self.kind != "bar":
            return ""
        patterns = []
        for i in range(len(self.series)):
            colour, hatch = COLOURS[i % len(COLOURS)], HATCHES[i % len(HATCHES)]
            stroke = f'<path d="{hatch}" stroke="#fff" stroke-width="1.5"/>' if hatch else ""
            patterns.append(
                f'<pattern id="{self.key}-p{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{colour}"/>{stroke}</pattern>'
            )
        return "<defs>" + "".join(patterns) + "</defs>"

    def _bars(self, step: float, y_of: Callable[[float], float], bottom: float) -> list[str]:
        parts = []
        group = len(self.series) or 1
        width = step * 0.8 / group
        for s_index, series in enumerate(self.series):
            for i, value in enumerate(series.values):
                if not value:
                    continue
                x = PLOT_LEFT + step * i + step * 0.1 + width * s_index
                y = y_of(value)
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{bottom - y:.1f}"'
                    f' fill="url(#{self.key}-p{s_index})" stroke="{COLOURS[s_index % len(COLOURS)]}">'
                    f"<title>{escape(series.label)} {escape(self.x_labels[i])}: {self.fmt(value)}</title></rect>"
                )
        return parts

    def _lines(self, step: float, y_of: Callable[[float], float]) -> list[str]:
        parts = []
        for s_index, series in enumerate(self.series):
            colour, dash = COLOURS[s_index % len(COLOURS)], DASHES[s_index % len(DASHES)]
            points = [
                (PLOT_LEFT + step * (i + 0.5), y_of(v))
                for i, v in enumerate(series.values)
                if v is not None
            ]
            if not points:
                continue
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dashing = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashing}/>')
            known = [(i, v) for i, v in enumerate(series.values) if v is not None]
            for (x, y), (i, v) in zip(points, known, strict=True):
                label = f"{escape(series.label)} {escape(self.x_labels[i])}: {self.fmt(v)}"
                parts.append(_marker(MARKERS[s_index % len(MARKERS)], x, y, colour, label))
            last_x, last_y = points[-1]
            parts.append(
                f'<text x="{last_x + 8:.1f}" y="{last_y + 4:.1f}" fill="{colour}">{escape(series.label)}</text>'
            )
        return parts

    def _swatch(self, index: int, x: float, y: float) -> str:
        colour = COLOURS[index % len(COLOURS)]
        if self.kind == "bar":
            fill = f"url(#{self.key}-p{index})"
            return f'<rect x="{x}" y="{y - 7}" width="24" height="14" fill="{fill}" stroke="{colour}"/>'
        dash = DASHES[index % len(DASHES)]
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        line = f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dashing}/>'
        return line + _marker(MARKERS[index % len(MARKERS)], x + 12, y, colour, "")


def _rule(y: float, width: float, attributes: str) -> str:
    """A horizontal line across the plot at `y`."""
    return f'<line x1="{PLOT_LEFT}" x2="{PLOT_LEFT + width}" y1="{y:.1f}" y2="{y:.1f}" {attributes}/>'


def _marker(shape: str, x: float, y: float, colour: str, label: str) -> str:
    tip = f"<title>{label}</title>" if label else ""
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">{tip}</rect>'
    if shape == "triangle":
        d = f"M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z"
        return f'<path d="{d}" fill="{colour}">{tip}</path>'
    if shape == "diamond":
        d = f"M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z"
        return f'<path d="{d}" fill="{colour}">{tip}</path>'
    if shape == "cross":
        d = f"M{x - 4:.1f} {y - 4:.1f} L{x + 4:.1f} {y + 4:.1f} M{x - 4:.1f} {y + 4:.1f} L{x + 4:.1f} {y - 4:.1f}"
        return f'<path d="{d}" stroke="{colour}" stroke-width="2.5">{tip}</path>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">{tip}</circle>'


def text_width(text: str, size: int = FONT) -> float:
    """About how wide `text` is drawn: CJK characters are square, others about 0.6 of the size."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def _legend_rows(labels: list[str]) -> list[list[tuple[int, float]]]:
    """(series index, x) per legend entry, wrapped onto rows so none runs past the chart's width."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = PLOT_LEFT
    for index, label in enumerate(labels):
        width = 30 + text_width(label) + 18
        if rows[-1] and x + width > WIDTH:
            rows.append([])
            x = PLOT_LEFT
        rows[-1].append((index, x))
        x += width
    return rows if rows[0] else []


def _ticks(top: float) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least `top`."""
    rough = top / 4
    power = 10 ** math.floor(math.log10(rough)) if rough > 0 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]
