"""Derive ``tests/contract/waldur/waldur-openapi-operations.json`` from the Waldur OpenAPI subset (YAML).

The file keeps, for every operation of the subset, what a request may carry: the declared query parameters and
the request body's schema, plus every component schema those refer to (descriptions dropped). The contract tests
read it instead of the YAML so that they need only the repository.

    python -m tests.tools.derive_waldur_operations <waldur-openapi-subset.yaml>
"""

import json
import os
import sys

import yaml

OUTPUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "contract", "waldur",
                      "waldur-openapi-operations.json")
METHODS = ("get", "head", "post", "put", "patch", "delete")


def strip(node):
    if isinstance(node, dict):
        # A property may be named "description": only the annotation (a string) goes.
        return {key: strip(value) for key, value in node.items()
                if not (key in ("description", "summary") and isinstance(value, str))}
    if isinstance(node, list):
        return [strip(item) for item in node]
    return node


def refs_in(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"].split("/")[-1]
        for value in node.values():
            yield from refs_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs_in(item)


def operation(spec, shared_parameters):
    declared = [shared_parameters[item["$ref"].split("/")[-1]] if "$ref" in item else item for item in spec.get("parameters", [])]
    parameters = [{"name": item["name"], "in": item["in"], "schema": strip(item.get("schema", {}))}
                  for item in declared if item["in"] == "query"]
    body = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    return {"operationId": spec.get("operationId"), "parameters": parameters,
            "requestBody": strip(body) if body else None,
            "requestBodyRequired": bool(spec.get("requestBody", {}).get("required"))}


def derive(document):
    shared_parameters = document["components"].get("parameters", {})
    paths = {path: {method.upper(): operation(spec, shared_parameters) for method, spec in item.items() if method in METHODS}
             for path, item in document["paths"].items()}
    schemas = document["components"]["schemas"]
    wanted, pending = set(), list(refs_in(paths))
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(refs_in(schemas[name]))
    return {"info": {"version": document["info"]["version"], "derived_from": "waldur-openapi-subset.yaml"},
            "paths": paths, "components": {"schemas": {name: strip(schemas[name]) for name in sorted(wanted)}}}


def main(argv):
    with open(argv[1], encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        json.dump(derive(document), handle, indent=1, sort_keys=True)
        handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
