# Wick — the two quick-start commands are `make demo` and `make test`.
SWIFT ?= swift
JOBS ?= 2

.PHONY: deps deps-data demo test check-consumer sanitize fuzz build docs bench bench-compare clean

## The Debian packages the build needs (OpenBLAS, LAPACKE, zlib).
deps:
	@bash scripts/install-deps.sh

## The same, and the data sets that tests and samples read: Fashion-MNIST (`dataset-fashion-mnist`,
## about 30 MB, installed under /usr/share/datasets/fashion-mnist).
deps-data:
	@bash scripts/install-deps.sh dataset-fashion-mnist

## Builds (release) and runs the flagship sample.
demo: deps-data
	$(SWIFT) build -j $(JOBS) -c release --product digits-mlp
	$(SWIFT) run -c release --skip-build digits-mlp

build: deps
	$(SWIFT) build -j $(JOBS)

## Builds and runs the whole XCTest suite (including the tests on the installed Fashion-MNIST files).
test: deps-data
	$(SWIFT) build -j $(JOBS) --build-tests
	$(SWIFT) test -j $(JOBS) --skip-build

## Builds a scratch package that depends on Wick by URL and version (`from: "0.1.0"`), from a
## bare clone of the working tree, and runs one line of Wick: what a user's package would do.
check-consumer: deps
	SWIFT=$(SWIFT) JOBS=$(JOBS) bash scripts/check-consumer-package.sh

## The test suite under AddressSanitizer, then ThreadSanitizer (separate build folders). Leak
## reports are off: LeakSanitizer reports leaks inside XCTest and the Swift runtime themselves.
sanitize: deps-data
	$(SWIFT) build -j $(JOBS) --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test -j $(JOBS) --skip-build --sanitize=address --scratch-path .build-asan
	$(SWIFT) build -j $(JOBS) --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test -j $(JOBS) --skip-build --sanitize=thread --scratch-path .build-tsan

## libFuzzer on each reader (CSV, IDX, NPY, gzip, model file as Float and Double), FUZZ_SECONDS
## (default 30) each; a separate package (Fuzz/), so `make test` never builds it. Crashing inputs
## go to Fuzz/artifacts/. FUZZ_TARGETS="idx npy" picks targets.
fuzz: deps
	SWIFT=$(SWIFT) JOBS=$(JOBS) bash scripts/fuzz.sh

## DocC documentation of every library module; broken symbol links and undocumented parameters fail.
docs: deps
	for target in WickCore NN ClassicalML Datasets Plot Wick; do \
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

clean:
	rm -rf .build .build-asan .build-tsan Benchmarks/.build output
