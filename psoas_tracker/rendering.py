"""The rendering tricks measured to matter, and only those, in one place.

Everything else is rendered by templates. These exist because a template loop over hundreds of
points or cells, each number localized and escaped one by one, was measured at several times the
cost of the whole rest of a page (see the README's Performance section).
"""

from collections.abc import Iterable, Sequence
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe


def url_maker(name):
    """A fast reverse() for one route with one integer argument, for rows of a table.

    reverse() costs tens of microseconds; a roster of 200 rows with four links each would
    spend milliseconds on it. This reverses once and fills in each row's number.
    """
    sentinel = 2_000_000_001
    prefix, suffix = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda value: f"{prefix}{value}{suffix}"


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


def html_list(template: str, rows: Iterable[Sequence[object]]) -> SafeString:
    """`template` (a format string of HTML, its fields numbered or not) filled with each row's
    values, escaped, joined:
    for a list of a few hundred items on one page (the roster's alerts), where a template loop
    costs more than the rest of the page."""
    # html.escape, not Django's conditional_escape: the latter's lazy-string check per value
    # was most of the cost (as in table_rows).
    return mark_safe(  # every value escaped, quotes included
        "".join(template.format(*(escape(str(value)) for value in row)) for row in rows)
    )
