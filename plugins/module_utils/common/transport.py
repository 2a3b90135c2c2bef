# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One HTTP transport for every API the collection talks to.

A keep-alive ``requests.Session`` with the provider's auth header, connect and read timeouts, TLS settings,
and retries with exponential backoff and jitter that honour ``Retry-After``.

Retry policy, one bounded budget (``retries``) per request and never past the task's ``deadline``:

- reads (GET, HEAD, OPTIONS, and POSTs the caller marks ``idempotent`` because they only compute an answer) and
  idempotent writes (PUT and PATCH with absolute values, DELETE) are retried on 429, 502, 503, 504 and on
  connection errors and read timeouts. A DELETE answered 404 after an earlier attempt of it may have arrived has
  done its job: the 404 is returned as the answer.
- any other POST (a create or an action) is retried only when the server provably did not act on it: the
  connection was never established, or the server answered 429. Otherwise the error reaches the caller, which
  re-reads the object before deciding to send again (resource.py), so no retry can ever create a duplicate.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import os
import random
import re
import time
import traceback
import warnings

from ansible.module_utils.six.moves.urllib.parse import urlsplit, urlunsplit, parse_qsl, urlencode

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.exceptions import ConnectionError as RequestsConnectionError, Timeout as RequestsTimeout
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

READ_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))
IDEMPOTENT_METHODS = READ_METHODS | frozenset(("PUT", "PATCH", "DELETE"))
RETRY_STATUSES_IDEMPOTENT = frozenset((429, 502, 503, 504))
RETRY_STATUSES_MUTATING = frozenset((429,))
SECRET_QUERY_KEYS = frozenset(("x-auth-token", "token", "apikey", "api_key", "access_token"))
MAX_MESSAGE_LENGTH = 2000
MIN_SECRET_LENGTH = 4


class ApiError(Exception):
    """An API call that did not succeed: HTTP error status, network failure or unreadable answer.

    ``status`` is None when no HTTP answer arrived. ``url`` never carries credentials.
    ``api_message`` is the API's own message made readable, ``body`` the decoded answer (if any).
    ``from_api`` is False for an error answer that is not JSON: a web server's or a proxy's page, not the API's
    word (its 404 does not mean the object is absent).
    """

    from_api = True

    def __init__(self, message, status=None, method=None, url=None, api_message=None, body=None, attempts=1):
        super(ApiError, self).__init__(message)
        self.message = message
        # How many times the request was sent: above 1, an earlier attempt may have reached the server.
        self.attempts = attempts
        # No answer within the read timeout: the request may still be executing on the server.
        self.read_timeout = False
        self.status = status
        self.method = method
        self.url = url
        self.api_message = api_message
        self.body = body

    def __str__(self):
        return self.message

    def to_result(self):
        """The error's facts as JSON-serialisable values, for a module's failure result."""
        return {"status": self.status, "method": self.method, "url": self.url, "api_message": self.api_message}


MESSAGE_KEYS = frozenset(("detail", "message", "non_field_errors"))


def _flatten(value, path, out, diagnostic_keys=frozenset()):
    if isinstance(value, dict):
        for key, child in value.items():
            if not path and key in diagnostic_keys:
                continue
            _flatten(child, path if key in MESSAGE_KEYS else path + [str(key)], out)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                # A list of per-item serializer errors ([{}, {"subnet": [...]}]): name the failing item.
                indexed = path[:-1] + ["%s[%d]" % (path[-1], index)] if path else ["[%d]" % index]
                _flatten(item, indexed, out)
            else:
                _flatten(item, path, out)
    elif value is not None and value != "":
        text = " ".join(str(value).split())
        out.append("%s: %s" % (".".join(path), text) if path else text)


def flatten_api_message(body, diagnostic_keys=frozenset()):
    """Turn an API error body into one readable line.

    Understands DRF shapes (``{"detail": m}``, ``{"field": [m, ...]}``, ``{"non_field_errors": [m]}``,
    nested serializer errors, a bare list of messages) and ``{"message": m}`` beside top-level
    ``diagnostic_keys`` an API adds for its own support (left out: they are not the message).
    """
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        text = " ".join(body.split())
        return text[:MAX_MESSAGE_LENGTH] or None
    parts = []
    _flatten(body, [], parts, diagnostic_keys)
    text = "; ".join(parts)
    return text[:MAX_MESSAGE_LENGTH] or None


def redact_url(url):
    """The URL without user info and without query parameters that carry credentials."""
    if not url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in SECRET_QUERY_KEYS])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def parse_retry_after(value, now=None):
    """Seconds to wait according to a ``Retry-After`` header (delta seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _never_reached_server(exc):
    """True when a connection error proves the request was never delivered (refused or never connected)."""
    if requests is None:
        return False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, RequestsConnectionError) or isinstance(exc, RequestsTimeout):
        return False
    seen = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        name = type(current).__name__
        if name in ("NewConnectionError", "ConnectTimeoutError", "ConnectionRefusedError", "NameResolutionError"):
            return True
        if isinstance(current, ConnectionRefusedError):
            return True
        pending.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
        pending.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
    return False


class RetryPolicy:
    """How often and how long to retry. ``backoff(attempt)`` is the wait before retry number ``attempt`` (1-based)."""

    def __init__(self, retries=4, base_delay=0.5, max_delay=16.0, max_retry_after=120.0, rand=None):
        self.retries = retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self._random = rand or random.random

    def backoff(self, attempt, retry_after=None):
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        # "Equal jitter": at least half the exponential step, so retries always spread out but never bunch up at 0.
        return ceiling / 2.0 + self._random() * ceiling / 2.0

    @staticmethod
    def idempotent(method, idempotent=None):
        """Whether sending the request twice does no more than sending it once (``idempotent`` overrides the method's rule)."""
        return method in IDEMPOTENT_METHODS if idempotent is None else bool(idempotent)

    def retryable_status(self, method, status, idempotent=None):
        allowed = RETRY_STATUSES_IDEMPOTENT if self.idempotent(method, idempotent) else RETRY_STATUSES_MUTATING
        return status in allowed

    def retryable_exception(self, method, exc, idempotent=None):
        if self.idempotent(method, idempotent):
            return isinstance(exc, (RequestsConnectionError, RequestsTimeout))
        return _never_reached_server(exc)


class Transport:
    """A keep-alive HTTP client for one API endpoint.

    ``auth_header`` is the full ``Authorization`` value (``Token <token>``, ``APIKey <key>``); it is sent on
    every request and never appears in a message. ``timeout`` is ``(connect, read)`` seconds or one number.
    """

    def __init__(self, base_url, auth_header=None, timeout=(10, 60), validate_certs=True, ca_path=None,
                 retry_policy=None, user_agent=None, sleep=time.sleep, session=None, secrets=()):
        if requests is None:
            raise ImportError("The Python library 'requests' is required")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry_policy = retry_policy or RetryPolicy()
        self._sleep = sleep
        self._secrets = [s for s in secrets if s]
        self.session = session or requests.Session()
        # Passed with every request too: a session-level setting alone loses to REQUESTS_CA_BUNDLE in the environment.
        self.verify = ca_path if ca_path else bool(validate_certs)
        self.session.verify = self.verify
        self.session.headers.update({"Accept": "application/json", "User-Agent": user_agent or "cloudfleet.openstack"})
        if auth_header:
            self.session.headers["Authorization"] = auth_header
            self._secrets.append(auth_header)
            self._secrets.append(auth_header.split(" ", 1)[-1])
        # Re-sends after a fault, for every request of this transport.
        self.retry_count = 0
        # Top-level keys of the API's error bodies that are diagnostics, not the message (set by the provider's client).
        self.error_diagnostic_keys = frozenset()
        # Called (without arguments) whenever the server answers 429, before the retry: an inventory asks for less.
        self.on_throttled = None
        # time.monotonic() by which the task must be done (its wait_timeout): no retry waits beyond it.
        self.deadline = None
        self._clock = time.monotonic

    def url_for(self, path_or_url):
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return self.base_url + "/" + path_or_url.lstrip("/")

    def _scrub(self, text):
        if text is None:
            return None
        for secret in self._secrets:
            # Masking a one- or two-letter value would garble every message while protecting nothing.
            if len(secret) >= MIN_SECRET_LENGTH:
                text = text.replace(secret, "********")
        return text

    def _error(self, summary, method, url, status=None, api_message=None, body=None, attempts=1):
        url = redact_url(url)
        message = "%s %s: %s" % (method, url, summary)
        if api_message:
            message = "%s: %s" % (message, api_message)
        return ApiError(self._scrub(message), status=status, method=method, url=self._scrub(url),
                        api_message=self._scrub(api_message), body=body, attempts=attempts)

    def set_deadline(self, deadline, clock=time.monotonic):
        """No retry waits beyond ``deadline`` (by ``clock``): the task's wait_timeout, which retries draw on too."""
        self.deadline = deadline
        self._clock = clock

    def pause_before_retry(self, attempt, retry_after=None):
        """Sleep before retry number ``attempt``; False when the budget or the task's deadline does not allow it."""
        if attempt > self.retry_policy.retries:
            return False
        delay = self.retry_policy.backoff(attempt, retry_after)
        if self.deadline is not None and self._clock() + delay > self.deadline:
            return False
        self._sleep(delay)
        self.retry_count += 1
        return True

    def request(self, method, path_or_url, params=None, json_body=None, expected=None, idempotent=None):
        """Send one request (with retries per the policy) and return the ``requests.Response``.

        ``expected`` is a collection of acceptable statuses; by default any 2xx. Anything else raises ApiError.
        ``idempotent=True`` marks a POST that only reads (a quota check, a search) so it is retried like a GET.
        """
        method = method.upper()
        url = self.url_for(path_or_url)
        policy = self.retry_policy
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.session.request(method, url, params=params, json=json_body, timeout=self.timeout,
                                                verify=self.verify)
            except (RequestsConnectionError, RequestsTimeout) as exc:
                if policy.retryable_exception(method, exc, idempotent) and self.pause_before_retry(attempt):
                    continue
                error = self._error(self._describe_network_error(exc), method, url, attempts=attempt)
                error.read_timeout = isinstance(exc, requests.exceptions.ReadTimeout)
                raise error
            except requests.exceptions.RequestException as exc:
                raise self._error("request failed: %s" % type(exc).__name__, method, url, attempts=attempt)

            ok = response.status_code in expected if expected else 200 <= response.status_code < 300
            if ok or (method == "DELETE" and attempt > 1 and response.status_code == 404):
                return response
            if response.status_code == 429 and self.on_throttled is not None:
                self.on_throttled()
            if policy.retryable_status(method, response.status_code, idempotent):
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if self.pause_before_retry(attempt, retry_after):
                    response.close()
                    continue
            raise self.error_from_response(response, attempts=attempt)

    def error_from_response(self, response, attempts=1):
        body = decode_json(response)
        summary = ("%s %s" % (response.status_code, response.reason or "")).strip()
        from_api = body is not None or not response.content
        if from_api:
            api_message = flatten_api_message(body, self.error_diagnostic_keys)
        else:
            summary += " (%s)" % not_json_answer(response)
            api_message = None if page_title(response.text) else flatten_api_message(response.text[:MAX_MESSAGE_LENGTH])
        error = self._error(summary, response.request.method if response.request is not None else "?",
                            response.url, status=response.status_code, api_message=api_message, body=body, attempts=attempts)
        error.from_api = from_api
        return error

    def _describe_network_error(self, exc):
        if isinstance(exc, requests.exceptions.SSLError):
            cause = root_cause_text(exc)
            return "TLS verification failed (%s); %s" % (cause, tls_hint(cause, self.verify))
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return "connection timed out"
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return "no answer within the read timeout"
        if _never_reached_server(exc):
            return "cannot connect to the API (%s)" % root_cause_text(exc)
        return "connection error (%s)" % root_cause_text(exc)

    def get_json(self, path_or_url, params=None):
        return self.answer_json(self.request("GET", path_or_url, params=params))

    def answer_json(self, response):
        """The decoded JSON body of a successful answer (None when empty).

        Anything else is not the API (a wrong URL, a web site, a proxy's error page) and raises ApiError:
        read as "nothing there", it would send the next request, maybe a create, to the wrong server.
        """
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            pass
        method = response.request.method if response.request is not None else "?"
        raise self._error("status %s, %s" % (response.status_code, not_json_answer(response)), method,
                          response.request.url if response.request is not None else response.url, status=response.status_code)

    def close(self):
        self.session.close()


def tls_hint(cause, verify):
    """What to do about a failed TLS verification, by its cause: only an untrusted issuer is a matter of ca_path."""
    text = cause.lower()
    if "expired" in text or "not yet valid" in text:
        return "the server's certificate is out of its validity period; it must be renewed on the server"
    if "mismatch" in text or "doesn't match" in text or "not valid for" in text:
        return "the server's certificate was issued for another host name; use a URL with a name the certificate covers"
    if isinstance(verify, str):
        return "ca_path %s does not hold the CA that signed the server's certificate" % verify
    return ("set ca_path to the CA bundle that signed the server's certificate, or validate_certs=false for a test "
            "server")


def endpoint_problem(url, url_option, ca_path=None):
    """Why ``url`` (the value of option ``url_option``) and ``ca_path`` cannot reach an API, or None: found before
    any request, instead of a bare "MissingSchema" or a CA file error from deep inside requests."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "%s '%s' is not an http:// or https:// URL" % (url_option, url)
    if ca_path and not os.path.exists(ca_path):
        return "ca_path '%s' does not exist" % ca_path
    return None


INSECURE_WARNING = ("validate_certs=false: the server's TLS certificate is not checked, so anyone on the network path "
                    "can read and change the traffic, the credential included; set ca_path instead where you can")


def quiet_insecure_warnings():
    """Silence urllib3's own warning on every unverified request: the caller warns once, in its words."""
    if requests is not None:
        warnings.filterwarnings("ignore", category=requests.packages.urllib3.exceptions.InsecureRequestWarning)


def insecure_warning(validate_certs, ca_path):
    """The one warning for connection options that leave the server's certificate unchecked (ca_path, when set, is
    used), with urllib3's own per-request warning silenced; None when the certificate is checked."""
    if validate_certs or ca_path:
        return None
    quiet_insecure_warnings()
    return INSECURE_WARNING


def _root_cause(exc):
    """The innermost exception behind a requests/urllib3 error (they wrap each other several layers deep)."""
    seen = set()
    current = exc
    while id(current) not in seen:
        seen.add(id(current))
        inner = getattr(current, "reason", None)
        if not isinstance(inner, BaseException):
            inner = next((a for a in getattr(current, "args", ()) if isinstance(a, BaseException)), None)
        inner = inner or current.__cause__
        if inner is None:
            break
        current = inner
    return current


def root_cause_text(exc):
    """A short, human description of a network error: ``Connection refused``, ``certificate verify failed: ...``."""
    root = _root_cause(exc)
    verify_message = getattr(root, "verify_message", None)
    if verify_message:
        return "certificate verify failed: %s" % verify_message
    if isinstance(root, OSError) and root.strerror:
        return root.strerror
    text = str(root)
    for marker in ("Failed to establish a new connection: ", "] "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return (text.strip(" ()'\"") or type(root).__name__)[:300]


TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def content_type_of(response):
    return (response.headers.get("Content-Type") or "no content type").split(";", 1)[0].strip()


def page_title(text):
    """The ``<title>`` of an HTML page, on one line, or None."""
    match = TITLE_RE.search(text[:MAX_MESSAGE_LENGTH * 10] if text else "")
    return " ".join(match.group(1).split())[:200] or None if match else None


def not_json_answer(response):
    """What an answer that is not JSON is (a wrong URL, a web site, a proxy's page), and what to check."""
    title = page_title(response.text)
    return "not a JSON answer: got %s from %s%s; is the URL the API's address?" % (
        content_type_of(response), redact_url(response.url), ", titled '%s'" % title if title else "")


def decode_json(response):
    """The decoded JSON body, or None for an empty or non-JSON body (for error answers; see Transport.answer_json)."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None
