from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from apps.accounts.models import normalize_email


def axes_username(request, credentials):
    """Count failed logins per e-mail whatever its case, as login itself ignores case."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(username)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies, the address the
    outermost of them saw (X-Forwarded-For entries before it can be forged by the client)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class EmailBackend(ModelBackend):
    """Django's ModelBackend, loading the user with their profile and whether they coach anyone
    in the one query every page makes anyway."""

    def get_user(self, user_id):
        from apps.accounts.models import CoachLink, User

        coaches = CoachLink.objects.filter(coach=OuterRef("pk"), status=CoachLink.Status.ACTIVE)
        user = (
            User.objects.select_related("profile")
            .annotate(has_runners=Exists(coaches))
            .filter(pk=user_id)
            .first()
        )
        return user if user and self.user_can_authenticate(user) else None
