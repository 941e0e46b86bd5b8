"""The chart colours come from the design tokens at the top of app.css (each with its dark
value), never from a literal colour of their own: light and dark then both follow the tokens."""

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
CHART_SELECTOR = re.compile(r"\.(line|markers|key|mark)-[a-z]")


def rules(css):
    """(selector, declarations) of each rule, media queries unwrapped; comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return re.findall(r"([^{}]+)\{([^{}]*)\}", css)


def test_chart_colours_are_design_tokens():
    chart_rules = [(s.strip(), d) for s, d in rules(CSS) if CHART_SELECTOR.search(s)]

    assert chart_rules  # the selector still finds the chart's rules
    literal = [s for s, d in chart_rules if re.search(r"#[0-9a-fA-F]{3,8}\b|rgb\(|hsl\(", d)]
    assert literal == []


def test_every_colour_token_a_chart_uses_has_a_dark_value():
    dark = CSS.split("@media (prefers-color-scheme: dark)", 1)[1].split("}", 1)[0]
    used = set(
        re.findall(
            r"var\((--pt-[a-z-]+)\)", "".join(d for s, d in rules(CSS) if CHART_SELECTOR.search(s))
        )
    )

    colours = set(re.findall(r"(--pt-[a-z-]+): #", CSS.split("}", 1)[0]))  # in :root

    assert {"--pt-left", "--pt-right", "--pt-both", "--pt-sitting"} <= used & colours
    assert [token for token in sorted(used & colours) if f"{token}:" not in dark] == []
