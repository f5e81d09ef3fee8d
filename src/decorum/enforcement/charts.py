"""Small server-rendered SVG charts: stacked bars over days and horizontal bars by label.

Pure Python with no JavaScript, no external fonts and no inline styles (the site's content
security policy allows neither inline scripts nor ``style`` attributes): colours are SVG
presentation attributes. Every label is escaped. The charts are pictures of a table that the
page prints under them, so they carry ``role="img"`` and a title, and say nothing the table
does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Distinguishable for common colour-vision deficiencies (Okabe-Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000")


@dataclass(frozen=True)
class Series:
    """One coloured series: ``values`` line up with the chart's categories."""

    label: str
    values: Sequence[float]


def _nice_max(value: float) -> float:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= value:
        step *= 10
    while step > value * 10:
        step /= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _legend(series: Sequence[Series], y: float) -> list[str]:
    parts, x = [], 0.0
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 14:.1f}" y="{y + 9:.1f}" font-size="11">{escape(item.label)}</text>'
        )
        x += 24 + 7 * len(item.label)
    return parts


def _frame(title: str, width: float, height: float, body: list[str]) -> SafeString:
    label = escape(title)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart" role="img" '
        f'aria-label="{label}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _value_axis(
    left: float, top: float, plot_h: float, width: float, top_value: float
) -> list[str]:
    """The baseline and the 0 and top-value marks shared by the column and line charts."""
    return [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" '
        f'stroke="#555"/>',
        f'<text x="{left - 4}" y="{top + 8}" font-size="10" text-anchor="end">'
        f"{_fmt(top_value)}</text>",
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]


def _category_label(x: float, y: float, category: str) -> str:
    """A category under the plot: the last five characters (a day shows as MM-DD)."""
    return (
        f'<text x="{x:.1f}" y="{y}" font-size="9" '
        f'text-anchor="middle">{escape(category[-5:])}</text>'
    )


def stacked_columns(
    *, title: str, categories: Sequence[str], series: Sequence[Series], height: int = 220
) -> SafeString:
    """Columns per category (e.g. per day), the series stacked in each column."""
    left, top, bottom, width = 44.0, 8.0, 36.0, 720.0
    plot_w, plot_h = width - left - 8, float(height) - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top_value = _nice_max(max(totals, default=0))
    body = _value_axis(left, top, plot_h, width, top_value)
    slot = plot_w / max(len(categories), 1)
    bar_w = max(slot * 0.8, 1.0)
    label_every = max(1, len(categories) // 10)
    for i, category in enumerate(categories):
        x = left + i * slot + (slot - bar_w) / 2
        base = top + plot_h
        for index, item in enumerate(series):
            value = float(item.values[i])
            if value <= 0:
                continue
            h = plot_h * value / top_value
            base -= h
            body.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(category)} '
                f"{escape(item.label)}: {_fmt(value)}</title></rect>"
            )
        if i % label_every == 0:
            body.append(_category_label(x + bar_w / 2, top + plot_h + 12, category))
    body += _legend(series, top + plot_h + 20)
    return _frame(title, width, float(height), body)


def lines(
    *, title: str, categories: Sequence[str], series: Sequence[Series], height: int = 220
) -> SafeString:
    """One polyline per series over the categories (e.g. hours to a decision per day)."""
    left, top, bottom, width = 44.0, 8.0, 36.0, 720.0
    plot_w, plot_h = width - left - 8, float(height) - top - bottom
    top_value = _nice_max(max((v for s in series for v in s.values), default=0))
    body = _value_axis(left, top, plot_h, width, top_value)
    step = plot_w / max(len(categories) - 1, 1)
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * float(v) / top_value:.1f}"
            for i, v in enumerate(item.values)
        )
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    label_every = max(1, len(categories) // 10)
    for i, category in enumerate(categories):
        if i % label_every == 0:
            body.append(_category_label(left + i * step, top + plot_h + 12, category))
    body += _legend(series, top + plot_h + 20)
    return _frame(title, width, float(height), body)


def horizontal_bars(
    *, title: str, categories: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """One row per category (e.g. per rule) with a bar per series side by side."""
    left, width, row_gap = 170.0, 720.0, 6.0
    bar_h = 12.0
    group_h = bar_h * max(len(series), 1) + row_gap
    plot_w = width - left - 50
    top_value = _nice_max(max((v for s in series for v in s.values), default=0))
    height = 8 + group_h * max(len(categories), 1) + 28
    body: list[str] = []
    for i, category in enumerate(categories):
        y0 = 8 + i * group_h
        body.append(
            f'<text x="{left - 6}" y="{y0 + group_h / 2:.1f}" font-size="11" '
            f'text-anchor="end">{escape(category[:28])}</text>'
        )
        for index, item in enumerate(series):
            value = float(item.values[i])
            w = plot_w * value / top_value
            y = y0 + index * bar_h
            body.append(
                f'<rect x="{left}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(category)} '
                f"{escape(item.label)}: {_fmt(value)}</title></rect>"
                f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 3:.1f}" font-size="10">'
                f"{_fmt(value)}</text>"
            )
    body += _legend(series, height - 18)
    return _frame(title, width, height, body)
