"""Imports flow one way (house style rules 16 and 21), read from the code with `ast`:

    accounts <- assessments, sitting, runs <- plans <- conversation <- dashboard, portability

An app imports its own modules and those of the apps below it. The project's shared engines
(psoas_tracker: charts, dates, rendering, mail...) sit under every app and import none; the
modules that wire the apps together (WIRING_MODULES) sit above them all. A migration imports
only its own app (its earlier migrations included) and the engines; a views module only URL
confs import. Every `import` and `from ... import` under apps/ and psoas_tracker/ counts, inside
a function too, and importlib.import_module() of a literal name; tests/ and bench/ are free.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("apps", "psoas_tracker")

ENGINES, WIRING = "the project's engines", "the project's wiring"
# Lowest first: a unit imports its own modules and those of lower layers.
LAYERS = (
    (ENGINES,),
    ("accounts",),
    ("assessments", "sitting", "runs"),
    ("plans",),
    ("conversation",),
    ("dashboard", "portability"),
    (WIRING,),
)
LAYER = {unit: level for level, units in enumerate(LAYERS) for unit in units}
ARCHITECTURE = " <- ".join(", ".join(units) for units in LAYERS[1:-1])

# The project modules that may import apps, because they put the apps together.
WIRING_MODULES = {
    "psoas_tracker.urls": "the root URL conf routes to every app's URL conf",
    "psoas_tracker.settings": "settings name the apps, their middleware and context processors",
    "psoas_tracker.wsgi": "the WSGI entry point loads the whole project",
    "psoas_tracker.asgi": "the ASGI entry point loads the whole project",
}
# Apps of one layer import none of each other, but for these arrows.
SIBLING_ARROWS = {
    ("sitting", "runs"): "the sitting week lists each day's imported runs beside its minutes",
}
# Arrows against the layers, module to module, each with the reason it stays.
EXCEPTIONS = {
    ("apps.assessments.views", "apps.plans.timeline"): (
        "the tests page marks plan starts and changes on its charts; only the view fetches them "
        "and hands them to history.chart_context as a function"
    ),
    ("apps.assessments.views", "apps.plans.following"): (
        "a test saved through the form applies the plan rules (apps/plans/blocks.py) to the "
        "runner's plan; only the view calls them, so an imported test changes no plan"
    ),
    ("apps.assessments.views", "apps.plans.returning"): (
        "a red flag's hold cleared through the questions or a test starts the way back to "
        "running (apps/plans/return_to_run.py); only the view calls it, so an import starts none"
    ),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def unit_of(module: str) -> str | None:
    """The app (`accounts`...), ENGINES or WIRING a module belongs to; None outside the project."""
    parts = module.split(".")
    if parts[0] == "apps" and len(parts) > 1:
        return parts[1]
    if parts[0] == "psoas_tracker":
        return WIRING if module in WIRING_MODULES else ENGINES
    return None


def imports_of(module: str, source: str, *, is_package: bool = False) -> set[str]:
    """The project's modules `module` imports: `from apps.x import y` names apps.x.y when y is
    a module, apps.x otherwise."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per dot past the first
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if is_module(submodule) else base)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
    return {name for name in found if unit_of(name)}


def rule_broken(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`, or None when it may."""
    high, low = unit_of(importer), unit_of(imported)
    if is_views(imported) and not may_import_views(importer, imported):
        return "views are not libraries: only URL confs import them (rule 16)"
    if low == high:
        return None
    if ".migrations." in importer and low != ENGINES:
        return (
            "a migration imports its own app only: another app's models come from "
            "apps.get_model(), as they were then"
        )
    if high == ENGINES:
        return (
            f"{ENGINES} sit under every app and import none; only the wiring does "
            f"({', '.join(WIRING_MODULES)})"
        )
    if LAYER[low] > LAYER[high]:
        return f"{high} is below {low}: {ARCHITECTURE}"
    if LAYER[low] == LAYER[high] and (high, low) not in SIBLING_ARROWS:
        return f"{high} and {low} are siblings in one layer: neither imports the other"
    return None


def is_views(module: str) -> bool:
    return module.endswith(".views") or ".views." in module


def may_import_views(importer: str, views: str) -> bool:
    """The root URL conf, the app's own URL conf, or a views package gathering its modules."""
    package = views.partition(".views")[0] + ".views"
    return importer in ("psoas_tracker.urls", package.replace(".views", ".urls"), package)


def wrong_arrows(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """'importer imports imported: rule' for each import of `source` that breaks a rule."""
    return [
        f"{module} imports {imported}: {rule}"
        for imported in sorted(imports_of(module, source, is_package=is_package))
        if (rule := rule_broken(module, imported))
    ]


def project_imports() -> set[tuple[str, str]]:
    """(importer, imported) of every module under apps/ and psoas_tracker/."""
    arrows = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            module = module_name(path)
            is_package = path.name == "__init__.py"
            source = path.read_text()
            arrows.update(
                (module, imported) for imported in imports_of(module, source, is_package=is_package)
            )
    return arrows


def test_imports_flow_one_way():
    arrows = project_imports()
    assert ("apps.plans.timeline", "apps.assessments.marks") in arrows  # the walk reads the apps

    wrong = [
        f"{importer} imports {imported}: {rule}"
        for importer, imported in sorted(arrows)
        if (rule := rule_broken(importer, imported)) and (importer, imported) not in EXCEPTIONS
    ]

    assert wrong == []


def test_every_exception_is_still_needed():
    arrows = project_imports()
    units = {(unit_of(importer), unit_of(imported)) for importer, imported in arrows}

    assert [arrow for arrow in EXCEPTIONS if not (arrow in arrows and rule_broken(*arrow))] == []
    assert [arrow for arrow in SIBLING_ARROWS if arrow not in units] == []
    assert [arrow for arrow in SIBLING_ARROWS if LAYER[arrow[0]] != LAYER[arrow[1]]] == []


@pytest.mark.parametrize(
    ("module", "source", "message"),
    [
        (
            "apps.assessments.marks",
            "from apps.plans.timeline import CHANGE, START",
            "apps.assessments.marks imports apps.plans.timeline: assessments is below plans: "
            "accounts <- assessments, sitting, runs <- plans <- conversation <- dashboard, "
            "portability",
        ),
        (
            "apps.accounts.models",
            "def later():\n    from apps.dashboard import roster",
            "apps.accounts.models imports apps.dashboard.roster: accounts is below dashboard: "
            "accounts <- assessments, sitting, runs <- plans <- conversation <- dashboard, "
            "portability",
        ),
        (
            "apps.runs.services",
            "import apps.sitting.models",
            "apps.runs.services imports apps.sitting.models: runs and sitting are siblings in "
            "one layer: neither imports the other",
        ),
        (
            "psoas_tracker.context_processors",
            "from apps.accounts.scoping import coached_runners",
            "psoas_tracker.context_processors imports apps.accounts.scoping: the project's "
            "engines sit under every app and import none; only the wiring does "
            "(psoas_tracker.urls, psoas_tracker.settings, psoas_tracker.wsgi, psoas_tracker.asgi)",
        ),
        (
            "apps.plans.migrations.0099_made_up",
            "import apps.assessments.models",
            "apps.plans.migrations.0099_made_up imports apps.assessments.models: a migration "
            "imports its own app only: another app's models come from apps.get_model(), as "
            "they were then",
        ),
        (
            "apps.dashboard.roster",
            "from apps.plans.views import plans",
            "apps.dashboard.roster imports apps.plans.views.plans: views are not libraries: "
            "only URL confs import them (rule 16)",
        ),
    ],
)
def test_the_checker_names_an_arrow_the_wrong_way(module, source, message):
    assert wrong_arrows(module, source) == [message]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("apps.plans.timeline", "from apps.assessments.marks import CHANGE, START"),
        ("apps.dashboard.insights", "from psoas_tracker import charts"),
        ("apps.sitting.views", "from apps.runs.services import run_days"),
        ("apps.accounts.models", "from . import scoping"),
        ("apps.dashboard.urls", "from apps.dashboard.views import coach, runner"),
        (
            "apps.dashboard.migrations.0003_red_flag_holds",
            'importlib.import_module("apps.dashboard.migrations.0002_alerts")',
        ),
        ("psoas_tracker.urls", "from apps.runs import views"),
        ("psoas_tracker.charts", "from django.utils.safestring import mark_safe"),
    ],
)
def test_the_checker_lets_the_allowed_arrows_through(module, source):
    assert wrong_arrows(module, source) == []


def test_a_relative_import_and_import_module_are_read_as_their_full_names():
    source = (
        "import importlib\n"
        "from . import models\n"
        "from .models import Plan\n"
        'PREVIOUS = importlib.import_module("apps.dashboard.roster")\n'
    )

    assert imports_of("apps.plans.timeline", source) == {
        "apps.plans.models",
        "apps.dashboard.roster",
    }
    assert imports_of("apps.plans", "from . import models", is_package=True) == {
        "apps.plans.models"
    }
