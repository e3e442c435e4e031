# Wick — the two quick-start commands are `make demo` and `make test`.
SWIFT ?= swift
JOBS ?= 2

.PHONY: deps deps-data deps-mpi demo test check-consumer check-torch7 sanitize fuzz build docs bench bench-compare bench-distributed clean

## The Debian packages the build needs (OpenBLAS, LAPACKE, zlib).
deps:
	@bash scripts/install-deps.sh

## The same, and the data sets that tests and samples read: Fashion-MNIST (`dataset-fashion-mnist`,
## about 30 MB, installed under /usr/share/datasets/fashion-mnist).
deps-data:
	@bash scripts/install-deps.sh dataset-fashion-mnist

## Open MPI (`libopenmpi-dev`, `openmpi-bin`), for WickDistributed, its tests and the
## distributed-training sample: everything that builds the whole package needs it; `make demo` and a
## package that uses only Wick do not.
deps-mpi:
	@bash scripts/install-deps.sh libopenmpi-dev openmpi-bin

## Builds (release) and runs the flagship sample.
demo: deps-data
	$(SWIFT) build -j $(JOBS) -c release --product fashion-cnn
	$(SWIFT) run -c release --skip-build fashion-cnn

build: deps deps-mpi
	$(SWIFT) build -j $(JOBS)

## Builds and runs the whole XCTest suite (including the tests on the installed Fashion-MNIST files,
## and WickDistributedTests, which run `mpirun -np 2` on this machine).
## The suite is XCTest only: without --disable-swift-testing, an empty swift-testing run would print
## "0 tests passed" after XCTest's summary.
test: deps-data deps-mpi
	$(SWIFT) build -j $(JOBS) --build-tests
	$(SWIFT) test -j $(JOBS) --skip-build --disable-swift-testing

## Builds a scratch package that depends on Wick by URL and version (`from:` the version in VERSION), from a
## bare clone of the working tree, and runs one line of Wick: what a user's package would do.
check-consumer: deps
	SWIFT=$(SWIFT) JOBS=$(JOBS) bash scripts/check-consumer-package.sh

## Python's torchfile reads the .t7 models Wick writes (an MLP and a convolutional network) with
## Torch7's class names and fields and Wick's exact weights. Installs python3-pip, python3-numpy and
## the torchfile pip package when missing.
check-torch7: deps
	@python3 -c 'import numpy' 2>/dev/null || bash scripts/install-deps.sh python3-numpy
	@python3 -c 'import torchfile' 2>/dev/null || { python3 -m pip --version >/dev/null 2>&1 || bash scripts/install-deps.sh python3-pip; \
		python3 -m pip install --user torchfile 2>/dev/null || python3 -m pip install --user --break-system-packages torchfile; }
	$(SWIFT) build -j $(JOBS) --product torch7-model
	rm -rf .build/check-torch7
	for a in mlp conv; do \
		$(SWIFT) run --skip-build torch7-model --architecture $$a --epochs 3 --output .build/check-torch7 --export-npy .build/check-torch7/$$a && \
		python3 scripts/check-torchfile.py .build/check-torch7/digits-$$a.t7 .build/check-torch7/$$a || exit 1; \
	done

## The test suite under AddressSanitizer, then ThreadSanitizer (separate build folders). Leak
## reports are off: LeakSanitizer reports leaks inside XCTest and the Swift runtime themselves.
sanitize: deps-data deps-mpi
	$(SWIFT) build -j $(JOBS) --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test -j $(JOBS) --skip-build --sanitize=address --scratch-path .build-asan
	$(SWIFT) build -j $(JOBS) --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test -j $(JOBS) --skip-build --sanitize=thread --scratch-path .build-tsan

## libFuzzer on each reader (CSV, IDX, NPY, gzip, model file as Float and Double, Torch7 .t7), FUZZ_SECONDS
## (default 30) each; a separate package (Fuzz/), so `make test` never builds it. Crashing inputs
## go to Fuzz/artifacts/. FUZZ_TARGETS="idx npy" picks targets.
fuzz: deps
	SWIFT=$(SWIFT) JOBS=$(JOBS) bash scripts/fuzz.sh

## DocC documentation of every library module; broken symbol links and undocumented parameters fail.
docs: deps deps-mpi
	for target in WickCore NN ClassicalML Datasets Plot Torch7Files Wick WickDistributed; do \
		$(SWIFT) package --disable-sandbox generate-documentation --target $$target --warnings-as-errors || exit 1; \
	done

## Runs the package-benchmark suite (wall time and malloc counts).
bench: deps
	cd Benchmarks && $(SWIFT) package -j $(JOBS) benchmark

## Wick side by side with PyTorch and scikit-learn (installs them from Debian if missing).
## Wick's side is built from scratch: SwiftPM's incremental build of a path dependency can miss
## files added to it and link a stale binary (seen here: one that crashed inside OpenBLAS).
bench-compare: deps
	@bash scripts/install-deps.sh python3-torch python3-sklearn python3-numpy
	rm -rf Benchmarks/Compare/.build
	cd Benchmarks/Compare && $(SWIFT) build -j $(JOBS) -c release
	cd Benchmarks && /usr/bin/python3 compare.py $(COMPARE_ARGS)

## Data-parallel training on this machine: 1 process with 2 OpenBLAS threads against 2 processes
## (mpirun) with 1 thread each, digits MLP and fashion-cnn network, REPEATS (default 5) runs each,
## medians; then one allreduce of the 784-512-512-10 flat gradient against a memcpy
## (scripts/bench-distributed.sh; the figures in Docs/Distributed.md).
bench-distributed: deps-data deps-mpi
	SWIFT=$(SWIFT) JOBS=$(JOBS) bash scripts/bench-distributed.sh

clean:
	rm -rf .build .build-asan .build-tsan Benchmarks/.build output
