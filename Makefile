# Set-up and everyday commands. Each target installs what it needs on a fresh Debian machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SWIFT ?= swift
DATA ?= data
APT_PACKAGES := librdkafka-dev pkg-config curl

.PHONY: help deps kannel browser build test lint-openapi fuzz-openapi run report bench topics clean

help:
	@echo "make run    build and start the local stack on the embedded Kafka broker"
	@echo "make test   run the whole test suite (starts a throwaway PostgreSQL for the storage tests)"
	@echo "make topics print the topic catalog"
	@echo "make report the half-year report of the running make-run stack, from its topics alone (FROM=YYYY-MM UNTIL=YYYY-MM)"
	@echo "make bench  run the Kafka, payroll and alert fan-out benchmarks (release build; not part of make test)"

## Installs librdkafka's headers and pkg-config when they are missing (Debian/Ubuntu, as root or with sudo).
deps:
	@if ! pkg-config --exists rdkafka 2>/dev/null || ! command -v curl >/dev/null; then \
		echo "installing $(APT_PACKAGES)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

## Kannel's bearerbox and smsbox, and fakesmsc (kannel-extras), for the SMS tests (Debian's packages).
## Its init script is not started: the tests run their own on free ports.
kannel:
	@if [ ! -x /usr/sbin/bearerbox ] || [ ! -x /usr/lib/kannel/test/fakesmsc ]; then \
		echo "installing kannel kannel-extras"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq kannel kannel-extras; \
	fi

## Headless Chromium, its WebDriver and a CJK font (Debian's packages), and Selenium (PyPI, in
## .build/browser-venv), for the console tests.
SELENIUM_VERSION := 4.51.0
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then \
		echo "installing chromium chromium-driver fonts-wqy-zenhei"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei; \
	fi
	@.build/browser-venv/bin/python -c 'import selenium, sys; sys.exit(selenium.__version__ != "$(SELENIUM_VERSION)")' 2>/dev/null || \
		{ python3 -m venv .build/browser-venv && .build/browser-venv/bin/pip install -q "selenium==$(SELENIUM_VERSION)"; }

## The storage tests also run against a throwaway PostgreSQL server (installed when missing); the
## four services, started on the embedded broker, are fuzzed against their OpenAPI documents.
test: deps kannel browser lint-openapi
	$(SWIFT) build --build-tests
	$(MAKE) fuzz-openapi
	scripts/with-test-postgres.sh $(SWIFT) test --skip-build --no-parallel

## schemathesis (from PyPI, in .build/schemathesis-venv) with all checks against each service.
fuzz-openapi: deps
	scripts/fuzz-openapi.sh

## The four OpenAPI documents, as served, checked against OpenAPI 3.1 (openapi-spec-validator, from PyPI when missing).
lint-openapi:
	@python3 -c "import openapi_spec_validator, yaml" 2>/dev/null || python3 -m pip install -q openapi-spec-validator PyYAML
	python3 scripts/lint-openapi.py

run: deps
	$(SWIFT) build
	DATA=$(DATA) scripts/run-local.sh

## civil-report against the running `make run` stack's broker: this half-year unless FROM and UNTIL are given.
report: deps
	$(SWIFT) build --product civil-report
	$$($(SWIFT) build --show-bin-path)/civil-report --bootstrap-servers "$$(cat $(DATA)/bootstrap-servers)" \
		$(if $(FROM),--from $(FROM) --until $(UNTIL)) --store $(DATA)/report/store.sqlite --out $(DATA)/report

topics: deps
	@$(SWIFT) run -q civil-topics

bench: deps
	$(SWIFT) build -c release --product kafka-benchmark
	$(SWIFT) build -c release --product relief-benchmark
	$(SWIFT) build -c release --product alerts-benchmark
	$$($(SWIFT) build -c release --show-bin-path)/kafka-benchmark
	$$($(SWIFT) build -c release --show-bin-path)/relief-benchmark
	$$($(SWIFT) build -c release --show-bin-path)/alerts-benchmark

clean:
	rm -rf .build $(DATA)
