# Set-up, run and test commands. `make run` and `make test` each install what they
# need on a fresh machine: the virtual environment, the spaCy pipeline, the model.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
SPACY_PIPELINE := build/spacy/hnpm_en
MODEL := models/hnpm.tar.gz

RASA_DATA := domain.yml config.yml $(shell find data -name '*.yml' -not -path 'data/safety/*' -not -path 'data/directory/*' -not -path 'data/matching/*' 2>/dev/null)
# The modules that build the pipeline, not the whole package: assistant/nlp/ also
# holds the NLU evaluation and the lookup generator, which the pipeline never loads.
SPACY_DATA := $(wildcard data/directory/*.yml) $(addprefix assistant/nlp/,base.py build.py pipeline.py)
RASA_CODE := $(wildcard rasa_addons/*.py)

export TF_CPP_MIN_LOG_LEVEL ?= 2
# Rasa's telemetry and its error reports go to hosts outside this network.
export RASA_TELEMETRY_ENABLED := false

.PHONY: help venv spacy model widget run test lint typecheck validate test-unit test-stories test-e2e test-browser eval-safety eval-nlu bench-matching clean

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

# Lookup tables generated from the directory data, so that its words are typed once.
data/nlu/lookups.yml: $(VENV)/.installed data/directory/vocabulary.yml data/directory/resources.yml assistant/nlp/lookups.py
	$(PY) -m assistant.nlp.lookups $@

# The chat widget: one script bundled with socket.io-client by esbuild, and its
# stylesheet. `npm ci` installs the exact versions of web/widget/package-lock.json.
WIDGET := assistant/web/static/widget.js
WIDGET_NODE_MODULES := web/widget/node_modules/.installed

$(WIDGET_NODE_MODULES): web/widget/package.json web/widget/package-lock.json
	cd web/widget && npm ci --no-audit --no-fund
	touch $@

$(WIDGET): $(WIDGET_NODE_MODULES) $(wildcard web/widget/src/*)
	cd web/widget && npm run build

widget: $(WIDGET)

run: $(MODEL) $(WIDGET)
	$(PY) -m assistant.cli setup
	$(PY) scripts/run_servers.py --model $(MODEL)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

validate: venv
	$(PY) scripts/validate_rasa_data.py

test-unit: $(SPACY_PIPELINE)/meta.json $(WIDGET)
	$(PY) -m pytest -m "not e2e"

test-stories: $(MODEL)
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out results/stories --model $(MODEL)

test-e2e: $(MODEL) $(WIDGET)
	$(PY) -m pytest -m "e2e and not browser"

# axe-core for the accessibility checks, at the version of its package-lock.json.
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

# Playwright drives Debian's Chromium; `playwright install` is never run, because it
# downloads browser builds from outside the package registries.
test-browser: $(MODEL) $(WIDGET) $(AXE)
	scripts/install-chromium
	$(PY) -m pytest -m browser tests/e2e/browser

# The NLU model of the evaluation is trained on data/nlu/ alone, never into models/,
# and scored on the held-out set tests/nlu/heldout.yml and the routing cases
# tests/nlu/routing.tsv. It fails below a held-out macro-F1 of 0.90 or on a routing
# miss. The development set tests/nlu/dev.yml is scored and reported, not enforced.
# NOTE: the latest held-out macro-F1, 0.905, is close to the limit. The last 15
# training lines added moved it from 0.891.
EVAL_NLU_DIR ?= build/eval-nlu
NLU_REPORT_DIR ?= docs/nlu-report

eval-nlu: $(SPACY_PIPELINE)/meta.json data/nlu/lookups.yml
	RASA_CACHE_DIRECTORY=$(EVAL_NLU_DIR)/cache $(RASA) train nlu --config config.yml --domain domain.yml --nlu data/nlu --out $(EVAL_NLU_DIR) --fixed-model-name nlu
	$(PY) scripts/eval_nlu.py --model $(EVAL_NLU_DIR)/nlu.tar.gz --report-dir $(NLU_REPORT_DIR)

# Every safety case file through the running assistant over REST, first in a new
# conversation and again right after the first intake question. It starts the three
# servers on free ports with a scratch database unless EVAL_SAFETY_ARGS holds
# --rasa-url, and fails unless recall is 1.0 and false handoffs are at most 5%.
# `make eval-safety EVAL_SAFETY_ARGS="--markdown docs/safety-eval.md"` records a run.
EVAL_SAFETY_ARGS ?=

eval-safety: $(MODEL)
	$(PY) scripts/eval_safety.py --model $(MODEL) $(EVAL_SAFETY_ARGS)

# Cohort matching on a synthetic cohort of 1,000 mentees and 300 mentors; the last
# line is the median time and the total score. docs/benchmarks.md records results.
bench-matching: venv
	$(PY) scripts/bench_matching.py --mentees 1000 --mentors 300

test: lint validate test-unit test-stories test-e2e test-browser eval-safety eval-nlu

clean:
	rm -rf build models results .rasa
