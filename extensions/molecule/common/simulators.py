"""Start and stop the API simulators a molecule scenario runs against.

``simulators.py start <state_dir> waldur [gcore]`` starts each simulator on a free port in the background, waits
for its "listening on <url>" line and records its URL, PID, token and request log in ``<state_dir>/simulators.json``.
``simulators.py stop <state_dir>`` stops the simulators recorded there. Run from the collection root, so that
``python -m tests.simulator.<kind>`` resolves.
"""

import json
import os
import signal
import subprocess
import sys
import time

TOKENS = {"waldur": "demo-token", "gcore": "demo-api-key"}
STARTUP_SECONDS = 30
# Seconds per simulated state transition: short, but long enough that the roles really wait for busy objects.
DELAY = os.environ.get("SCENARIO_SIMULATOR_DELAY", "0.05")


def state_file(state_dir):
    return os.path.join(state_dir, "simulators.json")


def start_one(state_dir, kind):
    output = os.path.join(state_dir, "%s-simulator.out" % kind)
    request_log = os.path.join(state_dir, "%s-requests.jsonl" % kind)
    # The request log starts empty, so a scenario can count exactly the requests it caused.
    open(request_log, "w").close()
    with open(output, "w") as out:
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", "tests.simulator.%s" % kind, "--port", "0", "--delay", DELAY,
             "--token", TOKENS[kind], "--request-log", request_log],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        with open(output) as out:
            for line in out:
                if " listening on " in line:
                    url = line.rsplit(" ", 1)[1].strip()
                    return {"url": url, "pid": process.pid, "token": TOKENS[kind], "request_log": request_log}
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    with open(output) as out:
        raise SystemExit("The %s simulator did not start:\n%s" % (kind, out.read()))


def start(state_dir, kinds):
    os.makedirs(state_dir, exist_ok=True)
    started = {kind: start_one(state_dir, kind) for kind in kinds}
    with open(state_file(state_dir), "w") as handle:
        json.dump(started, handle, indent=2)
    print(json.dumps(started))


def stop(state_dir):
    try:
        with open(state_file(state_dir)) as handle:
            started = json.load(handle)
    except FileNotFoundError:
        print("{}")
        return
    for info in started.values():
        try:
            os.kill(info["pid"], signal.SIGTERM)
        except ProcessLookupError:
            continue
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(info["pid"], 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            os.kill(info["pid"], signal.SIGKILL)
    os.remove(state_file(state_dir))
    print(json.dumps(started))


def main(argv):
    if len(argv) >= 3 and argv[0] == "start":
        start(argv[1], argv[2:])
    elif len(argv) == 2 and argv[0] == "stop":
        stop(argv[1])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
