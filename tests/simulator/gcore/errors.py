"""Errors as Gcore answers them: ``{"exception_class": ..., "message": ...}``."""

from ..server import ApiError

CLASS_BY_STATUS = {
    400: "BadRequest", 401: "NotAuthenticated", 403: "PermissionDenied", 404: "NotFound", 405: "MethodNotAllowed",
    409: "Conflict", 422: "ValidationError", 429: "TooManyRequests", 500: "InternalServerError",
}


def gcore_error(status, message, exception_class=None, headers=None):
    body = {"exception_class": exception_class or CLASS_BY_STATUS.get(status, "Error"), "message": message}
    return ApiError(status, body, headers)


def bad_request(message, exception_class="BadRequest"):
    return gcore_error(400, message, exception_class)


def invalid(message):
    """A request that does not match the schema (missing field, wrong type, unknown enum value)."""
    return gcore_error(422, message, "ValidationError")


def not_found(what, ident):
    return gcore_error(404, "%s %s not found" % (what, ident), "NotFound")


def conflict(message, exception_class="Conflict"):
    return gcore_error(409, message, exception_class)


def as_gcore_error(exc):
    """Re-shape an error raised by the shared core (``{"detail": ...}``) the way Gcore shapes errors."""
    body = exc.body
    if isinstance(body, dict) and "exception_class" in body:
        return exc
    message = body.get("detail") if isinstance(body, dict) and "detail" in body else str(body)
    return gcore_error(exc.status, message, headers=exc.headers)
