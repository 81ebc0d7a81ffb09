# Every command installs what it needs. Start with `make serve` or `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
KB := PYTHONPATH=scripts $(PY) -m kb
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help serve build build-properdocs test check lint links links-external i18n i18n-sync stale new-faq bench \
        browser-deps test-fast lock clean markup markup-deps card-font zh-hant

help:
	@echo "make serve            build and serve the site with live reload on http://127.0.0.1:8000/kb/"
	@echo "make test             run every check and test (installs Chromium on Debian when run as root)"
	@echo "make build            strict build into site/ (MkDocs 1.6, then the Pagefind search index)"
	@echo "make build-properdocs  the same build with ProperDocs into site-properdocs/"
	@echo "make new-faq ID=...   scaffold a question in both languages (CATEGORY=, TAGS=a,b, EVIDENCE=)"
	@echo "make check            validate content (front matter, links to sources, translations)"
	@echo "make lint             Chinese typography, Markdown structure, English spelling"
	@echo "make links            internal links and anchors of the built site"
	@echo "make links-external   outbound links report in reports/ (needs the internet)"
	@echo "make i18n             missing and outdated translations"
	@echo "make i18n-sync PAGE=docs/en/...md   mark an English page as matching its Chinese source"
	@echo "make stale            pages last reviewed more than 12 months ago"
	@echo "make zh-hant          write the Traditional Chinese pages (docs/zh-hant/) and show what the glossary did"
	@echo "make bench            performance benchmark; figures in reports/bench.json and .md"
	@echo "make markup           W3C Nu HTML Checker over every built page (installs Java and vnu-jar)"
	@echo "make card-font        rebuild the share-card font subset (needs Debian's fonts-noto-cjk)"

# Node tools pinned in package-lock.json: Pagefind builds the search index after every build.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js 18+ and npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (found %s)" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: could not create $(VENV); on Debian/Ubuntu install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP) $(NODE_STAMP)
	$(BIN)/mkdocs build --strict

# The same site built with ProperDocs (MkDocs 1.x fork) into site-properdocs/; tests prove the outputs equal.
build-properdocs: $(STAMP) $(NODE_STAMP)
	$(BIN)/properdocs build --strict --site-dir site-properdocs

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
browser-deps:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium and a CJK font..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	else echo "note: chromium not found; install it (apt-get install chromium) or the browser tests fail under CI=true"; fi

# Java for the W3C Nu HTML Checker (vnu-jar from package-lock.json, installed by $(NODE_STAMP)).
markup-deps: $(NODE_STAMP)
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's default-jre-headless for the HTML checker..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else echo "note: java not found; install it (apt-get install default-jre-headless) or the markup check fails under CI=true"; fi

# The HTML check alone (make test runs it too): one checker run over the whole built site.
markup: $(STAMP) markup-deps
	$(PY) -m pytest tests/test_markup.py

# Maintainers: the share card needs a character the bundled font subset lacks (the build names it).
card-font: $(STAMP)
	$(KB) card-font

check: $(STAMP)
	$(KB) check

lint: $(STAMP)
	$(PY) scripts/lint.py

links: $(STAMP) $(NODE_STAMP)
	$(KB) links

links-external: $(STAMP)
	$(KB) links-external

i18n: $(STAMP)
	$(KB) i18n

i18n-sync: $(STAMP)
	$(KB) i18n-sync $(PAGE)

stale: $(STAMP)
	$(KB) stale

# Traditional Chinese is generated at build time; this shows the conversion and the glossary's effect.
zh-hant: $(STAMP)
	$(KB) zh-hant -v

new-faq: $(STAMP)
	@test -n "$(ID)" || { echo "usage: make new-faq ID=my-question [CATEGORY=appeal] [TAGS=appeal,language] [EVIDENCE=official]"; exit 2; }
	$(KB) new-faq $(ID) $(if $(CATEGORY),--category $(CATEGORY)) $(if $(TAGS),--tags $(TAGS)) $(if $(EVIDENCE),--evidence $(EVIDENCE))

test: $(STAMP) $(NODE_STAMP) browser-deps markup-deps
	$(KB) check
	$(PY) scripts/lint.py
	$(KB) links
	$(PY) -m pytest

# The suite without the browser tests, for a quick loop while writing.
test-fast: $(STAMP) $(NODE_STAMP)
	$(KB) check
	$(PY) -m pytest -m "not browser"

bench: $(STAMP) $(NODE_STAMP) browser-deps
	$(PY) scripts/bench.py

# Maintainers: re-pin requirements.lock after editing requirements.in.
lock:
	$(PYTHON) -m pip install --quiet uv==0.13.9
	$(PYTHON) -m uv pip compile --python-version 3.11 --generate-hashes requirements.in -o requirements.lock

clean:
	rm -rf site site-properdocs reports/screenshots .pytest_cache
