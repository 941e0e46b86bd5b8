from django.utils.functional import SimpleLazyObject

from apps.accounts.scoping import coached_runners


def navigation(request):
    """`has_runners` for the nav's Coach link, queried only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"has_runners": False}
    # The auth backend loads it with the user; a user made in this request has not got it yet.
    known = getattr(user, "has_runners", None)
    if known is not None:
        return {"has_runners": known}
    return {"has_runners": SimpleLazyObject(lambda: coached_runners(user).exists())}
