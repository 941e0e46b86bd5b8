from apps.accounts.models import normalize_email


def axes_username(request, credentials):
    """Count failed logins per e-mail whatever its case, as login itself ignores case."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(username)
