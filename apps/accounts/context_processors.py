"""What every page's navigation needs (settings.TEMPLATES): the Coach link and the tab bar."""

from django.utils.functional import SimpleLazyObject

from apps.accounts.scoping import coached_runners
from psoas_tracker.units import Units

# The phone's tab bar: which tab a page belongs to, by the app that serves it.
SECTIONS = {"assessments": "tests", "plans": "plan", "sitting": "sitting"}
# A coach's pages, under the Runners tab.
COACH_VIEWS = {
    "dashboard:roster",
    "accounts:group_invite",
    "dashboard:runner",
    "assessments:runner_history",
    "plans:runner_plan",
    "plans:assign_plan",
    "plans:edit_plan",
    "runs:runner_list",
}


def navigation(request):
    """`has_runners` for the nav's Coach link, queried only when a template asks for it, and
    `section`, the tab of the phone's tab bar that holds the page (the rest are under More)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        section = None
    elif match.view_name in ("dashboard:home", "dashboard:training"):
        section = "home"
    elif match.view_name in COACH_VIEWS:
        section = "runners"
    else:
        section = SECTIONS.get(match.app_name, "more")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"has_runners": False, "section": section}
    # The auth backend loads it with the user; a user made in this request has not got it yet.
    known = getattr(user, "has_runners", None)
    if known is None:
        known = SimpleLazyObject(lambda: coached_runners(user).exists())
    return {"has_runners": known, "section": section}


def units(request):
    """`units`, the viewer's choice of kilometres or miles (psoas_tracker/units.py): every page
    reads in the units of whoever reads it, a coach's pages about a runner in the coach's own.
    The profile comes with the user (backends.EmailBackend): no query."""
    user = getattr(request, "user", None)
    profile = getattr(user, "profile", None) if user and user.is_authenticated else None
    return {"units": profile.units if profile else Units.KILOMETRES}
