"""Requests sent at the same moment to the live server, as a double tap or a second tab would."""

import re
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

from django.conf import settings
from django.test import Client


class LiveSession:
    """One signed-in browser session of `user` on the live server."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.base_url = live_server.url
        self.session = client.cookies[settings.SESSION_COOKIE_NAME].value

    def post_at_once(self, page, posts, headers=None):
        """Sends every (url, form dict) of `posts` at once, with the CSRF token of `page`.

        Returns the status codes, in the order of `posts`.
        """
        jar = CookieJar()
        html = (
            build_opener(HTTPCookieProcessor(jar))
            .open(Request(self.base_url + page, headers={"Cookie": f"sessionid={self.session}"}))
            .read()
            .decode()
        )
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        csrf_cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")

        def post(url_and_form):
            url, form = url_and_form
            request = Request(
                self.base_url + url,
                data=urlencode({**form, "csrfmiddlewaretoken": token}, doseq=True).encode(),
                headers={
                    "Cookie": f"sessionid={self.session}; csrftoken={csrf_cookie}",
                    "Referer": self.base_url,
                    **(headers or {}),
                },
            )
            try:
                return build_opener().open(request).status
            except HTTPError as error:
                return error.code

        with ThreadPoolExecutor(max_workers=len(posts)) as pool:
            return list(pool.map(post, posts))


def post_at_once(live_server, user, page, posts, headers=None):
    """LiveSession(live_server, user).post_at_once(page, posts, headers), in one call."""
    return LiveSession(live_server, user).post_at_once(page, posts, headers)
