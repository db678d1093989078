"""Bar charts drawn on the server as inline SVG: no script, no CDN, readable without JavaScript."""

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
HEIGHT = 220
MARGIN_LEFT = 48
MARGIN_BOTTOM = 28
MARGIN_TOP = 12


@dataclass(frozen=True)
class Bar:
    label: str  # under the axis (shown for some bars only)
    value: int
    hint: str  # shown on hover, and read by screen readers


def bar_chart_svg(*, bars: list[Bar], title: str, every_nth_label: int = 1) -> Markup:
    """A bar chart with a zero-based y axis labelled with its maximum."""
    top = max((bar.value for bar in bars), default=0) or 1
    plot_width = WIDTH - MARGIN_LEFT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_width / max(len(bars), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        _axes(top, plot_height),
    ]
    for index, bar in enumerate(bars):
        height = plot_height * bar.value / top
        x = MARGIN_LEFT + index * step
        y = MARGIN_TOP + plot_height - height
        parts.append(
            f'<rect class="bar" x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" '
            f'height="{height:.1f}"><title>{escape(bar.hint)}</title></rect>'
        )
        if index % every_nth_label == 0:
            parts.append(
                f'<text class="tick" x="{x + step / 2:.1f}" y="{HEIGHT - 8}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in parts went through escape())


def _axes(top: int, plot_height: int) -> str:
    bottom = MARGIN_TOP + plot_height
    return (
        f'<line class="axis" x1="{MARGIN_LEFT}" y1="{bottom}" x2="{WIDTH}" y2="{bottom}"/>'
        f'<line class="axis" x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{bottom}"/>'
        f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 4}" text-anchor="end">{top}</text>'
        f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{bottom}" text-anchor="end">0</text>'
    )
