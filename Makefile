# Wick — the two quick-start commands are `make demo` and `make test`.
SWIFT ?= swift
JOBS ?= 2

.PHONY: deps demo test build bench clean

deps:
	@bash scripts/install-deps.sh

## Builds (release) and runs the flagship sample.
demo: deps
	$(SWIFT) build -j $(JOBS) -c release --product digits-mlp
	$(SWIFT) run -c release --skip-build digits-mlp

build: deps
	$(SWIFT) build -j $(JOBS)

## Builds and runs the whole XCTest suite.
test: deps
	$(SWIFT) build -j $(JOBS) --build-tests
	$(SWIFT) test -j $(JOBS) --skip-build

## Runs the package-benchmark suite (wall time and malloc counts).
bench: deps
	cd Benchmarks && $(SWIFT) package -j $(JOBS) benchmark

clean:
	rm -rf .build Benchmarks/.build output
