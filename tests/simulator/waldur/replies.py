"""Answers Waldur gives in many places: state preconditions (409), "... was scheduled" (202), non-field 400s."""

from ..server import ApiError, Response

STATE_NAMES = {"OK": "OK", "ERRED": "Erred"}


def conflict(message):
    return ApiError(409, {"detail": message})


def non_field_error(message):
    return ApiError(400, {"non_field_errors": [message]})


def scheduled(status):
    return Response({"status": status}, 202)


def require_state(row, states):
    """Waldur's state validator, which runs before the body is read."""
    if row["state"] not in states:
        raise conflict("Valid states for operation: %s." % ", ".join(STATE_NAMES.get(state, state) for state in states))


def require_runtime_state(row, states):
    if row["runtime_state"] not in states:
        raise conflict("Valid runtime states for operation: %s." % ", ".join(states))
