# The README's two commands: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/transcripts/right-thigh-quadriceps-contracture.txt

.PHONY: install install-dev run test lint typecheck unit bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(BIN)/scribe kb build --quiet
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/scribe kb build --quiet
	@# The HTML-report test drives headless Chromium (Debian package, no download at run time).
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
		(apt-get install -y -q chromium >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) || \
		echo "warning: chromium not installed; the browser test will fail"; }
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u SCRIBE_LLM_BASE_URL $(BIN)/scribe draft $(EXAMPLE) --backend auto

lint: install-dev
	$(BIN)/ruff check scribe tests benchmarks

typecheck: install-dev
	$(BIN)/mypy scribe

unit: install-dev
	env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u SCRIBE_LLM_BASE_URL $(BIN)/pytest

test: lint typecheck unit

bench: install-dev
	$(BIN)/python benchmarks/checker.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
