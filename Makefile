# Quick start:  make demo   (run the demo playbook against the embedded simulator)
#               make test   (the whole test suite: unit, contract, integration, sanity, lint)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD := .build
COLLECTIONS := $(BUILD)/collections
INSTALLED := $(COLLECTIONS)/ansible_collections/cloudfleet/openstack
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/dist/cloudfleet-openstack-$(VERSION).tar.gz
SOURCES := $(shell git ls-files -co --exclude-standard -- galaxy.yml meta plugins roles docs changelogs README.md 2>/dev/null)

export ANSIBLE_COLLECTIONS_PATH := $(abspath $(COLLECTIONS))
export ANSIBLE_NOCOLOR := 1

.PHONY: help demo test venv test-venv build install simulator unit contract integration sanity lint changelog clean

help:
	@sed -n 's/^# *//p' Makefile | head -3

$(BIN)/.runtime: requirements/runtime.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/runtime.txt
	touch $@

$(BIN)/.test: requirements/test.txt $(BIN)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	touch $@

venv: $(BIN)/.runtime
test-venv: $(BIN)/.test

$(TARBALL): $(BIN)/.runtime $(SOURCES)
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD)/dist .

build: $(TARBALL)

install: $(TARBALL)
	$(BIN)/ansible-galaxy collection install --force -p $(COLLECTIONS) $(TARBALL) >/dev/null
	@echo "Installed cloudfleet.openstack $(VERSION) into $(COLLECTIONS) (ansible.cfg points Ansible there)"

# Run the Waldur API simulator in the foreground (see tests/simulator/README.md for the flags and demo world).
simulator: $(BIN)/.runtime
	$(BIN)/python -m tests.simulator.waldur $(SIMULATOR_ARGS)

demo: install
	$(BIN)/python -m tests.simulator.run -- $(abspath $(BIN))/ansible-playbook demo/demo.yml

test: install test-venv unit contract integration sanity lint

unit: install test-venv
	$(BIN)/python -m pytest -q tests/unit

contract: test-venv
	$(BIN)/python -m pytest -q tests/contract

integration: install test-venv
	$(BIN)/python -m pytest -q tests/integration

# ansible-test works on the installed copy (a real ansible_collections/<namespace>/<name> tree).
sanity: install test-venv
	cd $(INSTALLED) && $(abspath $(BIN))/ansible-test sanity --venv --python 3.11 --color no

lint: install test-venv
	$(BIN)/ansible-lint --offline

changelog: test-venv
	$(BIN)/antsibull-changelog lint

clean:
	rm -rf $(BUILD) $(VENV)
