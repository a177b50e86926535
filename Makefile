# The README's two commands. PYTHON selects the interpreter to install into.
PYTHON ?= python
export PYTHON

BENCH  := data/continuity_bench
CONFIG := configs/tuber/tuber-demo_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow.py
WORK   := work_dirs/tuber-demo_r3d18-tiny_1xb2-8x1x1-5k_continuity-bench-tubelets-rgb-flow
VIDEO  := test_0000
# the thesis' anchor-free TubeR (Eq. 6.6 decoder), its backbone initialised
# from the demo model's (configs/tuber/README.md, "The thesis's model
# (anchor-free) on the benchmark")
AF_CONFIG := configs/tuber/tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_continuity-bench-tubelets-rgb-flow.py
AF_WORK   := work_dirs/tuber-anchor-free_r3d18-tiny_proposal-variant-pre_1xb2-8x1x1-20k_continuity-bench-tubelets-rgb-flow
# the same model from the benchmark's counterpart of the thesis' Kinetics
# initialisation: a recognizer trained on the `recognition` split
# (configs/tuber/README.md, "Stop 29" and "Stop 30")
REC_CONFIG    := configs/tuber/pretraining/recognizer3d_r3d18-tiny_1xb8-8x1x1-2400it_continuity-bench-recognition-rgb-flow.py
REC_WORK      := work_dirs/recognizer3d_r3d18-tiny_1xb8-8x1x1-2400it_continuity-bench-recognition-rgb-flow
AF_REC_CONFIG := configs/tuber/tuber-anchor-free_r3d18-tiny_bench-recognition-2400it-pre_1xb2-8x1x1-40k_continuity-bench-tubelets-rgb-flow.py
AF_REC_WORK   := work_dirs/tuber-anchor-free_r3d18-tiny_bench-recognition-2400it-pre_1xb2-8x1x1-40k_continuity-bench-tubelets-rgb-flow

.PHONY: install bench demo anchor-free anchor-free-recognition test test-fast

install:
	bash tools/install.sh

bench: install
	$(PYTHON) tools/data/make_continuity_bench.py --out $(BENCH) --splits tubelets

# Main job: built-in benchmark -> train the tiny TubeR on the CPU -> evaluate
# (video-mAP, frame-mAP) -> demo GIF of a test video, its tubes thinned by
# the class-agnostic tube NMS (overlap IoU 0.3: one tube per actor and time
# span; the demo only, tools/test.py scores without NMS;
# configs/tuber/README.md).
demo: bench
	$(PYTHON) tools/train.py $(CONFIG) --work-dir $(WORK) --seed 0
	$(PYTHON) tools/test.py $(CONFIG) $$(cat $(WORK)/last_checkpoint) --work-dir $(WORK)/test
	$(PYTHON) tools/demo/tuber_demo.py $(BENCH)/tubelets/rawframes/$(VIDEO) $(CONFIG) \
		$$(cat $(WORK)/last_checkpoint) --flow-dir $(BENCH)/tubelets/flow/$(VIDEO) \
		--show-gt --out outputs/tuber_demo.gif --json outputs/tuber_demo.json \
		--cfg-options test_evaluator.tube_nms_thr=0.3 \
		test_evaluator.tube_nms_class_agnostic=True

# The demo model's backbone alone (a model-level init from the whole
# checkpoint would also load its transformer and heads), then the
# anchor-free model on it: 20,000 iterations (its training took 25-35 min
# with one thread beside another 1-thread training on a 2-core machine;
# not timed as `make anchor-free`).
$(WORK)/backbone.pth:
	$(MAKE) demo
	$(PYTHON) tools/misc/extract_weights.py $$(cat $(WORK)/last_checkpoint) $@ --prefix backbone.

anchor-free: $(WORK)/backbone.pth
	$(PYTHON) tools/train.py $(AF_CONFIG) --work-dir $(AF_WORK) --seed 0
	$(PYTHON) tools/test.py $(AF_CONFIG) $$(cat $(AF_WORK)/last_checkpoint) --work-dir $(AF_WORK)/test

# The recognizer (2,400 iterations, 27 min with one thread on a 2-core
# machine beside another training; the split at scale 4: 480 + 144
# videos), its backbone alone, then the anchor-free model on it frozen:
# 40,000 iterations (about 55-62 min the same way; not timed as `make
# anchor-free-recognition`).
$(REC_WORK)/backbone.pth:
	$(PYTHON) tools/data/make_continuity_bench.py --out $(BENCH) --splits recognition --scale 4
	$(PYTHON) tools/train.py $(REC_CONFIG) --work-dir $(REC_WORK) --seed 0
	$(PYTHON) tools/misc/extract_weights.py $$(cat $(REC_WORK)/last_checkpoint) $@ --prefix backbone.

anchor-free-recognition: bench $(REC_WORK)/backbone.pth
	$(PYTHON) tools/train.py $(AF_REC_CONFIG) --work-dir $(AF_REC_WORK) --seed 0
	$(PYTHON) tools/test.py $(AF_REC_CONFIG) $$(cat $(AF_REC_WORK)/last_checkpoint) --work-dir $(AF_REC_WORK)/test

test: install
	$(PYTHON) -m pytest tests

# The edit loop: everything but the `slow` tests (which train and test
# through the tools in subprocesses), with a tighter per-test time limit;
# assumes `make install` was run.
test-fast:
	$(PYTHON) -m pytest tests -m "not slow" --timeout 300
