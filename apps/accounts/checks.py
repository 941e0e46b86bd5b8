"""System checks for the way the app is deployed (`manage.py check --deploy`)."""

import ipaddress
import runpy

from django.conf import settings
from django.core import checks

PROXY_ONLY_ID = "accounts.W001"


def reachable_beyond_the_host(bind: str) -> bool:
    """Whether a gunicorn bind ("host:port", "[::1]:8000", "unix:/path") can be reached from
    beyond this host and its private networks: all interfaces, a public address or a name."""
    if bind.startswith("unix:"):
        return False
    host = bind.rpartition(":")[0] if ":" in bind else bind
    host = host.removeprefix("[").removesuffix("]")
    if host == "localhost":
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # a host name, or none (every interface)
        return True
    # 0.0.0.0 and :: are not global addresses, but they mean every interface.
    return address.is_unspecified or address.is_global


def gunicorn_binds() -> list[str]:
    """Where gunicorn listens, as gunicorn.conf.py reads it from this environment."""
    config = settings.BASE_DIR / "gunicorn.conf.py"
    if not config.exists():
        return []
    bind = runpy.run_path(str(config)).get("bind", [])
    return [bind] if isinstance(bind, str) else list(bind)


@checks.register(checks.Tags.security, deploy=True)
def check_only_the_proxy_reaches_gunicorn(app_configs=None, **kwargs):
    """With TRUSTED_PROXY_COUNT set, whoever reaches gunicorn directly writes their own
    X-Forwarded-For and so picks the client address that login lockout and limits count."""
    if not settings.TRUSTED_PROXY_COUNT:
        return []
    exposed = [bind for bind in gunicorn_binds() if reachable_beyond_the_host(bind)]
    if not exposed:
        return []
    return [
        checks.Warning(
            f"gunicorn listens on {', '.join(exposed)} and TRUSTED_PROXY_COUNT is "
            f"{settings.TRUSTED_PROXY_COUNT}: a client that reaches gunicorn without the proxy "
            "can claim any address in X-Forwarded-For, and so escape login lockout and every "
            "per-client limit.",
            hint=(
                "Let only the proxy reach gunicorn: set GUNICORN_BIND to a loopback or private "
                "address (127.0.0.1:8000). In a container that must listen on 0.0.0.0, publish "
                "its port to the proxy alone (compose: 127.0.0.1:8000) and add "
                f"{PROXY_ONLY_ID} to SILENCED_SYSTEM_CHECKS."
            ),
            id=PROXY_ONLY_ID,
        )
    ]
