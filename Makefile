# Set-up, run and test commands. `make run` and `make test` each install what they
# need on a fresh machine: the virtual environment, the spaCy pipeline, the model.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
SPACY_PIPELINE := build/spacy/hnpm_en
MODEL := models/hnpm.tar.gz

RASA_DATA := domain.yml config.yml $(shell find data -name '*.yml' -not -path 'data/safety/*' -not -path 'data/directory/*' -not -path 'data/matching/*' 2>/dev/null)
SPACY_DATA := $(wildcard data/directory/*.yml) $(wildcard assistant/nlp/*.py)
RASA_CODE := $(wildcard rasa_addons/*.py)

export TF_CPP_MIN_LOG_LEVEL ?= 2
# Rasa's telemetry and its error reports go to hosts outside this network.
export RASA_TELEMETRY_ENABLED := false

.PHONY: help venv spacy model run test lint typecheck validate test-unit test-stories test-e2e eval-safety clean

help:
	@echo "make run    - install, train if needed and start the Rasa, action and web servers"
	@echo "make test   - install, train if needed and run every check and test"

$(VENV)/.installed: requirements.lock pyproject.toml scripts/install-venv scripts/find-python310
	scripts/install-venv
	touch $@

venv: $(VENV)/.installed

$(SPACY_PIPELINE)/meta.json: $(VENV)/.installed $(SPACY_DATA)
	$(PY) -m assistant.nlp.build $(SPACY_PIPELINE)

spacy: $(SPACY_PIPELINE)/meta.json

# Retrained only when the data, the config or the custom components change; Rasa's
# own cache then retrains only the parts of the graph whose inputs changed.
$(MODEL): $(SPACY_PIPELINE)/meta.json $(RASA_DATA) $(RASA_CODE)
	$(RASA) train --fixed-model-name hnpm --out models
	touch $@

model: $(MODEL)

run: $(MODEL)
	$(PY) -m assistant.cli setup
	$(PY) scripts/run_servers.py --model $(MODEL)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

validate: venv
	$(PY) scripts/validate_rasa_data.py

test-unit: $(SPACY_PIPELINE)/meta.json
	$(PY) -m pytest -m "not e2e"

test-stories: $(MODEL)
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out results/stories --model $(MODEL)

test-e2e: $(MODEL)
	$(PY) -m pytest -m e2e

test: lint validate test-unit test-stories test-e2e

clean:
	rm -rf build models results .rasa
