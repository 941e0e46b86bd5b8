"""gunicorn's settings in production. gunicorn reads ./gunicorn.conf.py from its working folder,
so `gunicorn psoas_tracker.wsgi` (the Dockerfile, compose, make loadtest) uses this file."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
accesslog = "-"

# Whether a request came over HTTPS is Django's decision alone (SECURE_PROXY_SSL_HEADER, which
# production sets only behind a TLS proxy that overwrites X-Forwarded-Proto). gunicorn trusts no
# forwarded header from anybody, not even 127.0.0.1 (its default): another process on the host
# could otherwise claim https.
forwarded_allow_ips = ""
secure_scheme_headers = {}

# Refuse oversized request lines and header blocks before a worker spends time on them; bodies
# are capped by Django (psoas_tracker/middleware.py) and, first, by the proxy in front.
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
