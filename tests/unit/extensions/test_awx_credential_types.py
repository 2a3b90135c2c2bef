"""The AWX credential types under extensions/awx/credential_types, checked against AWX's rules for custom
credential types and against the environment variables the collection reads."""

import pathlib
import re

import jinja2
import jinja2.meta
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
TYPES = sorted((ROOT / "extensions" / "awx" / "credential_types").glob("*.yml"))
FIELD_KEYS = {"id", "label", "type", "secret", "help_text", "default", "multiline", "format", "choices", "ask_at_runtime"}
FIELD_TYPES = {"string", "boolean"}
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def documented_environment_variables():
    """E(NAME) in the connection doc fragments and the inventory plugins' env entries."""
    names = set()
    for path in list((ROOT / "plugins" / "doc_fragments").glob("*.py")) + list((ROOT / "plugins" / "inventory").glob("*.py")):
        text = path.read_text()
        names.update(re.findall(r"E\(([A-Z_]+)\)", text))
        names.update(re.findall(r"- name: ([A-Z][A-Z0-9_]+)", text))
    return names


def referenced_fields(template):
    return jinja2.meta.find_undeclared_variables(jinja2.Environment().parse(template))


def test_there_is_one_credential_type_per_provider():
    assert [path.stem for path in TYPES] == ["gcore", "waldur"]


@pytest.mark.parametrize("path", TYPES, ids=lambda path: path.stem)
def test_the_credential_type_follows_awx_rules(path):
    definition = yaml.safe_load(path.read_text())
    assert set(definition) == {"name", "description", "kind", "inputs", "injectors"}
    assert definition["kind"] == "cloud"
    fields = definition["inputs"]["fields"]
    ids = [field["id"] for field in fields]
    assert len(ids) == len(set(ids))
    for field in fields:
        assert set(field) <= FIELD_KEYS, field
        assert IDENTIFIER.match(field["id"]) and field["label"]
        assert field.get("type", "string") in FIELD_TYPES
        if field.get("secret"):
            assert field.get("type", "string") == "string"
    assert set(definition["inputs"].get("required", [])) <= set(ids)
    assert set(definition["injectors"]) <= {"env", "extra_vars", "file"}


@pytest.mark.parametrize("path", TYPES, ids=lambda path: path.stem)
def test_injectors_use_declared_fields_and_fill_documented_variables(path):
    definition = yaml.safe_load(path.read_text())
    fields = dict((field["id"], field) for field in definition["inputs"]["fields"])
    documented = documented_environment_variables()
    for variable, template in definition["injectors"]["env"].items():
        used = referenced_fields(template)
        assert used and used <= set(fields), (variable, template)
        assert variable in documented, variable


@pytest.mark.parametrize("path", TYPES, ids=lambda path: path.stem)
def test_every_secret_is_required(path):
    # A credential without its secret cannot work; one without a project or region can (the inventory reads all).
    definition = yaml.safe_load(path.read_text())
    required = set(definition["inputs"].get("required", []))
    assert set(field["id"] for field in definition["inputs"]["fields"] if field.get("secret")) <= required


@pytest.mark.parametrize("path", TYPES, ids=lambda path: path.stem)
def test_secrets_are_secret(path):
    definition = yaml.safe_load(path.read_text())
    for field in definition["inputs"]["fields"]:
        if re.search(r"key|token|password", field["id"]):
            assert field.get("secret") is True, field["id"]
