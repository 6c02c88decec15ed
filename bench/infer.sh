#!/bin/sh
# Samples per second of `brawn predict` and `brawn eval` on MNIST's 10,000
# test images with 1 and 2 threads (GOMAXPROCS), the whole command timed
# (loading the model and the images, inference, and writing the CSV or the
# report), best of RUNS runs; printed as the Markdown table
# docs/BENCHMARKS.md records, after the machine it ran on.
# Run from the repository: `make bench-infer` (RUNS=5 by default; MODEL=file
# to time another checkpoint than a fresh one-epoch default network).
set -eu
runs=${RUNS:-5}
images=data/mnist/t10k-images-idx3-ubyte.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/brawn" ./cmd/brawn
brawn="$tmp/brawn"
model=${MODEL:-}
what="$model"
if [ -z "$model" ]; then
	what="the default network (784-256-128-10), trained for one epoch"
	model="$tmp/m.safetensors"
	"$brawn" train --data mnist --epochs 1 --save "$model" >/dev/null 2>&1
fi

now_ns() { date +%s%N; }

# best CMD...: the shortest wall time of $runs runs of CMD, in seconds.
best() {
	b=
	for _ in $(seq "$runs"); do
		t0=$(now_ns)
		"$@" >/dev/null
		t=$(($(now_ns) - t0))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b" | awk '{ printf "%.3f", $1 / 1e9 }'
}

echo "- Machine: $("$brawn" info | sed -n 's/^cpu: *//p'); features $("$brawn" info | sed -n 's/^features: *//p'); kernel level $("$brawn" info | sed -n 's/^kernels: *\([a-z0-9-]*\).*/\1/p'); Linux $(uname -r); $(go version | cut -d' ' -f3)"
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Command: make bench-infer (bench/infer.sh, best of $runs runs)"
echo "- Model of the whole commands: $what"
echo
echo "| command | threads | seconds | samples/s |"
echo "|---|---:|---:|---:|"
for threads in 1 2; do
	s=$(GOMAXPROCS=$threads best "$brawn" predict --model "$model" --input "$images" --output "$tmp/p.csv")
	echo "| brawn predict --input t10k-images (CSV with probabilities) | $threads | $s | $(awk -v s="$s" 'BEGIN { printf "%.0f", 10000 / s }') |"
	s=$(GOMAXPROCS=$threads best "$brawn" eval --model "$model" --data mnist)
	echo "| brawn eval --data mnist | $threads | $s | $(awk -v s="$s" 'BEGIN { printf "%.0f", 10000 / s }') |"
done
echo
echo "The inference alone (the library calls the commands make, without loading and writing), and the alternative of one network copy per thread, go test -bench, median of 5, on the default network (784-256-128-10) whatever MODEL is:"
echo
echo "| benchmark | threads | samples/s |"
echo "|---|---:|---:|"
go test -run '^$' -bench '^Benchmark(PredictData|Evaluate|InferReplicas)$' -cpu 1,2 -count 5 ./model/ |
	awk '/samples\/s/ { name = $1; t = 1; if (name ~ /-2$/) { t = 2; sub(/-2$/, "", name) }
		sub(/^Benchmark/, "", name); v[name " " t] = v[name " " t] " " $(NF-1) }
		END { for (k in v) { n = split(v[k], a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
			split(k, p, " "); printf "| %s | %s | %.0f |\n", p[1], p[2], a[int((n + 1) / 2)] } }' | sort
echo
echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (above 2 the machine was busy and the figures are noisy)"
