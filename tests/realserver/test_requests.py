"""Every request the resource modules send, judged by the real server: each task of operations.yml ran against
the simulator, and each of its requests is replayed against the real server (objects put back into the state they had
in the simulator first). A request the simulator accepted must be accepted; one it refused must be refused alike."""

import pytest

from tests.realserver.differences import STATUS
from tests.realserver.operations import task_names


def expected_status(replayed):
    known = STATUS.get(replayed.kind)
    if known and known[0] == replayed.simulator_status:
        return "exactly %d (known difference: %s)" % (known[1], known[2]), lambda status: status == known[1]
    if 200 <= replayed.simulator_status < 300:
        return "2xx", lambda status: 200 <= status < 300
    return "%d, as the simulator answered" % replayed.simulator_status, lambda status: status == replayed.simulator_status


@pytest.mark.parametrize("task", task_names())
def test_real_server_accepts_what_the_collection_sends(replays, task):
    results = replays[task]
    assert any(r.exchange.method != "GET" for r in results), "the task sent no mutating request: %s" % [r.kind for r in results]
    wrong = []
    for replayed in results:
        wanted, accepts = expected_status(replayed)
        if not accepts(replayed.status):
            wrong.append("%s %s body=%s: real %d (wanted %s): %s" % (
                replayed.kind, replayed.exchange.query, replayed.exchange.body, replayed.status, wanted, str(replayed.answer)[:400]))
    assert not wrong, "\n".join(wrong)
