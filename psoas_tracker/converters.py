"""Path converters for the project's URLs."""

import re


class TokenConverter:
    """A secret from secrets.token_urlsafe(): letters, digits, - and _ only, so a NUL byte or any
    other junk in the path is a 404 before it reaches a query."""

    regex = r"[A-Za-z0-9_-]{1,128}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def is_token(value: str) -> bool:
    """Whether `value` has the shape of a token (for a route that explains a bad link itself)."""
    return re.fullmatch(TokenConverter.regex, value) is not None
