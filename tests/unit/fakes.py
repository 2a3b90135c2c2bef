"""Scripted stand-ins for ``requests.Session`` and the clock, for unit tests without a network."""

import json
import re
from urllib.parse import parse_qsl, urlsplit

import requests


def make_response(status=200, body=None, headers=None, url="https://waldur.example.com/api/x/", method="GET", text=None):
    response = requests.Response()
    response.status_code = status
    response.reason = requests.status_codes._codes.get(status, ("",))[0].replace("_", " ").title()
    if text is not None:
        response._content = text.encode()
    else:
        response._content = b"" if body is None else json.dumps(body).encode()
    response._content_consumed = True
    response.headers.update(headers or {})
    response.url = url
    response.request = requests.Request(method, url).prepare()
    return response


class FakeSession:
    """Answers each request from a script: a list of responses/exceptions, or a callable(method, url, params, json)."""

    def __init__(self, script):
        self.script = list(script) if isinstance(script, (list, tuple)) else script
        self.headers = {}
        self.verify = True
        self.calls = []

    def request(self, method, url, params=None, json=None, timeout=None, verify=None):
        self.calls.append({"method": method, "url": url, "params": params, "json": json, "timeout": timeout, "verify": verify})
        if callable(self.script):
            outcome = self.script(method, url, params, json)
        else:
            outcome = self.script.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        if outcome.request is not None:
            outcome.request.method = method
        return outcome

    def close(self):
        pass


class FakeClock:
    """A monotonic clock that only moves when someone sleeps (or a probe takes time)."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds):
        self.now += seconds


class Exit(Exception):
    pass


class FakeModule:
    def __init__(self, params, check_mode=False, diff=False):
        self.params = dict(params)
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []
        self.result = None

    def warn(self, message):
        self.warnings.append(message)

    def exit_json(self, **result):
        self.result = result
        raise Exit()

    def fail_json(self, **result):
        self.result = dict(result, failed=True)
        raise Exit()


class FakeClient:
    def close(self):
        pass


class ScriptedApi:
    """A tiny scripted API: routes (method, path) to handlers and records every query."""

    def __init__(self):
        self.routes = []
        self.session = FakeSession(self.dispatch)

    def on(self, method, path_regex, handler, first=False):
        """Route to ``handler``; ``first`` puts it before the routes already there (the first match answers)."""
        self.routes.insert(0 if first else len(self.routes), (method, re.compile(path_regex + "$"), handler))

    def dispatch(self, method, url, params, body):
        parts = urlsplit(url)
        query = list(params or []) + parse_qsl(parts.query)
        for route_method, pattern, handler in self.routes:
            if route_method == method and pattern.match(parts.path):
                return handler(query=query, body=body, url=url, method=method)
        return make_response(404, {"detail": "Not found."}, url=url, method=method)


HTML_PAGE = "<html><head><title>Sign in</title></head></html>"


def html(**request):
    return make_response(200, text=HTML_PAGE, headers={"Content-Type": "text/html"}, url=request["url"], method=request["method"])
