"""The rendering tricks measured to matter, and only those, in one place.

Everything else is rendered by templates. These exist because a template loop over hundreds of
points or cells, each number localized and escaped one by one, was measured at several times the
cost of the whole rest of a page (see the README's Performance section).
"""

from collections.abc import Iterable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe


def line_path(points: Iterable[tuple[float, float]]) -> SafeString:
    """An SVG path joining (x, y) points in order: "M1.0 2.0L3.0 4.0"; "" for fewer than two."""
    xys = [f"{x:.1f} {y:.1f}" for x, y in points]
    return mark_safe("M" + "L".join(xys) if len(xys) > 1 else "")  # numbers only


def dots_path(points: Iterable[tuple[float, float]]) -> SafeString:
    """An SVG path drawing a dot (a zero-length segment with round caps) at each point."""
    return mark_safe("".join(f"M{x:.1f} {y:.1f}h0" for x, y in points))  # numbers only


def table_rows(rows: Iterable[Sequence[object]], labels: Sequence[str] = ()) -> SafeString:
    """<tr> rows for a table of hundreds: the first cell a row header, every cell escaped.
    labels: the column names of the cells after the first, as data-label (a narrow screen
    shows each row as a card, each cell named by its column)."""
    opening = [f'<td data-label="{escape(label)}">' for label in labels]
    return mark_safe(
        "\n".join(
            f"<tr><th scope=row>{escape(str(first), quote=False)}</th>"
            + "".join(
                f"{opening[n] if n < len(opening) else '<td>'}{escape(str(cell), quote=False)}</td>"
                for n, cell in enumerate(rest)
            )
            + "</tr>"
            for first, *rest in rows
        )
    )
