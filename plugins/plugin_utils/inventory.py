# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Provider-neutral building blocks of the collection's inventory plugins.

Host naming (an ordered precedence list, then a deterministic rule for duplicate names), group names, client-side
selection, reading every page of a list concurrently once the first page tells the total, one API client per
thread, and cache keys that never carry a credential. Nothing here knows a provider's API or Ansible's inventory
objects: plugins pass in small callables.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import re
import threading
import time

from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

# Ansible's own rule for safe group names (ansible.inventory.group.to_safe_group_name with force=True).
UNSAFE_GROUP_CHARACTERS = re.compile(r"^[\d\W]|[^\w]")
DUPLICATE_SUFFIX_LENGTH = 8


def safe_group_name(name):
    """``name`` with every character that is not a letter, digit or underscore (and a leading digit) made ``_``."""
    return UNSAFE_GROUP_CHARACTERS.sub("_", str(name))


def group_name(prefix, key, value):
    """The name of the default group for ``key`` = ``value``, e.g. ``waldur_flavor_m1_small``."""
    return safe_group_name("%s%s_%s" % (prefix, key, value))


def is_blank(value):
    return value is None or value == "" or value == [] or value == {}


# ---- host names ------------------------------------------------------------------------------------------------


class HostnameError(ValueError):
    """A ``hostnames`` entry that is neither a known attribute nor a template."""


def is_template(text):
    return isinstance(text, str) and "{{" in text


class HostNamer:
    """Picks an instance's host name from ``preferences``, an ordered list of attribute names or templates.

    ``attributes`` maps each attribute a user may name (``name``, ``uuid``...) to a function that reads it from a
    host's record; ``render(template, hostvars)`` renders a template entry. The first entry that gives a
    non-empty value wins.
    """

    def __init__(self, preferences, attributes, render):
        self.preferences = list(preferences)
        self.attributes = attributes
        self.render = render
        self.validate()

    def validate(self):
        if not self.preferences:
            raise HostnameError("hostnames must name at least one entry")
        for entry in self.preferences:
            if not isinstance(entry, str) or not (entry in self.attributes or is_template(entry)):
                raise HostnameError(
                    "hostnames entry %r is neither one of %s nor a Jinja template such as '{{ name }}'"
                    % (entry, ", ".join(sorted(self.attributes)))
                )

    def candidate(self, record, hostvars):
        """The first non-empty value the preferences give for a host, as text, or None.

        Attributes read ``record`` (the provider's facts); templates are rendered with ``hostvars``.
        """
        for entry in self.preferences:
            value = self.render(entry, hostvars) if is_template(entry) else self.attributes[entry](record)
            if not is_blank(value):
                return str(value).strip() or None
        return None


def unique_hostnames(candidates, identities):
    """Host names for hosts whose preferred names are ``candidates`` and whose unique IDs are ``identities``.

    The rule: a name that only one host claims stays as it is. When several hosts claim the same name, none keeps
    the bare name (so it never silently points at one of them): each becomes ``<name>_<first 8 characters of its
    ID>``, or ``<name>_<ID>`` if even that collides. A host without any candidate is named by its ID. The result
    depends only on the inputs, never on the order in which pages of the listing arrived.
    """
    names = [candidate or identity for candidate, identity in zip(candidates, identities)]
    claims = _count(names)
    names = [_suffixed(name, identity, DUPLICATE_SUFFIX_LENGTH) if claims[name] > 1 else name
             for name, identity in zip(names, identities)]
    claims = _count(names)
    return [_suffixed(candidate or identity, identity, None) if claims[name] > 1 else name
            for name, candidate, identity in zip(names, candidates, identities)]


def _suffixed(name, identity, length):
    return "%s_%s" % (name, identity[:length] if length else identity)


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


# ---- selection -------------------------------------------------------------------------------------------------


def is_selected(hostvars, include, exclude, holds):
    """Whether a host passes the client-side filters.

    ``include`` and ``exclude`` are lists of conditions; ``holds(condition, hostvars)`` evaluates one. With a
    non-empty ``include`` at least one must hold; any ``exclude`` that holds drops the host.
    """
    if include and not any(holds(condition, hostvars) for condition in include):
        return False
    return not any(holds(condition, hostvars) for condition in exclude or ())


# ---- reading lists ---------------------------------------------------------------------------------------------


def page_count(total, page_size):
    return max(1, -(-total // page_size))


def run_concurrently(function, arguments, workers):
    """``[function(a) for a in arguments]``, computed by up to ``workers`` threads, results in argument order.

    When a call fails, the calls not yet started are cancelled, the running ones are awaited, and the error of the
    earliest failed argument is raised, so the same failures always give the same error.
    """
    arguments = list(arguments)
    if not arguments:
        return []
    executor = ThreadPoolExecutor(max_workers=max(1, min(workers, len(arguments))))
    try:
        futures = [executor.submit(function, argument) for argument in arguments]
        _done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        if pending:
            for future in pending:
                future.cancel()
            wait(futures)
        for future in futures:
            if not future.cancelled() and future.exception() is not None:
                raise future.exception()
        return [future.result() for future in futures]
    finally:
        executor.shutdown(wait=False)


class Throttle:
    """How many requests an inventory has in flight: at most ``limit``, which starts at ``maximum``.

    A throttled answer (429) halves the limit, never below 1; then every ``limit`` requests that succeed raise it by
    one, up to ``maximum`` again (additive increase, multiplicative decrease), so a server that is busy is asked for
    less, not more. A request waiting to be retried still counts as in flight.
    """

    def __init__(self, maximum):
        self.maximum = max(1, int(maximum))
        self.limit = self.maximum
        self.lowest = self.maximum
        self.throttled_count = 0
        self._in_flight = 0
        self._successes = 0
        self._condition = threading.Condition()

    def __enter__(self):
        with self._condition:
            while self._in_flight >= self.limit:
                self._condition.wait()
            self._in_flight += 1
        return self

    def __exit__(self, exc_type, _exc, _traceback):
        with self._condition:
            self._in_flight -= 1
            if exc_type is None and self.limit < self.maximum:
                self._successes += 1
                if self._successes >= self.limit:
                    self.limit += 1
                    self._successes = 0
            self._condition.notify_all()
        return False

    def watching(self, client):
        """``client``, made to report its throttled answers here."""
        client.when_throttled(self.throttled)
        return client

    def throttled(self):
        """The server answered 429: halve the limit."""
        with self._condition:
            self.throttled_count += 1
            self.limit = max(1, self.limit // 2)
            self.lowest = min(self.lowest, self.limit)
            self._successes = 0


class ListProgress:
    """What reading a list took, per source: pages, items, and seconds from the start until its last page arrived."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self.started = clock()
        self.pages = {}
        self.items = {}
        self.finished = {}

    def page_read(self, source, items):
        self.pages[source] = self.pages.get(source, 0) + 1
        self.items[source] = self.items.get(source, 0) + items
        self.finished[source] = self._clock()

    def seconds(self, source):
        return self.finished.get(source, self.started) - self.started


def fetch_all_pages(fetch_page, workers, progress=None, source=None):
    """Every item of a paged list, in page order.

    ``fetch_page(number)`` returns the Page numbered ``number`` (from 1); ``progress`` knows the list as ``source``.
    See ``fetch_all_lists``.
    """
    return fetch_all_lists(lambda _source, number: fetch_page(number), [source], workers, progress)[0]


def fetch_all_lists(fetch_page, sources, workers, progress=None):
    """Every item of several paged lists: one list of items per source, each in page order.

    ``fetch_page(source, number)`` returns the Page numbered ``number`` (from 1) of ``source``'s list. The first
    pages of all sources are read concurrently; once they tell the totals, all remaining pages are read
    concurrently. If a list grew meanwhile, the pages after its expected last one are read in turn for as long as
    the API says more follow. ``workers`` is a number of requests at once or a ``Throttle``; ``progress``, a
    ``ListProgress``, learns of every page read.
    """
    throttle = workers if isinstance(workers, Throttle) else Throttle(workers)

    def read(source, number):
        with throttle:
            page = fetch_page(source, number)
        if progress is not None:
            progress.page_read(source, len(page.items))
        return page

    sources = list(sources)
    firsts = run_concurrently(lambda source: read(source, 1), sources, throttle.maximum)
    rest = [(index, number) for index, first in enumerate(firsts) for number in range(2, _last_page(first) + 1)]
    pages = [[first] for first in firsts]
    for (index, _number), page in zip(rest, run_concurrently(lambda job: read(sources[job[0]], job[1]), rest, throttle.maximum)):
        pages[index].append(page)
    for source, source_pages in zip(sources, pages):
        while source_pages[-1].has_next and source_pages[-1].items:
            source_pages.append(read(source, len(source_pages) + 1))
    return [[item for page in source_pages for item in page.items] for source_pages in pages]


def _last_page(first):
    """The number of the last page, as the first page tells it (1 when it tells nothing)."""
    if first.has_next and first.total is not None and first.items:
        return page_count(first.total, len(first.items))
    return 1


def unique_by(items, key):
    """``items`` without later repeats of the same ``key`` (an object can move between pages while they are read).

    ``key`` is a field name or a function of an item.
    """
    seen = set()
    result = []
    for item in items:
        identity = key(item) if callable(key) else item.get(key)
        if identity in seen:
            continue
        seen.add(identity)
        result.append(item)
    return result


class PerThread:
    """One object per thread from ``factory()``, e.g. an API client with its own keep-alive connection.

    ``close()`` calls ``close()`` on every object made.
    """

    def __init__(self, factory):
        self._factory = factory
        self._local = threading.local()
        self._made = []
        self._lock = threading.Lock()

    def get(self):
        current = getattr(self._local, "value", None)
        if current is None:
            current = self._factory()
            self._local.value = current
            with self._lock:
                self._made.append(current)
        return current

    def close(self):
        with self._lock:
            made, self._made = self._made, []
        for value in made:
            value.close()


# ---- caching ---------------------------------------------------------------------------------------------------


def cache_fingerprint(**identity):
    """A short digest of what an inventory's contents depend on (server, filters, fields...).

    Callers pass only non-secret values, so the key names the query without ever carrying a credential.
    """
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_through(cache, key, use_cache, fetch, version):
    """Data from ``cache[key]`` when ``use_cache`` and present with this ``version``, else ``fetch()`` stored there.

    ``cache`` is None when caching is off. Returns ``(data, from_cache)``. The data is stored packed, as one JSON
    string: a cache plugin then encodes, decodes and copies one string instead of every object of the inventory
    (which ansible-core does value by value), and the data read back is plain Python values, as fetched.
    """
    if cache is None:
        return fetch(), False
    if use_cache:
        try:
            entry = cache[key]
        except KeyError:
            entry = None
        if isinstance(entry, dict) and entry.get("version") == version and isinstance(entry.get("packed"), str):
            return json.loads(entry["packed"]), True
    data = fetch()
    cache[key] = {"version": version, "packed": json.dumps(data, separators=(",", ":"))}
    return data, False
