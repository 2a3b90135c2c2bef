"""A long-lived Django process beside the real Waldur server: it seeds the world and resets objects through the ORM.

Runs with the server's own Python (``python control.py`` with DJANGO_SETTINGS_MODULE set). One JSON command per
line on stdin, one JSON answer per line on stdout: ``{"op": "seed", "world": {...}}``, ``{"op": "reset", ...}``,
``{"op": "ensure", ...}``, ``{"op": "facts", ...}``. Keeping one process saves Django's start-up (about 10 s) per reset.
"""

import json
import os
import sys
import traceback

import django

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
django.setup()

import seed_world  # noqa: E402  (needs django.setup() first)


def main():
    out = sys.stdout
    sys.stdout = sys.stderr  # anything Django prints must not mix with the answers
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        try:
            answer = {"ok": True, "result": seed_world.OPERATIONS[command.pop("op")](**command)}
        except Exception as exc:  # the test reads the error; the process stays up for the next command
            answer = {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc), "traceback": traceback.format_exc()}
        out.write(json.dumps(answer, default=str) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
