# Quick start:  make demo   (run the demo playbook against the embedded simulator)
#               make test   (the whole test suite: unit, contract, integration, traffic, molecule, real-waldur, sanity, lint,
#                            galaxy-import)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD := .build
COLLECTIONS := $(BUILD)/collections
INSTALLED := $(COLLECTIONS)/ansible_collections/cloudfleet/openstack
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/dist/cloudfleet-openstack-$(VERSION).tar.gz
SOURCES := $(shell git ls-files -co --exclude-standard -- galaxy.yml requirements.txt meta plugins roles docs changelogs README.md tests 2>/dev/null)

export ANSIBLE_COLLECTIONS_PATH := $(abspath $(COLLECTIONS))
export ANSIBLE_NOCOLOR := 1

.PHONY: help demo test venv test-venv build install simulator gcore-simulator unit contract integration traffic molecule real-waldur sanity lint galaxy-import matrix perf changelog docs clean

help:
	@sed -n '1,3s/^# //p' Makefile
	@echo "Each stage on its own: make install unit contract integration traffic molecule real-waldur sanity lint galaxy-import matrix perf"
	@echo "Every supported ansible-core, each in its own virtual environment: make matrix (MATRIX_ARGS=--leg 2.16)"
	@echo "Simulators in the foreground: make simulator, make gcore-simulator (SIMULATOR_ARGS=...)"
	@echo "The collection docsite (not part of make test): make docs"

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

# Run an API simulator in the foreground (see tests/simulator/README.md for the flags and demo worlds).
simulator: $(BIN)/.runtime
	$(BIN)/python -m tests.simulator.waldur $(SIMULATOR_ARGS)

gcore-simulator: $(BIN)/.runtime
	$(BIN)/python -m tests.simulator.gcore $(SIMULATOR_ARGS)

demo: install
	$(BIN)/python -m tests.simulator.run --delay 0.2 -- $(abspath $(BIN))/ansible-playbook demo/waldur.yml demo/gcore.yml demo/roles.yml
	$(BIN)/python -m tests.simulator.run --instances 12 -- $(abspath $(BIN))/ansible-inventory -i demo/demo.waldur.yml -i demo/demo.gcore.yml --graph

test: install test-venv unit contract integration traffic molecule real-waldur sanity lint galaxy-import

unit: install test-venv
	$(BIN)/python -m pytest -q tests/unit

contract: test-venv
	$(BIN)/python -m pytest -q tests/contract --ignore=tests/contract/traffic

# Every simulator the integration tests start logs its requests (with bodies) into TRAFFIC_DIR; `make traffic`
# then checks the collection's requests in those logs against the Waldur schema, and fails without them.
TRAFFIC_DIR := $(abspath $(BUILD))/traffic

integration: install test-venv
	rm -rf $(TRAFFIC_DIR)
	SIMULATOR_TRAFFIC_DIR=$(TRAFFIC_DIR) $(BIN)/python -m pytest -q tests/integration

traffic: test-venv
	SIMULATOR_TRAFFIC_DIR=$(TRAFFIC_DIR) $(BIN)/python -m pytest -q tests/contract/traffic

$(BIN)/.molecule: requirements/molecule.txt $(BIN)/.test
	$(BIN)/python -m pip install --quiet -r requirements/molecule.txt
	touch $@

# Every role's scenarios under extensions/molecule/ (see extensions/molecule/README.md); each starts and stops
# its own simulators, and the roles come from the collection `make install` put into .build/collections.
molecule: install $(BIN)/.molecule
	PATH=$(abspath $(BIN)):$$PATH NO_COLOR=1 $(BIN)/molecule test --all

# The collection's requests judged by the real Waldur server (7.x), and the simulator held against it. Installs the
# server into its own cached virtual environment and Debian packages when missing (see tests/realserver/README.md).
real-waldur: install test-venv
	$(BIN)/python -m pytest -q tests/realserver

# ansible-test needs an ansible_collections/<namespace>/<name> tree outside any other git work tree (inside one it
# would only look at files that tree tracks), so it runs on a copy of the installed collection.
# A tool's own virtual environment, made once: $(1) its directory, $(2) its requirements file.
define tool_venv
$(1)/bin/.ready: $(2)
	$$(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --upgrade pip
	$(1)/bin/python -m pip install --quiet -r $(2)
	touch $$@
endef

# One staging directory per checkout, so sanity runs of two checkouts never delete each other's tree.
SANITY_ROOT := $(or $(TMPDIR),/tmp)/cloudfleet-openstack-sanity-$(shell id -u)-$(shell printf %s "$(CURDIR)" | cksum | cut -d" " -f1)
# Its pinned checkers (pylint, ...) get a virtual environment of their own so they cannot clash with ansible-lint's.
SANITY_VENV := .venv-sanity
$(eval $(call tool_venv,$(SANITY_VENV),requirements/runtime.txt))

sanity: install $(SANITY_VENV)/bin/.ready
	$(SANITY_VENV)/bin/python tests/tools/pip_bootstrap.py --install-into-ansible-test-cache
	rm -rf $(SANITY_ROOT) && mkdir -p $(SANITY_ROOT)/ansible_collections/cloudfleet
	cp -a $(INSTALLED) $(SANITY_ROOT)/ansible_collections/cloudfleet/openstack
	cd $(SANITY_ROOT)/ansible_collections/cloudfleet/openstack && PATH=$(abspath $(SANITY_VENV))/bin:$$PATH \
		ansible-test sanity --requirements --python 3.11 --color no

lint: install test-venv
	PATH=$(abspath $(BIN)):$$PATH ansible-lint --offline

# The collection on every ansible-core release of README.md's "Tested with" table, each leg in its own virtual
# environment under .matrix/<version>/ (see tests/matrix/run.py; MATRIX_ARGS="--leg 2.16" runs one leg).
matrix:
	$(PYTHON) -m tests.matrix.run $(MATRIX_ARGS)

# Benchmarks: reports with a table and JSON under tests/perf/results/, not pass/fail tests.
$(BIN)/.perf: requirements/perf.txt $(BIN)/.test
	$(BIN)/python -m pip install --quiet -r requirements/perf.txt
	touch $@

RELEASE_VENV := .venv-release
$(eval $(call tool_venv,$(RELEASE_VENV),requirements/release.txt))

# The checks Galaxy runs on an uploaded tarball (ansible-doc, ansible-lint, flake8): any warning or error fails.
galaxy-import: build $(RELEASE_VENV)/bin/.ready
	# Run in the build directory: the importer writes importer_result.json where it runs.
	cd $(BUILD) && PATH=$(abspath $(RELEASE_VENV))/bin:$$PATH GALAXY_IMPORTER_RUN_FLAKE8=true \
		$(abspath $(RELEASE_VENV))/bin/python -m galaxy_importer.main $(abspath $(TARBALL)) > galaxy-import.log 2>&1 \
		|| { cat galaxy-import.log; exit 1; }
	@if grep -E "WARNING|ERROR" $(BUILD)/galaxy-import.log; then echo "galaxy-importer reported the lines above"; exit 1; fi
	@tail -1 $(BUILD)/galaxy-import.log

perf: install test-venv $(BIN)/.perf
	$(BIN)/python -m tests.perf.waldur_modules
	$(BIN)/python -m tests.perf.waldur_inventory
	$(BIN)/python -m tests.perf.gcore_inventory

changelog: install test-venv
	$(BIN)/antsibull-changelog lint

# The collection docsite, built with antsibull-docs into .build/docs/html: the plugin, module and role pages and the
# guides docs/*.md that docs/docsite/extra-docs.yml lists. The guides' RST is generated from their Markdown into a copy
# of the installed collection (tests/tools/docsite.py), which antsibull-docs lints and documents. Fails on the linter's
# findings and on any Sphinx warning but intersphinx inventories that cannot be fetched (no internet access) and the
# references that only the Ansible documentation's inventory resolves.
DOCS_VENV := .venv-docs
DOCS := $(BUILD)/docs
DOCS_COLLECTIONS := $(abspath $(DOCS))/collections
DOCS_COLLECTION := $(DOCS_COLLECTIONS)/ansible_collections/cloudfleet/openstack
DOCS_SITE := $(abspath $(DOCS))/site
DOCS_RUN := cd $(DOCS_SITE) && export PATH=$(abspath $(DOCS_VENV))/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(DOCS_COLLECTIONS) &&
$(eval $(call tool_venv,$(DOCS_VENV),requirements/docs.txt))

docs: install $(DOCS_VENV)/bin/.ready
	rm -rf $(DOCS) && mkdir -p $(dir $(DOCS_COLLECTION)) $(DOCS_SITE) && chmod og-w $(DOCS_SITE)
	cp -a $(INSTALLED) $(DOCS_COLLECTION)
	$(DOCS_VENV)/bin/python tests/tools/docsite.py rst $(DOCS_COLLECTION) $(CURDIR)
	$(DOCS_RUN) antsibull-docs lint-collection-docs --plugin-docs $(DOCS_COLLECTION)
	$(DOCS_RUN) antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir . \
		--project cloudfleet.openstack --copyright "cloudfleet.openstack maintainers" --title cloudfleet.openstack \
		cloudfleet.openstack >/dev/null
	$(DOCS_RUN) chmod og-w rst && antsibull-docs --config-file antsibull-docs.cfg collection --use-current \
		--squash-hierarchy --fail-on-error --cleanup everything --dest-dir rst cloudfleet.openstack
	$(DOCS_RUN) sphinx-build -b html -q -c . -w ../sphinx-warnings.log rst ../html 2>../sphinx.log || \
		{ cat ../sphinx.log; exit 1; }
	$(DOCS_VENV)/bin/python tests/tools/docsite.py check-log $(DOCS)/sphinx-warnings.log
	@echo "The docsite: $(DOCS)/html/index.html"

clean:
	rm -rf $(BUILD) $(VENV) $(SANITY_VENV) $(RELEASE_VENV) $(DOCS_VENV) .matrix
