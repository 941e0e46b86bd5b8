"""axe-core (vendored from the npm registry by scripts/vendor, used by tests only) on a page."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
BLOCKING = {"serious", "critical"}


def axe_violations(page):
    """Serious and critical axe violations of the page as it is now, as readable strings."""
    # page.evaluate runs through the DevTools protocol, so the page's CSP does not block it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE + "\n;0")
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page, name=""):
    violations = axe_violations(page)
    assert violations == [], f"{name or page.url}: " + "; ".join(violations)
