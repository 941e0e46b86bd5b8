"""Lighthouse (npm `lighthouse`, pinned) on the runner's main pages at its mobile defaults.

Needs the app running (`make run`, demo data) and Debian's chromium. Logs in as the demo runner,
runs Lighthouse on the runner's main pages (the dashboard, the record form, the tests page, the
latest test's result, the plan, sitting and insights), prints the four scores of each and fails
below the targets: performance and SEO 95, accessibility and best practices 100.

    make lighthouse      # or: python bench/lighthouse.py [--base http://127.0.0.1:8000]
"""

import argparse
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"  # 13 needs Node 22; this machine has 20
PAGES = {
    "dashboard": "/",
    "record form": "/tests/new/",
    "tests page": "/tests/",
    "test result": None,  # the latest test's page, found on the tests page
    "plan": "/plan/",
    "sitting": "/sitting/",
    "insights": "/insights/",
}
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 0.95}


def session_cookie(base):
    """Log in as the demo runner (make run writes .demo-credentials.json) and return the
    cookies to send."""
    credentials = json.loads((ROOT / ".demo-credentials.json").read_text())
    email = next(email for email in credentials if email.startswith("runner@"))
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": email, "password": credentials[email]}
    request = urllib.request.Request(
        f"{base}/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{base}/login/"},
    )
    opener.open(request)
    tests = opener.open(f"{base}/tests/").read().decode()
    latest = re.search(r'href="(/tests/\d+/)"', tests).group(1)
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar), latest


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    cookie, latest_test = session_cookie(args.base)
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for name, path in PAGES.items():
            path = path or latest_test
            report = Path(folder) / "report.json"
            # Lighthouse can exit 1 after writing its report, when Chromium's profile folder
            # is still busy at clean-up: the report decides, not the exit status.
            result = subprocess.run(
                [
                    *("npx", "--yes", LIGHTHOUSE, f"{args.base}{path}", "--quiet"),
                    "--chrome-flags=--headless=new --no-sandbox",
                    f"--extra-headers={json.dumps({'Cookie': cookie})}",
                    f"--only-categories={','.join(TARGETS)}",
                    *("--output=json", f"--output-path={report}"),
                ],
                check=False,
                env=env,
            )
            if not report.exists():
                sys.exit(f"{name}: Lighthouse wrote no report (exit {result.returncode})")
            categories = json.loads(report.read_text())["categories"]
            scores = {key: categories[key]["score"] or 0 for key in TARGETS}
            low = [key for key, target in TARGETS.items() if scores[key] < target]
            failed = failed or bool(low)
            shown = ", ".join(f"{key} {round(score * 100)}" for key, score in scores.items())
            print(f"{name:12} {shown}{'  BELOW TARGET: ' + ', '.join(low) if low else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
