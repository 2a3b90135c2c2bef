"""A strict check of requests against the operations of the Waldur OpenAPI 8.0.5 subset: the path and method
must be an operation, every query parameter one it declares (with a value of the declared type or choice), and the
JSON body an instance of its request type with no field that type does not have. ``REAL_SERVER_OPERATIONS`` adds
the operations a real server has beyond the subset (the only departures this check knows).

``waldur-openapi-operations.json`` is derived from the subset by ``tests/tools/derive_waldur_operations.py``.
Body checks share ``SchemaChecker`` with the response checks.
"""

import json
import os
import re
from urllib.parse import parse_qsl

from .schema_check import SchemaChecker

OPERATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "waldur-openapi-operations.json")
BOOLEAN_WORDS = ("true", "false", "True", "False", "1", "0")


# The documented real-server departures from the subset: operations a real server has that the subset leaves
# out, each with its source. They are checked like the others (no query parameter, no body).
REAL_SERVER_OPERATIONS = {
    "/api/version/": {"GET": {"operationId": "version_retrieve", "parameters": [], "requestBody": None, "requestBodyRequired": False,
                              "source": "waldur-mastermind src/waldur_core/server/urls.py (api/version/ -> version_detail),"
                                        " answers {\"version\": ...}; the collection asks it for the API generation"}},
}


def load_operations():
    with open(OPERATIONS_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def _template_pattern(template):
    return re.compile("^%s$" % re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template)))


class RequestChecker:
    """``problems(method, path, query, body)`` lists every way one request departs from the schema subset; an
    empty list means the server documents everything the request carries."""

    def __init__(self, document=None):
        document = document or load_operations()
        paths = dict(document["paths"], **REAL_SERVER_OPERATIONS)
        self.paths = [(template, _template_pattern(template), operations) for template, operations in paths.items()]
        self.bodies = SchemaChecker(document["components"]["schemas"], closed=True)

    def operation(self, method, path):
        """(template, operation) of a request, or (template, None) / (None, None) when undocumented."""
        for template, pattern, operations in self.paths:
            if pattern.match(path):
                return template, operations.get("GET" if method == "HEAD" else method)
        return None, None

    def problems(self, method, path, query="", body=None):
        template, operation = self.operation(method, path)
        if template is None:
            return ["%s %s: the path is not in the schema" % (method, path)]
        if operation is None:
            return ["%s %s: %s has no %s operation" % (method, path, template, method)]
        where = "%s %s" % (method, template)
        return self.query_problems(where, operation, query) + self.body_problems(where, operation, body)

    def query_problems(self, where, operation, query):
        declared = {item["name"]: item["schema"] for item in operation["parameters"]}
        found = []
        values = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            values.setdefault(name, []).append(value)
        for name, given in sorted(values.items()):
            if name not in declared:
                found.append("%s: query parameter %r is not declared" % (where, name))
                continue
            for value in given:
                found.extend("%s: %s" % (where, problem) for problem in self.parameter_problems(name, declared[name], value))
        return found

    def parameter_problems(self, name, schema, value):
        if schema.get("type") == "array":
            item = schema.get("items", {})
            # Django's multiple-choice filters (``o`` among them) take comma-separated values too.
            parts = value.split(",") if "enum" in item else [value]
            return [problem for part in parts for problem in self.parameter_problems(name, item, part)]
        typed = self._typed(schema, value)
        if typed is None:
            return ["query %s=%r is not of type %s" % (name, value, schema.get("type"))]
        return self.bodies.value_problems(schema, typed, "query %s" % name)

    @staticmethod
    def _typed(schema, value):
        kind = schema.get("type")
        if kind == "boolean":
            return value in ("true", "True", "1") if value in BOOLEAN_WORDS else None
        if kind in ("integer", "number"):
            try:
                return int(value) if kind == "integer" else float(value)
            except ValueError:
                return None
        return value

    def body_problems(self, where, operation, body):
        schema = operation["requestBody"]
        if schema is None:
            return [] if body in (None, {}, "") else ["%s: takes no request body, got %r" % (where, body)]
        if body is None:
            return ["%s: the request body is required" % where] if operation["requestBodyRequired"] else []
        return ["%s: %s" % (where, problem) for problem in self.bodies.value_problems(schema, body, "body")]
