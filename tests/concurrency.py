"""Requests sent at the same moment to the live server, as a double tap or a second tab would."""

import re
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

from django.conf import settings
from django.test import Client


def post_at_once(live_server, user, page, posts, headers=None):
    """Sends every (url, form dict) of `posts` at once, as `user`, with the CSRF token of `page`.

    Returns the status codes, in the order of `posts`.
    """
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    html = (
        opener.open(Request(live_server.url + page, headers={"Cookie": f"sessionid={session}"}))
        .read()
        .decode()
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf_cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")

    def post(url_and_form):
        url, form = url_and_form
        request = Request(
            live_server.url + url,
            data=urlencode({**form, "csrfmiddlewaretoken": token}, doseq=True).encode(),
            headers={
                "Cookie": f"sessionid={session}; csrftoken={csrf_cookie}",
                "Referer": live_server.url,
                **(headers or {}),
            },
        )
        try:
            return build_opener().open(request).status
        except HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        return list(pool.map(post, posts))
