"""A fake Strava served over HTTP (pytest-httpserver, on loopback) for the Strava tests: the
endpoints of Strava's API reference that the app calls, answering with the recorded example
payloads in strava_payloads/, with Strava's rate-limit headers, its 401, 404 and 429 answers,
its token exchange and refresh, and its deauthorisation. stravalib talks to it over real HTTP.
"""

import copy
import itertools
import json
import re
import time
from pathlib import Path

from werkzeug import Request, Response

PAYLOADS = Path(__file__).resolve().parent / "strava_payloads"
ATHLETE_ID = 134815
ACTIVITY_ID = 12345678987654321
CLIENT_ID = "4242"
CLIENT_SECRET = "fake-client-secret"
GOOD_CODE = "code-from-strava"
FIFTEEN_MINUTE_LIMIT, DAILY_LIMIT = 100, 1000


def payload(name: str):
    return json.loads((PAYLOADS / name).read_text())


class FakeStrava:
    def __init__(self):
        self.activities = {ACTIVITY_ID: payload("activity_run.json")}
        self.streams = {ACTIVITY_ID: payload("streams_run.json")}
        self.listed = payload("activities_list.json")
        self.access_tokens: dict[str, int] = {}  # token: when it expires (Unix s)
        self.refresh_tokens: set[str] = set()
        self.token_lifetime_s = 21600
        self.numbers = itertools.count(1)
        self.requests: list[tuple[str, str]] = []
        self.too_many = 0  # this many next API calls answer 429
        self.unreachable = 0  # this many next API calls answer 503
        self.usage = 0  # calls this quarter hour, in the headers
        self.subscriptions: list[dict] = []
        self.deauthorized = False

    # --- the tests' handles ------------------------------------------------------------------

    def issue_tokens(self, expires_in: int | None = None) -> dict:
        number = next(self.numbers)
        access, refresh = f"access-{number}", f"refresh-{number}"
        expires_at = int(time.time()) + (expires_in or self.token_lifetime_s)
        self.access_tokens[access] = expires_at
        self.refresh_tokens.add(refresh)
        answer = payload("token.json")
        answer.update(access_token=access, refresh_token=refresh, expires_at=expires_at)
        return answer

    def calls(self, path_pattern: str) -> int:
        return sum(1 for _method, path in self.requests if re.fullmatch(path_pattern, path))

    # --- the server --------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        self.requests.append((request.method, request.path))
        if request.path == "/oauth/token":
            return self._token(request)
        if request.path == "/oauth/deauthorize":
            return self._deauthorize(request)
        if request.path == "/api/v3/push_subscriptions":
            return self._subscriptions(request)
        if self.too_many:
            self.too_many -= 1
            return self._json({"message": "Rate Limit Exceeded", "errors": []}, 429, full=True)
        if self.unreachable:
            self.unreachable -= 1
            return self._json({"message": "Service Unavailable", "errors": []}, 503)
        if not self._authorised(request):
            return self._json(
                {
                    "message": "Authorization Error",
                    "errors": [{"resource": "Athlete", "field": "access_token", "code": "invalid"}],
                },
                401,
            )
        return self._api(request)

    def _api(self, request):
        self.usage += 1
        path = request.path.removeprefix("/api/v3")
        if path == "/athlete":
            return self._json({"id": ATHLETE_ID, "resource_state": 2, "firstname": "Leo"})
        if path == "/athlete/activities":
            page = int(request.args.get("page", 1))
            return self._json(self.listed if page == 1 else [])
        found = re.fullmatch(r"/activities/(\d+)(/streams)?", path)
        if found:
            activity_id = int(found[1])
            if activity_id not in self.activities:
                return self._json({"message": "Record Not Found", "errors": []}, 404)
            if found[2]:
                return self._json(self.streams.get(activity_id, {}))
            return self._json(self.activities[activity_id])
        return self._json({"message": "Record Not Found", "errors": []}, 404)

    def _authorised(self, request) -> bool:
        header = request.headers.get("Authorization", "")
        expires_at = self.access_tokens.get(header.removeprefix("Bearer "))
        return expires_at is not None and expires_at > time.time()

    def _token(self, request):
        form = request.form
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return self._json({"message": "Bad Request", "errors": [{"code": "invalid"}]}, 400)
        grant = form.get("grant_type")
        if grant == "authorization_code" and form.get("code") == GOOD_CODE:
            return self._json(self.issue_tokens())
        if grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            self.refresh_tokens.discard(form["refresh_token"])  # Strava may rotate it
            answer = self.issue_tokens()
            answer.pop("athlete")
            return self._json(answer)
        return self._json(
            {
                "message": "Bad Request",
                "errors": [
                    {"resource": "RefreshToken", "field": "refresh_token", "code": "invalid"}
                ],
            },
            400,
        )

    def _deauthorize(self, request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.access_tokens:
            return self._json({"message": "Authorization Error", "errors": []}, 401)
        self.revoke_all()
        return self._json({"access_token": token})

    def revoke_all(self):
        """What Strava does when the athlete revokes the app: no token opens the account."""
        self.access_tokens.clear()
        self.refresh_tokens.clear()
        self.deauthorized = True

    def _subscriptions(self, request):
        if request.method == "POST":
            subscription = {
                "id": 120475,
                "resource_state": 2,
                "application_id": int(CLIENT_ID),
                "callback_url": request.form["callback_url"],
                "created_at": "2026-12-07T09:00:00Z",
                "updated_at": "2026-12-07T09:00:00Z",
            }
            self.subscriptions.append(subscription)
            return self._json(subscription, 201)
        return self._json(copy.deepcopy(self.subscriptions))

    def _json(self, body, status=200, full=False) -> Response:
        usage = FIFTEEN_MINUTE_LIMIT if full else self.usage
        headers = {
            "X-RateLimit-Limit": f"{FIFTEEN_MINUTE_LIMIT},{DAILY_LIMIT}",
            "X-RateLimit-Usage": f"{usage},{usage}",
        }
        return Response(
            json.dumps(body), status=status, headers=headers, mimetype="application/json"
        )
