from django.utils.functional import SimpleLazyObject

from apps.accounts.scoping import coached_runners


def navigation(request):
    """`has_runners` for the nav's Coach link, queried only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"has_runners": False}
    return {"has_runners": SimpleLazyObject(lambda: coached_runners(user).exists())}
