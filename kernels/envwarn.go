package kernels

import (
	"io"
	"os"
	"sync"
)

// envWarning is the deferred warning that BRAWN_KERNELS was not applied
// (EnvError): the line, written to w at the first kernel call rather than
// at start-up, so that a program that reports EnvError itself can silence
// it first (SetEnvWarning), and the table to make active then.
var envWarning = struct {
	sync.Mutex
	w     io.Writer // nil: nowhere
	line  string
	table *table
}{w: os.Stderr}

// SetEnvWarning sets where the package writes its one-line warning that
// BRAWN_KERNELS was not applied and the process runs on Best instead
// (see EnvError): os.Stderr unless set, nowhere for nil. The line waits
// for the first kernel call, so a program that reports EnvError itself,
// as cmd/brawn does, passes nil before it computes; a program that calls
// SetLevel first gets no line either, having chosen its level. It is safe
// to call concurrently with kernel calls.
func SetEnvWarning(w io.Writer) {
	envWarning.Lock()
	defer envWarning.Unlock()
	envWarning.w = w
}

// deferEnvWarning makes a copy of t active, which the first kernel call
// through it replaces with t after writing line. The copy runs t's
// kernels, with the direct entry points off so that every call goes
// through the table: through use, or, for the reductions that call
// active.Load() themselves so that they inline into their callers (a
// check there cost about 3 ns a call on 16 values), through the copy's
// kernels, which warn first.
func deferEnvWarning(t *table, line string) {
	p := *t
	p.direct, p.warn = false, true
	pending := &p
	p.sum = func(x []float32) float32 { warnEnv(pending); return t.sum(x) }
	p.sasum = func(x []float32) float32 { warnEnv(pending); return t.sasum(x) }
	p.sumsq = func(x []float32) float32 { warnEnv(pending); return t.sumsq(x) }
	p.dssum = func(x []float32) float64 { warnEnv(pending); return t.dssum(x) }
	p.dssqdev = func(x []float32, mu float64) float64 { warnEnv(pending); return t.dssqdev(x, mu) }
	envWarning.line, envWarning.table = line, t
	active.Store(pending)
}

// use returns the active table for a kernel call, first writing the
// deferred warning when the call is the first (deferEnvWarning).
func use() *table {
	t := active.Load()
	if t.warn {
		t = warnEnv(t)
	}
	return t
}

// warnEnv writes the deferred warning and makes its level's own table
// active, unless another call or SetLevel replaced pending first; it
// returns the table then active.
func warnEnv(pending *table) *table {
	envWarning.Lock()
	defer envWarning.Unlock()
	if active.CompareAndSwap(pending, envWarning.table) && envWarning.w != nil {
		io.WriteString(envWarning.w, envWarning.line)
	}
	return active.Load()
}
