# The README's two commands, `make lessons` and `make test`, each run `setup` first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# chromium and chromium-driver: the gallery's browser test (tests/render/test_site_browser.py);
# fonts-lmodern: the typefaces of every Text (scenes/kit/style.py's TEXT_FONT and MATH_FONT)
APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config texlive-latex-base texlive-latex-extra \
	texlive-fonts-recommended texlive-science dvisvgm espeak-ng fonts-lmodern \
	chromium chromium-driver
STAMP := $(VENV)/.installed

.PHONY: setup apt lessons test bench fuzz soak clean formulas test-formulas

setup: apt $(STAMP)

# Install only the Debian packages that are missing, so a second run costs nothing.
apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing" >&2; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >&2; \
	fi

$(VENV)/bin/python:
	@echo "setup: making $(VENV)" >&2
	@python3 -m venv $(VENV)

# -qq: pip's errors only. At -q pip still passes on setuptools' notes about editable
# installs and the "Location ... is ignored" lines a site-wide pip config can cause.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	@echo "setup: installing sgdanim and its dependencies into $(VENV)" >&2
	@$(PY) -m pip install -qq --upgrade pip
	@$(PY) -m pip install -qq -e '.[test]'
	@touch $(STAMP)
	@echo "setup: done" >&2

# Narrated, by the best voice there is: VOICE if given (make lessons VOICE=piper:PATH.onnx or
# VOICE=none), else the first Piper voice file in voices/ when the [voice] extra is installed,
# else espeak-ng. No Piper voice on PyPI is trustworthy enough to install for you (README).
lessons: setup
	@voice="$(VOICE)"; \
	if [ -z "$$voice" ]; then \
		voice=espeak; model=$$(ls voices/*.onnx 2>/dev/null | head -n 1); \
		if [ -n "$$model" ] && $(PY) -c "import piper" 2>/dev/null; then voice="piper:$$model"; fi; \
	fi; \
	echo "lessons: narrated by $$voice" >&2; \
	$(VENV)/bin/sgdanim render --all --quality high --voice "$$voice"

test: setup
	$(PY) -m pytest -n 2 --dist loadgroup -q

bench: setup
	$(PY) -m bench

# The formulas each lesson draws at its defaults (sgdanim/render/formulas/<lesson>.json), which
# a machine's first render compiles in one LaTeX run; tests/render/test_formulas.py says when
# they are stale.
formulas: setup
	$(PY) -m sgdanim.render.formulas

# The formulas the tests draw beyond those lists (tests/fixtures/formulas_asked.json), made in
# the same one LaTeX run when a test process starts: the whole suite, recording what it asks for.
test-formulas: setup
	rm -rf .formulas-asked
	$(PY) -m pytest -n 2 --dist loadgroup -q -p no:cacheprovider --record-formulas .formulas-asked
	$(PY) -m tests.formulas .formulas-asked
	rm -rf .formulas-asked

clean:
	rm -rf media bench/results

# Property-based fuzzing of what users type, longer than make test's bounded run.
FUZZ_EXAMPLES ?= 2000
fuzz: setup
	SGDANIM_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -p no:cacheprovider tests/fuzz \
		--hypothesis-show-statistics

# 100 renders of random valid params in one process, memory tracked (not part of make test).
soak: setup
	$(PY) -m bench.soak
