# The README's two commands. PYTHON selects the interpreter to install into.
PYTHON ?= python
export PYTHON

BENCH   := data/continuity_bench
WORK    := work_dirs/tuber_demo
CONFIG  := configs/tuber/tuber_r3d-tiny_8x1_continuity-bench.py

.PHONY: install demo test bench

install:
	bash tools/install.sh

bench: install
	$(PYTHON) tools/data/make_continuity_bench.py --out $(BENCH)

# Main job: built-in benchmark -> train tiny TubeR on the CPU -> evaluate
# (video-mAP, frame-mAP) -> demo GIF.
demo: bench
	$(PYTHON) tools/train.py $(CONFIG) --work-dir $(WORK) --seed 0
	$(PYTHON) tools/test.py $(CONFIG) $(WORK)/$$(cat $(WORK)/last_checkpoint | xargs basename) --work-dir $(WORK)/test
	$(PYTHON) tools/demo/tuber_demo.py $(BENCH)/tubelets/rawframes/$$(head -n 1 $(BENCH)/tubelets/test_videos.txt) \
		$(CONFIG) $(WORK)/$$(cat $(WORK)/last_checkpoint | xargs basename) --out outputs/tuber_demo.gif
	@echo "demo GIF: outputs/tuber_demo.gif"

test: install
	$(PYTHON) -m pytest tests
