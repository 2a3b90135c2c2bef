import itertools
import threading
import time

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.paging import Page
from ansible_collections.cloudfleet.openstack.plugins.plugin_utils.inventory import (
    HostNamer, HostnameError, ListProgress, PerThread, Throttle, cache_fingerprint, fetch_all_lists, fetch_all_pages, group_name,
    is_selected,
    read_through, run_concurrently, safe_group_name, unique_by, unique_hostnames,
)

ATTRIBUTES = {"name": lambda r: r.get("name"), "uuid": lambda r: r.get("uuid"), "backend_id": lambda r: r.get("backend_id")}


def render_with(template, hostvars):
    """A stand-in for Jinja: replaces ``{{ key }}`` with the host variable."""
    for key, value in hostvars.items():
        template = template.replace("{{ %s }}" % key, str(value))
    return None if "{{" in template else template


class TestGroupNames:
    @pytest.mark.parametrize("raw, safe", [
        ("Demo Project", "Demo_Project"),
        ("m1.small", "m1_small"),
        ("ubuntu-24.04", "ubuntu_24_04"),
        ("1st", "_st"),
        ("Zürich", "Zürich"),
        ("a/b:c", "a_b_c"),
    ])
    def test_unsafe_characters_become_underscores(self, raw, safe):
        assert safe_group_name(raw) == safe

    def test_group_name_joins_prefix_kind_and_value(self):
        assert group_name("waldur_", "flavor", "m1.small") == "waldur_flavor_m1_small"
        assert group_name("", "project", "Demo Project") == "project_Demo_Project"


class TestHostNamer:
    def namer(self, preferences):
        return HostNamer(preferences, ATTRIBUTES, render_with)

    def test_first_non_empty_preference_wins(self):
        namer = self.namer(["backend_id", "name", "uuid"])
        assert namer.candidate({"backend_id": "", "name": "web-1", "uuid": "u1"}, {}) == "web-1"
        assert namer.candidate({"backend_id": None, "name": "", "uuid": "u1"}, {}) == "u1"
        assert namer.candidate({"backend_id": "os-1", "name": "web-1", "uuid": "u1"}, {}) == "os-1"

    def test_templates_render_with_host_variables(self):
        namer = self.namer(["{{ waldur_name }}.{{ waldur_tenant }}.example.com", "uuid"])
        hostvars = {"waldur_name": "web-1", "waldur_tenant": "prod"}
        assert namer.candidate({"uuid": "u1"}, hostvars) == "web-1.prod.example.com"

    def test_a_template_that_gives_nothing_falls_through(self):
        namer = self.namer(["{{ waldur_missing }}", "uuid"])
        assert namer.candidate({"uuid": "u1"}, {"waldur_name": "web-1"}) == "u1"

    def test_no_value_at_all_gives_none(self):
        assert self.namer(["backend_id"]).candidate({"backend_id": ""}, {}) is None

    @pytest.mark.parametrize("preferences, message", [
        (["nmae"], "hostnames entry 'nmae' is neither one of backend_id, name, uuid nor a Jinja template"),
        ([], "hostnames must name at least one entry"),
        ([{"name": "x"}], "hostnames entry {'name': 'x'} is neither"),
    ])
    def test_bad_entries_are_rejected(self, preferences, message):
        with pytest.raises(HostnameError, match="^" + message.replace("(", r"\(").replace("{", r"\{")):
            self.namer(preferences)


class TestUniqueHostnames:
    def test_unique_names_stay(self):
        assert unique_hostnames(["a", "b"], ["1" * 32, "2" * 32]) == ["a", "b"]

    def test_every_duplicate_gets_its_short_uuid(self):
        names = unique_hostnames(["web", "db", "web"], ["3f2a9c1b" + "0" * 24, "1" * 32, "77aa0000" + "1" * 24])
        assert names == ["web_3f2a9c1b", "db", "web_77aa0000"]

    def test_result_does_not_depend_on_order(self):
        pairs = [("web", "aaaa0001" + "0" * 24), ("web", "bbbb0002" + "0" * 24), ("db", "c" * 32), ("web", "dddd0003" + "0" * 24)]
        expected = dict(zip([i for _n, i in pairs], unique_hostnames([n for n, _i in pairs], [i for _n, i in pairs])))
        for order in itertools.permutations(pairs):
            names = unique_hostnames([n for n, _i in order], [i for _n, i in order])
            assert dict(zip([i for _n, i in order], names)) == expected

    def test_colliding_short_uuids_fall_back_to_the_full_uuid(self):
        first, second = "abcdef01" + "1" * 24, "abcdef01" + "2" * 24
        assert unique_hostnames(["web", "web"], [first, second]) == ["web_" + first, "web_" + second]

    def test_a_suffixed_name_that_meets_a_real_name_is_lengthened(self):
        dup1, dup2 = "abcdef01" + "1" * 24, "12345678" + "2" * 24
        names = unique_hostnames(["web", "web", "web_abcdef01"], [dup1, dup2, "9" * 32])
        assert names == ["web_" + dup1, "web_12345678", "web_abcdef01_" + "9" * 32]
        assert len(set(names)) == 3

    def test_a_host_without_candidate_is_named_by_its_id(self):
        assert unique_hostnames([None, "a"], ["1" * 32, "2" * 32]) == ["1" * 32, "a"]


class TestSelection:
    @staticmethod
    def holds(condition, hostvars):
        key, value = condition.split("=")
        return hostvars.get(key) == value

    @pytest.mark.parametrize("hostvars, include, exclude, selected", [
        ({"state": "OK"}, [], [], True),
        ({"state": "OK"}, ["state=OK"], [], True),
        ({"state": "ERRED"}, ["state=OK"], [], False),
        ({"state": "ERRED"}, ["state=OK", "state=ERRED"], [], True),
        ({"state": "OK", "name": "tmp"}, ["state=OK"], ["name=tmp"], False),
        ({"state": "OK", "name": "web"}, [], ["name=tmp", "state=ERRED"], True),
    ])
    def test_include_any_exclude_any(self, hostvars, include, exclude, selected):
        assert is_selected(hostvars, include, exclude, self.holds) is selected


class TestRunConcurrently:
    def test_results_keep_argument_order_whatever_finishes_first(self):
        def slow_first(n):
            time.sleep(0.05 * (5 - n))
            return n * 10

        assert run_concurrently(slow_first, range(5), 5) == [0, 10, 20, 30, 40]

    def test_uses_several_threads(self):
        barrier = threading.Barrier(3, timeout=5)

        def meet(n):
            barrier.wait()
            return n

        assert run_concurrently(meet, [1, 2, 3], 3) == [1, 2, 3]

    def test_a_failure_cancels_the_calls_not_yet_started(self):
        started = []
        release = threading.Event()

        def work(n):
            started.append(n)
            if n == 2:
                raise KeyError("page 2 failed")
            release.wait(5)
            return n

        threading.Timer(0.2, release.set).start()
        with pytest.raises(KeyError, match="page 2 failed"):
            run_concurrently(work, range(1, 40), 3)
        assert len(started) < 39

    def test_of_two_failures_the_earlier_argument_wins(self):
        def work(n):
            if n in (2, 3):
                time.sleep(0.1 if n == 2 else 0)
                raise ValueError("failed %d" % n)
            return n

        with pytest.raises(ValueError, match="failed 2"):
            run_concurrently(work, [1, 2, 3], 2)

    def test_nothing_to_do(self):
        assert run_concurrently(lambda n: n, [], 4) == []


class Pages:
    """``total`` items served ``size`` per page; records which pages were asked for and by which thread."""

    def __init__(self, total, size, grow_to=None):
        self.items = list(range(total))
        self.size = size
        self.grow_to = grow_to
        self.asked = []
        self.threads = set()

    def __call__(self, number):
        self.asked.append(number)
        self.threads.add(threading.current_thread().name)
        if number == 1:
            total = len(self.items)
            if self.grow_to:
                self.items = list(range(self.grow_to))
        else:
            total = len(self.items)
            time.sleep(0.01)
        chunk = self.items[(number - 1) * self.size:number * self.size]
        return Page(chunk, total, number * self.size < len(self.items))


class TestFetchAllPages:
    def test_first_page_alone_then_the_rest_concurrently_in_order(self):
        pages = Pages(total=650, size=300)
        assert fetch_all_pages(pages, workers=4) == list(range(650))
        assert pages.asked[0] == 1 and sorted(pages.asked) == [1, 2, 3]

    def test_many_pages_keep_their_order(self):
        pages = Pages(total=10007, size=300)
        assert fetch_all_pages(pages, workers=8) == list(range(10007))
        assert sorted(pages.asked) == list(range(1, 35))
        assert len(pages.threads) > 1

    def test_one_page(self):
        pages = Pages(total=5, size=300)
        assert fetch_all_pages(pages, workers=4) == list(range(5))
        assert pages.asked == [1]

    def test_empty_list(self):
        assert fetch_all_pages(Pages(total=0, size=300), workers=4) == []

    def test_pages_added_while_reading_are_followed(self):
        pages = Pages(total=600, size=300, grow_to=950)
        assert fetch_all_pages(pages, workers=4) == list(range(950))
        assert sorted(pages.asked) == [1, 2, 3, 4]

    def test_without_a_total_it_follows_next(self):
        def no_total(number):
            return Page([number], None, number < 3)

        assert fetch_all_pages(no_total, workers=4) == [1, 2, 3]

    def test_a_failing_page_fails_the_listing(self):
        def failing(number):
            if number == 3:
                raise RuntimeError("page 3: 503 Service Unavailable")
            return Page([number], 5, number < 5)

        with pytest.raises(RuntimeError, match="page 3"):
            fetch_all_pages(failing, workers=2)


class TestFetchAllLists:
    def test_first_pages_together_then_every_other_page_together(self):
        sources = {"a": Pages(total=650, size=300), "b": Pages(total=5, size=300), "c": Pages(total=1000, size=300)}
        order = []

        def fetch(source, number):
            order.append((source, number))
            return sources[source](number)

        lists = fetch_all_lists(fetch, ["a", "b", "c"], workers=4)
        assert lists == [list(range(650)), list(range(5)), list(range(1000))]
        assert set(order[:3]) == {("a", 1), ("b", 1), ("c", 1)}
        assert sorted(order[3:]) == [("a", 2), ("a", 3), ("c", 2), ("c", 3), ("c", 4)]

    def test_a_list_that_grew_is_followed(self):
        sources = {"a": Pages(total=600, size=300, grow_to=950), "b": Pages(total=10, size=300)}
        assert fetch_all_lists(lambda source, number: sources[source](number), ["a", "b"], 2) == [list(range(950)), list(range(10))]

    def test_no_sources(self):
        assert fetch_all_lists(lambda source, number: None, [], 4) == []


def test_unique_by_keeps_the_first_of_each_key():
    items = [{"uuid": "a", "n": 1}, {"uuid": "b", "n": 2}, {"uuid": "a", "n": 3}]
    assert unique_by(items, "uuid") == [{"uuid": "a", "n": 1}, {"uuid": "b", "n": 2}]
    assert unique_by(items, lambda item: item["n"] % 2) == [{"uuid": "a", "n": 1}, {"uuid": "b", "n": 2}]


class Closable:
    def __init__(self):
        self.closed = False

    def close(self):
        self.closed = True


def test_per_thread_gives_each_thread_its_own_object_and_closes_all():
    per_thread = PerThread(Closable)
    mine = per_thread.get()
    assert per_thread.get() is mine
    others = run_concurrently(lambda _n: per_thread.get(), range(2), 2)
    assert all(other is not mine for other in others)
    per_thread.close()
    assert mine.closed and all(other.closed for other in others)


class TestCache:
    def test_fingerprint_is_stable_and_depends_on_every_part(self):
        one = cache_fingerprint(api_url="https://a", filters={"state": ["OK"], "project": None})
        assert one == cache_fingerprint(filters={"project": None, "state": ["OK"]}, api_url="https://a")
        assert one != cache_fingerprint(api_url="https://b", filters={"state": ["OK"], "project": None})
        assert one != cache_fingerprint(api_url="https://a", filters={"state": ["ERRED"], "project": None})
        assert len(one) == 16

    def test_miss_fetches_and_stores(self):
        cache, calls = {}, []
        data, cached = read_through(cache, "k", True, lambda: calls.append(1) or {"x": 1}, 1)
        assert (data, cached, calls) == ({"x": 1}, False, [1])
        # Packed as one string, which a cache plugin encodes, decodes and copies as one value.
        assert cache["k"] == {"version": 1, "packed": '{"x":1}'}

    def test_hit_does_not_fetch(self):
        cache = {"k": {"version": 1, "packed": '{"x": 1}'}}
        assert read_through(cache, "k", True, lambda: pytest.fail("fetched"), 1) == ({"x": 1}, True)

    def test_refresh_fetches_and_overwrites(self):
        cache = {"k": {"version": 1, "packed": '{"x": 1}'}}
        assert read_through(cache, "k", False, lambda: {"x": 2}, 1) == ({"x": 2}, False)
        assert cache["k"]["packed"] == '{"x":2}'

    @pytest.mark.parametrize("entry", [{"version": 0, "packed": '{"x": 1}'}, {"version": 1, "data": {"x": 1}}],
                             ids=["another format", "not packed"])
    def test_an_entry_of_another_format_is_ignored(self, entry):
        cache = {"k": entry}
        assert read_through(cache, "k", True, lambda: {"x": 2}, 1) == ({"x": 2}, False)

    def test_without_cache_it_only_fetches(self):
        assert read_through(None, "k", True, lambda: {"x": 3}, 1) == ({"x": 3}, False)


class InFlight:
    """Pages of 10 items that take a while, counting how many are being read at once; ``throttle_on`` names the pages
    whose first attempt the server throttles (reported to ``throttle`` as a transport would)."""

    def __init__(self, total, throttle=None, throttle_on=()):
        self.total = total
        self.throttle = throttle
        self.throttle_on = set(throttle_on)
        self.now = 0
        self.most = 0
        self._lock = threading.Lock()

    def __call__(self, number):
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        if number in self.throttle_on:
            self.throttle_on.discard(number)
            self.throttle.throttled()
        time.sleep(0.02)
        with self._lock:
            self.now -= 1
        items = list(range((number - 1) * 10, min(number * 10, self.total)))
        return Page(items, self.total, number * 10 < self.total)


class TestThrottle:
    def test_a_429_halves_the_limit_and_successes_raise_it_again(self):
        throttle = Throttle(8)
        throttle.throttled()
        throttle.throttled()
        assert (throttle.limit, throttle.lowest, throttle.throttled_count) == (2, 2, 2)
        for _attempt in range(2):
            with throttle:
                pass
        assert throttle.limit == 3
        for _attempt in range(3 + 4 + 5 + 6 + 7 + 20):
            with throttle:
                pass
        assert throttle.limit == 8

    def test_never_below_one(self):
        throttle = Throttle(2)
        for _attempt in range(5):
            throttle.throttled()
        assert throttle.limit == 1

    def test_a_failed_request_does_not_raise_the_limit(self):
        throttle = Throttle(4)
        throttle.throttled()
        with pytest.raises(RuntimeError):
            with throttle:
                raise RuntimeError("boom")
        assert throttle.limit == 2

    def test_no_more_requests_in_flight_than_the_maximum(self):
        pages = InFlight(total=200)
        assert fetch_all_pages(pages, Throttle(3)) == list(range(200))
        assert pages.most == 3

    def test_after_a_429_fewer_requests_are_in_flight_and_the_order_is_kept(self):
        throttle = Throttle(4)
        pages = InFlight(total=400, throttle=throttle, throttle_on=(2, 3))
        assert fetch_all_pages(pages, throttle) == list(range(400))
        assert throttle.throttled_count == 2 and throttle.lowest == 1

    def test_the_progress_of_each_list(self):
        progress = ListProgress()
        pages = InFlight(total=25)
        lists = fetch_all_lists(lambda source, number: pages(number), ["a", "b"], 2, progress)
        assert lists == [list(range(25)), list(range(25))]
        assert progress.pages == {"a": 3, "b": 3} and progress.items == {"a": 25, "b": 25}
        assert progress.seconds("a") > 0
