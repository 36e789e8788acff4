"""Charts as inline SVG, drawn in Python: no script, no library, nothing loaded.

:func:`interval_bars` draws grouped horizontal bars (one group per row, one bar per system) with 95%
interval whiskers; :func:`line_chart` draws one line per series over ordered points. Both return an SVG
element as a string; every label is XML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

# Colour-blind-safe (Okabe-Ito), one per system or series, in order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

Interval = tuple[float, float] | None


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _axis(x0: float, width: float, top: float, bottom: float) -> list[str]:
    out = []
    for k in range(6):
        x = x0 + width * k / 5
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" class="grid"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 14}" class="tick" text-anchor="middle">{k / 5:.1f}</text>')
    return out


def interval_bars(
    rows: Sequence[str],
    systems: Sequence[str],
    values: Mapping[str, Mapping[str, float | None]],
    intervals: Mapping[str, Mapping[str, Interval]] | None = None,
    title: str = "F1 with 95% intervals",
) -> str:
    """Horizontal bars: ``values[system][row]`` in [0, 1], whiskers from ``intervals[system][row]``.

    A missing value (no gold and no prediction for the row) is drawn as a dash and labelled "—"."""
    bar, gap, label_w, width = 11, 10, 150, 520
    group = bar * len(systems) + gap
    legend_h = 18 * ((len(systems) + 2) // 3)
    top = 28 + legend_h
    height = top + group * len(rows) + 24
    x0 = label_w
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" viewBox="0 0 {x0 + width + 60} {height}" '
           f'role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>']  # fmt: skip
    out.append(f'<text x="0" y="14" class="chart-title">{_e(title)}</text>')
    for i, name in enumerate(systems):
        lx, ly = (i % 3) * 230, 24 + 18 * (i // 3)
        out.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour(i)}"/>'
                   f'<text x="{lx + 16}" y="{ly + 10}" class="legend">{_e(name)}</text>')  # fmt: skip
    out += _axis(x0, width, top - 4, top + group * len(rows))
    for r, row in enumerate(rows):
        y = top + r * group
        out.append(f'<text x="{x0 - 6}" y="{y + group / 2}" class="row-label" text-anchor="end">{_e(row)}</text>')
        for i, name in enumerate(systems):
            value = (values.get(name) or {}).get(row)
            by = y + i * bar
            tip = f"{name} · {row}: F1 " + ("—" if value is None else f"{value:.3f}")
            ci = ((intervals or {}).get(name) or {}).get(row)
            if ci is not None:
                tip += f" [{ci[0]:.2f}, {ci[1]:.2f}]"
            out.append(f'<g class="bar" data-system="{_e(name)}" data-row="{_e(row)}"><title>{_e(tip)}</title>')
            if value is None:
                out.append(f'<text x="{x0 + 4}" y="{by + bar - 2}" class="tick">—</text></g>')
                continue
            out.append(f'<rect x="{x0}" y="{by + 1}" width="{max(width * value, 1):.1f}" height="{bar - 2}" '
                       f'fill="{colour(i)}"/>')  # fmt: skip
            if ci is not None:
                lo, hi, mid = x0 + width * ci[0], x0 + width * ci[1], by + bar / 2
                out.append(f'<path d="M{lo:.1f} {mid}H{hi:.1f}M{lo:.1f} {by + 2}V{by + bar - 2}'
                           f'M{hi:.1f} {by + 2}V{by + bar - 2}" class="whisker"/>')  # fmt: skip
            out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def line_chart(
    points: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    title: str,
    tips: Sequence[str] = (),
) -> str:
    """One line per series over ``points`` (x labels, in order), F1 in [0, 1] on the y axis; a None is a gap."""
    width, height, left, top, bottom = 560, 220, 64, 24, 66
    plot_w, plot_h = width - left - 12, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)
    box = f"0 0 {width} {height + 18 * len(series)}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart lines" viewBox="{box}" role="img" '
           f'aria-label="{_e(title)}"><title>{_e(title)}</title>']  # fmt: skip
    out.append(f'<text x="0" y="14" class="chart-title">{_e(title)}</text>')
    for k in range(6):
        y = top + plot_h * (1 - k / 5)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" class="tick" text-anchor="end">{k / 5:.1f}</text>')
    every = max(1, len(points) // 12)
    for p, label in enumerate(points):
        if p % every == 0 or p == len(points) - 1:
            x = left + p * step
            out.append(f'<text x="{x:.1f}" y="{top + plot_h + 10}" class="tick" text-anchor="end" '
                       f'transform="rotate(-40 {x:.1f} {top + plot_h + 10})">{_e(label)}</text>')  # fmt: skip
    for i, (name, ys) in enumerate(series.items()):
        path, dots = [], []
        for p, v in enumerate(ys):
            if v is None:
                path.append(None)
                continue
            x, y = left + p * step, top + plot_h * (1 - v)
            path.append(f"{x:.1f} {y:.1f}")
            tip = f"{name} · {points[p]}: {v:.3f}" + (f" · {tips[p]}" if p < len(tips) and tips[p] else "")
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour(i)}"><title>{_e(tip)}</title></circle>')
        d, pen = [], "M"
        for xy in path:
            if xy is None:
                pen = "M"
                continue
            d.append(pen + xy)
            pen = "L"
        out.append(f'<g class="series" data-series="{_e(name)}"><path d="{" ".join(d)}" stroke="{colour(i)}" '
                   f'class="line"/>{"".join(dots)}</g>')  # fmt: skip
        ly = height + 18 * i
        out.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="{colour(i)}"/>'
                   f'<text x="{left + 16}" y="{ly}" class="legend">{_e(name)}</text>')  # fmt: skip
    out.append("</svg>")
    return "".join(out)
