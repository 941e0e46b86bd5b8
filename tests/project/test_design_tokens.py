"""The chart colours come from the design tokens at the top of app.css (each with its dark
value), never from a literal colour of their own: light and dark then both follow the tokens."""

import re
from pathlib import Path

STYLES = Path(__file__).resolve().parents[2] / "static" / "css"
CSS = (STYLES / "app.css").read_text()
# app.css and the stylesheets of single pages (record, session, a coach's pages).
ALL_CSS = "\n".join(path.read_text() for path in sorted(STYLES.glob("*.css")))
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


def without_print_and_svg_text(css):
    """The rules that style text on screen: @media print blocks and SVG text (chart labels in
    the SVG's own units) left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media print\s*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    return [
        (selector.strip(), declarations)
        for selector, declarations in rules(css)
        if not re.search(r"\.chart|svg|hip-map", selector)
    ]


def test_one_type_scale():
    sizes = [
        (selector, size.strip())
        for selector, declarations in without_print_and_svg_text(ALL_CSS)
        for size in re.findall(r"font-size:\s*([^;]+)", declarations)
    ]

    assert len(sizes) > 20  # the rules are found
    off_scale = [
        (selector, size)
        for selector, size in sizes
        if not re.fullmatch(r"var\(--pt-text-(xs|s|m|l|xl|display)\)|inherit", size)
    ]
    assert off_scale == []
    # Headings take the scale too, over Pico's own sizes.
    assert "h1 { --pico-font-size: var(--pt-text-xl); }" in CSS
    assert "h2 { --pico-font-size: var(--pt-text-l); }" in CSS


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other):
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def brand_block(css, dark):
    part = css.split("@media (prefers-color-scheme: dark) {\n  :root:not([data-theme]) {")
    block = part[1] if dark else part[0].split(":root:not([data-theme]) {", 1)[1]
    return dict(re.findall(r"(--pico-primary[a-z-]*): (#[0-9a-f]{6});", block.split("}", 1)[0]))


def test_one_brand_colour_the_icon_s_green_with_aa_contrast():
    icon = (Path(__file__).resolve().parents[2] / "static" / "img" / "app-icon.svg").read_text()
    green = re.search(r'rect [^>]*fill="(#[0-9a-f]{6})"', icon).group(1)
    light, dark = brand_block(CSS, dark=False), brand_block(CSS, dark=True)

    assert light["--pico-primary"] == light["--pico-primary-background"] == green
    # Pico's blue is gone from our pages: no other primary colour is set.
    assert "#0172ad" not in CSS
    assert "#01aaff" not in CSS
    # AA for normal text (4.5:1): links on the page, white on buttons, hovered too.
    white, pico_dark_background = "#ffffff", "#13171f"
    assert contrast(light["--pico-primary"], white) >= 4.5
    assert contrast(light["--pico-primary-hover-background"], white) >= 4.5
    assert contrast(dark["--pico-primary"], pico_dark_background) >= 4.5
    assert contrast(dark["--pico-primary-hover"], pico_dark_background) >= 4.5
