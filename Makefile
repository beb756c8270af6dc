# The two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test venv lint bench screenshots clean messages

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else "optout needs Python 3.12 (see .python-version); found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## Start the web app and its task worker at http://127.0.0.1:8000 (Ctrl-C stops both).
run: venv
	$(BIN)/optout serve

## Run the whole test suite (SQLite unless DATABASE_URL is set).
test: venv
	@bash scripts/system-packages.sh check
	$(BIN)/ruff check optout tests benchmarks docs conftest.py
	$(BIN)/optout data validate
	@# Bytecode once, as an installation has it: the tests start `optout` hundreds of times, and where
	@# PYTHONDONTWRITEBYTECODE is set each start would compile every module again.
	$(BIN)/python -m compileall -q optout > /dev/null
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Update the translation catalogs (optout/locale) from the code, then compile them. The compiled .mo files
## are committed and shipped in the package; a test fails when a catalog misses a string or is not compiled.
LOCALES := -l de -l fr -l es -l it -l nl -l pl -l pt
messages: venv
	cd optout && ../$(BIN)/django-admin makemessages --settings=optout.settings --pythonpath=.. $(LOCALES) \
		--no-location --no-obsolete --ignore='data/*' --ignore='*/tests/*' --ignore='*/migrations/*' --ignore='locale/*'
	cd optout && ../$(BIN)/django-admin compilemessages --settings=optout.settings --pythonpath=.. --ignore='.venv'

lint: venv
	$(BIN)/ruff check optout tests benchmarks docs conftest.py

bench: venv
	$(BIN)/python benchmarks/cli_startup.py

## Retake the README screenshots (needs Debian's chromium).
screenshots: venv
	$(BIN)/python docs/screenshots/take.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
