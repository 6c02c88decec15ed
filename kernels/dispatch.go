package kernels

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
)

// Level is a kernel implementation level.
type Level uint8

const (
	// Generic is the pure-Go level, available everywhere.
	Generic Level = iota
	// AVX2 is hand-written amd64 assembly using AVX2 and FMA3 (256-bit).
	AVX2
	// NEON is hand-written arm64 assembly using Advanced SIMD (128-bit).
	NEON
	// AVX512 is hand-written amd64 assembly using AVX-512 F, BW, VL and DQ
	// (512-bit, 32 vector registers, opmask registers); the narrow
	// products' dot-product and transposing kernels are the AVX2 level's.
	AVX512

	numLevels = AVX512 + 1
)

// String returns the level's name: "generic", "avx2-fma", "neon" or
// "avx512".
func (l Level) String() string {
	switch l {
	case Generic:
		return "generic"
	case AVX2:
		return "avx2-fma"
	case NEON:
		return "neon"
	case AVX512:
		return "avx512"
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// ParseLevel parses a level name as accepted by BRAWN_KERNELS, ignoring
// case and surrounding spaces: "generic" (or "purego", "go"), "avx2" (or
// "avx2-fma", "avx2fma"), "avx512" (or "avx-512") and "neon" (or
// "asimd"). It does not check that the CPU supports the level; SetLevel
// does.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "generic", "purego", "go":
		return Generic, nil
	case "avx2", "avx2-fma", "avx2fma":
		return AVX2, nil
	case "avx512", "avx-512":
		return AVX512, nil
	case "neon", "asimd":
		return NEON, nil
	}
	return 0, fmt.Errorf("kernels: unknown level %q (want generic, avx2, avx512 or neon)", s)
}

// table is the registry of one level: its implementation of every
// dispatched kernel, SGEMM and Sgemv included, built in one place per
// level (genericTable, avx2Table, avx512Table, neonTable). The exported
// functions check their arguments and then call through the active table,
// so implementations may assume valid, equal lengths. (The elementwise
// ones call the build's assembly directly instead when it is the active
// level and the slices fit one chunk; see direct_amd64.go.)
type table struct {
	level Level
	// gemm is the level's SGEMM and Sgemv: micro-kernels, packers, tile
	// shape and cache blocks (see gemmImpl).
	gemm *gemmImpl
	// direct is set when the build's direct entry points (direct_*.go)
	// run this level's kernels when it is active, so the exported
	// functions may call them instead of the table.
	direct bool

	saxpy  func(a float32, x, y []float32)
	sscal  func(a float32, x []float32)
	sdot   func(x, y []float32) float32
	sasum  func(x []float32) float32
	sum    func(x []float32) float32
	sumsq  func(x []float32) float32
	add    func(dst, a, b []float32)
	sub    func(dst, a, b []float32)
	mul    func(dst, a, b []float32)
	adds   func(dst, a []float32, s float32)
	axpby  func(a float32, x []float32, b float32, y []float32)
	relu   func(dst, x []float32)
	relubw func(dx, dy, x []float32)
	leaky  func(dst, x []float32, slope float32)
	leakbw func(dx, dy, x []float32, slope float32)
	sigm   func(dst, x []float32)
	tanh   func(dst, x []float32)
	exp    func(dst, x []float32)

	rowmax  func(dst, a []float32, rows, cols int)
	rowarg  func(dst []int, a []float32, rows, cols int)
	rowsum  func(dst, a []float32, rows, cols int)
	softmax func(dst, a []float32, rows, cols int)
	logsm   func(dst, a []float32, rows, cols int)
	addbias func(c, bias []float32, rows, cols int)
	colsum  func(dst, a []float32, rows, cols int)

	sgd  func(w, g, buf []float32, p sgdArgs)
	adam func(w, g, m, v []float32, p adamArgs)

	u8f func(dst []float32, src []byte, div float32)
}

var (
	tables    [numLevels]*table // filled by init functions of each level
	available []Level           // levels this CPU and build can run, ascending
	active    atomic.Pointer[table]
	best      Level
)

// register makes t's level available. The build's direct entry points are
// directLevel's kernels; another level whose kernels they also run (avx512
// on amd64) sets t.direct itself.
func register(t *table) {
	if t.level == directLevel {
		t.direct = true
	}
	tables[t.level] = t
}

func init() {
	register(genericTable())
	registerArch() // per-architecture: registers assembly tables it can run
	for l := range numLevels {
		if tables[l] != nil {
			available = append(available, l)
			best = l
		}
	}
	active.Store(tables[best])
	if s, ok := os.LookupEnv("BRAWN_KERNELS"); ok && s != "" {
		if err := SetLevelString(s); err != nil {
			// A bad setting must not crash a program; stay on the best
			// level and say so once.
			fmt.Fprintf(os.Stderr, "brawn: BRAWN_KERNELS: %v; using %s\n", err, best)
		}
	}
}

// Active returns the level in use.
func Active() Level { return active.Load().level }

// direct reports whether an exported kernel over n elements (lengths
// already checked) may call its direct entry point (see direct_amd64.go)
// rather than the active table: the active level's table has direct set
// and n is at most directMax. It inlines, so the common short call costs
// two compares.
func direct(n int) bool { return n <= directMax && active.Load().direct }

// Best returns the fastest level this CPU and build support: the one chosen
// at start-up when BRAWN_KERNELS is not set.
func Best() Level { return best }

// Available returns the levels this CPU and build can run, in ascending
// order; Generic is always first.
func Available() []Level { return append([]Level(nil), available...) }

// SetLevel makes l the active level for every later kernel call in the
// process. It returns an error, and changes nothing, when this CPU or build
// cannot run l (for example AVX2 on a CPU without it, or any assembly level
// under the purego build tag). It is safe to call concurrently with kernel
// calls; calls already running finish on the previous level.
func SetLevel(l Level) error {
	if int(l) >= len(tables) || tables[l] == nil {
		return fmt.Errorf("kernels: level %s is not available on this CPU/build (available: %v)", l, available)
	}
	active.Store(tables[l])
	return nil
}

// SetLevelString parses s with ParseLevel and calls SetLevel.
func SetLevelString(s string) error {
	l, err := ParseLevel(s)
	if err != nil {
		return err
	}
	return SetLevel(l)
}
