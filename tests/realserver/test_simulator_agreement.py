"""The simulator held against the real server: the same requests, the same status codes and answer shapes, except
for the differences listed (with their reasons) in differences.py."""

import pytest

from tests.realserver.differences import SHAPE, STATUS
from tests.realserver.operations import task_names
from tests.realserver.shapes import field_of, object_kind, shape_differences


def differences_of(replayed):
    found = []
    if replayed.status != replayed.simulator_status:
        found.append(("status", replayed.kind, "simulator %d, real %d" % (replayed.simulator_status, replayed.status)))
    if 200 <= replayed.status < 300 and 200 <= replayed.simulator_status < 300:
        kind = object_kind(replayed.answer) or replayed.kind
        for difference in shape_differences(replayed.exchange.answer, replayed.answer):
            found.append(("shape", (kind, field_of(difference)), replayed.kind))
    return found


def unlisted(found):
    new = []
    for category, key, detail in found:
        if category == "status":
            listed = STATUS.get(key)
            if not listed or "simulator %d, real %d" % listed[:2] != detail:
                new.append("%s: %s" % (key, detail))
        elif key[1] not in SHAPE.get(key[0], {}):
            new.append("%s: %s (seen in %s)" % (key[0], key[1], detail))
    return new


@pytest.mark.parametrize("task", task_names())
def test_simulator_answers_as_the_real_server(replays, task):
    new = sorted(set(item for replayed in replays[task] for item in unlisted(differences_of(replayed))))
    assert not new, "differences not in differences.py:\n" + "\n".join(new)


def test_every_listed_difference_still_occurs(replays):
    seen = set()
    for results in replays.values():
        for replayed in results:
            for category, key, _detail in differences_of(replayed):
                seen.add(key)
    listed = set(STATUS) | {(kind, field) for kind, fields in SHAPE.items() for field in fields}
    stale = sorted(str(key) for key in listed - seen)
    assert not stale, "listed in differences.py but no longer seen (remove them):\n" + "\n".join(stale)
