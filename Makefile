# Two entry points a newcomer needs: `make demo` and `make test`. Both build .venv from scratch.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-slow test-notebook test-torch test-tools bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cnncalc summarize alexnet.yaml

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not notebook" cnncalc tests

# The long-running checks left out of `make test`: verify on the largest bundled specs, and the like.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow cnncalc tests

# The example notebook executed in a kernel (nbclient, ipykernel: test-only installs).
test-notebook: $(STAMP)
	$(BIN)/python -m pip install -qq nbclient nbformat ipykernel
	$(BIN)/python -m pytest -q -m notebook tests/test_notebook.py

# Optional cross-checks against PyTorch (a test dependency only, never a runtime one).
test-torch: $(STAMP)
	$(BIN)/python -m pip install -qq torch==2.13.0 torchvision==0.28.0
	$(BIN)/python -m pytest -q tests/test_torch_crosscheck.py tests/engine/test_against_torch.py \
		tests/test_memory_torch.py tests/test_torchvision_table.py tests/test_spec_settings.py \
		tests/test_kinds_a_torch.py tests/test_kinds_a_specs.py tests/test_families_torch.py \
		tests/test_units_torch.py \
		tests/test_unpool_torch.py

# Each --convention profile against the tool it reproduces (test-only installs, pinned: the
# profiles were read from these versions), each tool run in a process of its own. thop and
# ultralytics-thop both install the module `thop`: each goes to a directory of its own under
# .tools/ (tests/test_tool_conventions.py puts it on that tool's path). Keras is optional: it
# runs on the torch backend.
TOOLS := torchinfo==1.8.0 ptflops==0.7.5 fvcore==0.1.5.post20221221 torchscan==0.2.0
APART := thop=thop==0.1.1.post2209072238 ultralytics-thop=ultralytics-thop==2.2.3
test-tools: $(STAMP)
	$(BIN)/python -m pip install -qq torch==2.13.0 torchvision==0.28.0 packaging
	$(BIN)/python -m pip install -qq $(TOOLS)
	for tool in $(APART); do \
		$(BIN)/python -m pip install -qq --no-deps --upgrade --target .tools/$${tool%%=*} \
			$${tool#*=} || exit 1; done
	-$(BIN)/python -m pip install -qq keras==3.15.1
	CNNCALC_TEST_TOOLS=1 CNNCALC_TOOLS_DIR=.tools KERAS_BACKEND=torch \
		$(BIN)/python -m pytest -q tests/test_tool_conventions.py

bench: $(STAMP)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/grading.py

# 10,000 generated, random and damaged specs through summarize, explain and verify: any
# internal error is a failure (a few hundred of them run in make test).
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz.py --cases 10000

clean:
	rm -rf $(VENV) .tools build *.egg-info .pytest_cache
