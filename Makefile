# Set-up and entry points. `make demo` and `make test` create .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# CUDA users: make TORCH_SPEC='torch==2.13.0 --index-url <your CUDA index>'
TORCH_SPEC ?= torch==2.13.0
OPENCV_CONTRIB := opencv-contrib-python==4.13.0.92

.PHONY: demo test install clean-venv

install: $(VENV)/.installed

$(VENV)/.installed: setup.py requirements/runtime.txt requirements/tests.txt \
		requirements/export.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=23"
	$(PY) -m pip install --quiet $(TORCH_SPEC)
	# mmcv-lite only when no mmcv (e.g. a compiled full build) is present.
	$(PY) -c "import mmcv" 2>/dev/null || \
		$(PY) -m pip install --quiet mmcv-lite==2.1.0 -r requirements/runtime.txt
	$(PY) -m pip install --quiet -e ".[tests]"
	# Both OpenCV wheels own cv2/: reinstall contrib last for cv2.optflow.
	$(PY) -m pip install --quiet --force-reinstall --no-deps $(OPENCV_CONTRIB)
	$(PY) -c "import cv2; assert hasattr(cv2, 'optflow'), 'cv2.optflow missing'"
	touch $@

demo: install
	$(PY) tools/demo.py

# pytest exits 5 when it collected no test: that is a failure too.
test: install
	$(PY) -m pytest tests; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

clean-venv:
	rm -rf $(VENV)
