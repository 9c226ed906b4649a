# Kite Auto — the commands a newcomer needs.
#   make demo   install what is missing, start a private PostgreSQL, load demo data, open the TUI
#   make test   the whole test suite (unit, store on real PostgreSQL, golden screens, tmux end-to-end)

SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
# libhpdf-dev: libharu for the print forms; fonts-dejavu-core: the Cyrillic font they embed;
# poppler-utils: pdftotext/pdffonts, with which the tests read the PDFs back; python3: scripts/;
# python3-venv: the tests' virtualenv (prometheus-client parses kited's metrics);
# dpkg-dev, lintian: `make deb` and its test; libcurl4-openssl-dev: the static Foundation of `make deb` links libcurl;
# chromium, chromium-driver: the phone app's test drives Debian's browser (never a downloaded one).
APT_PACKAGES := pkg-config libncursesw5-dev libpq-dev postgresql postgresql-contrib tmux locales systemd \
                libhpdf-dev fonts-dejavu-core poppler-utils python3 python3-venv dpkg-dev lintian libcurl4-openssl-dev \
                chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
CONFIG ?= debug

.PHONY: all deps build release demo test test-venv test-web bench bench-queue install deb check-config clean

all: build

# Installs the Debian packages that are missing (apt-get update first, once).
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6.3 is required: https://www.swift.org/install/linux/"; exit 1; }

build: deps
	$(SWIFT) build -c $(CONFIG)

release: deps
	$(SWIFT) build -c release

# Starts (or reuses) the private cluster under .kite/, migrates, seeds once, opens the TUI.
demo: build
	$(SWIFT) run -c $(CONFIG) kite demo

# The whole suite. Tests start their own throwaway PostgreSQL (or use PG* when set)
# and leave no server running.
# The reasons of a failure are printed again at the end, where a CI log's tail shows them.
# scripts/test-deb.sh packs the debug build (a release build would double the suite's time)
# and checks the package; it runs before the Swift tests so their summary closes the log.
test: deps test-venv
	$(SWIFT) build --build-tests
	scripts/test-deb.sh
	@rm -f .build/xunit*.xml
	@$(SWIFT) test --skip-build --xunit-output .build/xunit.xml || { \
	  echo "=== the failed tests, again ==="; python3 scripts/test-failures.py .build/xunit*.xml; exit 1; }
	$(MAKE) test-web

# The field appraiser's app (web/) in headless Chromium against .build/debug/kite-api and a
# throwaway PostgreSQL (tests-web/); KITE_WEB_SCREENSHOTS=DIR keeps phone-size screenshots.
test-web: test-venv
	scripts/.venv/bin/python -m unittest discover -s tests-web -v

# The virtualenv of the tests (scripts/.venv): prometheus-client, the parser of kited's /metrics;
# selenium, the driver of the phone app's test.
test-venv:
	scripts/test-venv.sh

# Performance figures for the README (not a test).
bench: deps
	$(SWIFT) build -c release
	.build/release/kite bench stock --vehicles $${VEHICLES:-1000000}

# kited's queue against pgqueuer (PyPI, in bench/.venv): same workloads, same
# PostgreSQL, side by side. A private durable cluster unless PGHOST is set.
bench-queue: deps
	$(SWIFT) build -c release --product kited
	bench/queue_bench.sh

check-config: build
	$(SWIFT) run -c $(CONFIG) kite check-config

SYSTEMD_UNIT_DIR ?= /etc/systemd/system

# config/ carries the print templates (config/templates/); printing needs libhpdf and
# /usr/share/fonts/truetype/dejavu (fonts-dejavu-core) on the host: `make deps` installs both.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kite $(DESTDIR)$(SYSTEMD_UNIT_DIR) $(DESTDIR)/etc/kite
	install -m 755 .build/release/kite .build/release/kited $(DESTDIR)$(PREFIX)/bin/
	cp -r .build/release/KiteAuto_KiteStore.resources $(DESTDIR)$(PREFIX)/share/kite/
	cp -r Screens Keymaps config $(DESTDIR)$(PREFIX)/share/kite/
	install -m 644 config/kited.service $(DESTDIR)$(SYSTEMD_UNIT_DIR)/kited.service
	[ -e $(DESTDIR)/etc/kite/kited.toml ] || install -m 640 config/kited.toml $(DESTDIR)/etc/kite/kited.toml

# The Debian package (.build/deb/kite-auto_<version>_<arch>.deb): release binaries with the
# Swift runtime linked in, man pages from swift-argument-parser's generate-manual plugin,
# checked by lintian (errors fail the build; the warnings left are named in the README).
# The man pages come from the debug build (their text is the commands' help, the same in
# both): the plugin's own release build would be a second full release build, since
# --static-swift-stdlib compiles everything anew.
deb: deps
	$(SWIFT) build -c release --static-swift-stdlib
	scripts/gen-manpages.sh .build/deb-man debug
	@deb=$$(MAN_DIR=.build/deb-man BIN_DIR=.build/release scripts/build-deb.sh) && echo "built $$deb" && \
	  lintian --fail-on error "$$deb"

clean:
	$(SWIFT) package clean
