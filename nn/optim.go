package nn

import (
	"fmt"
	"math"
	"sync/atomic"
)

// ParamGroup is a set of parameters sharing a learning rate and weight
// decay, as a PyTorch optimizer's param_groups entry. Schedules change LR;
// InitialLR is PyTorch's "initial_lr", the base that schedules start from.
// Every optimizer constructor returns an error if a group is nil, holds a
// nil parameter or one whose Grad is missing or not Value's length, or a
// parameter already in a group; if LR or WeightDecay is negative, NaN or
// infinite; or if the groups hold no parameter at all.
type ParamGroup struct {
	Params      []*Param // each parameter in at most one group of an optimizer
	LR          float64  // learning rate, finite and >= 0; 0 freezes the group
	WeightDecay float64  // finite, >= 0; L2 on the gradient or decoupled, as the optimizer says
	InitialLR   float64  // the schedules' base LR; 0 is set to LR when the optimizer is made
}

// Groups returns the parameter groups for learning rate lr and weight decay
// wd. The default (decayAll false) puts weight matrices (KindWeight) in a
// group with weight decay wd and biases and normalisation parameters in a
// group without, the usual practice ("no bias decay": T. He et al., "Bag
// of Tricks for Image Classification with Convolutional Neural Networks",
// CVPR 2019, §3.1; BERT's optimizer does the same). decayAll true puts
// every parameter in one group with wd, which is what torch.optim does when
// given model.parameters(). Empty groups are left out.
func Groups(params []*Param, lr, wd float64, decayAll bool) []*ParamGroup {
	if len(params) == 0 {
		return nil
	}
	if decayAll || wd == 0 {
		return []*ParamGroup{{Params: params, LR: lr, WeightDecay: wd, InitialLR: lr}}
	}
	decay := &ParamGroup{LR: lr, WeightDecay: wd, InitialLR: lr}
	rest := &ParamGroup{LR: lr, InitialLR: lr}
	for _, p := range params {
		if p.Kind == KindWeight {
			decay.Params = append(decay.Params, p)
		} else {
			rest.Params = append(rest.Params, p)
		}
	}
	var out []*ParamGroup
	for _, g := range []*ParamGroup{decay, rest} {
		if len(g.Params) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Optimizer updates parameters from their gradients.
type Optimizer interface {
	// Step applies one update to every parameter of every group.
	Step()
	// Groups returns the parameter groups (schedules change their LR).
	Groups() []*ParamGroup
	// Export returns the full state: per-parameter buffers named
	// "<param name>.<buffer>" (e.g. "0.weight.exp_avg"), the step count
	// and each group's "group.<i>.lr".
	Export() *State
	// Import restores Export's state into an optimizer built on the same
	// parameters and configuration.
	Import(*State) error
	// Name returns the PyTorch class name ("Adam", "SGD", ...).
	Name() string
}

// optimBase holds what every optimizer shares: the groups, the step count,
// the per-parameter state buffers in a fixed order, and the thread count
// for splitting large parameters across goroutines.
type optimBase struct {
	groups []*ParamGroup
	step   int
	// bufs[name] holds one slice per parameter (in group order) for each
	// per-parameter buffer name, e.g. "exp_avg".
	bufNames []string
	bufs     map[string][][]float32
	env      Env
	// cut is the group being stepped in parts, run by partsFn with
	// running (see stepGroup).
	cut     paramParts
	claims  []atomic.Uint64 // each part's ranges not yet claimed: first<<32 | end
	running paramChunk
	partsFn func(lo, hi int)
	// guard, while guarding, backs up and checks each update (see
	// stepGuard).
	guard    *stepGuard
	guarding bool
	// bounds bound the buffers for the Trainer's proofs that a step stays
	// finite; proven is set while such a step runs (see proveStep).
	bounds stateBounds
	proven bool
}

func (o *optimBase) init(groups []*ParamGroup, names ...string) error {
	o.groups = groups
	o.bufNames = names
	o.bufs = map[string][][]float32{}
	o.bounds = stateBounds{buf: make([]float64, len(names)), next: make([]float64, len(names))}
	seen := map[*Param]int{} // each parameter's group
	for gi, g := range groups {
		if g == nil {
			return fmt.Errorf("nn: parameter group %d is nil", gi)
		}
		for pi, p := range g.Params {
			switch first, dup := seen[p]; {
			case p == nil || p.Value == nil:
				return fmt.Errorf("nn: parameter group %d: parameter %d is nil", gi, pi)
			case p.Grad == nil || len(p.Grad.Data) != len(p.Value.Data):
				return fmt.Errorf("nn: parameter group %d: parameter %d (%q) has no gradient of its %d values", gi, pi, p.Name, len(p.Value.Data))
			case dup:
				return fmt.Errorf("nn: parameter %q is in parameter group %d and again in group %d: a parameter may be updated once a step (PyTorch refuses it too)", p.Name, first, gi)
			}
			seen[p] = gi
		}
		// An lr of 0 is allowed (it freezes the group, as torch.optim
		// allows); NaN or infinite values would turn every weight into NaN.
		if math.IsNaN(g.LR) || math.IsInf(g.LR, 0) || g.LR < 0 {
			return fmt.Errorf("nn: parameter group %d: learning rate %g must be a finite number >= 0", gi, g.LR)
		}
		if math.IsNaN(g.WeightDecay) || math.IsInf(g.WeightDecay, 0) || g.WeightDecay < 0 {
			return fmt.Errorf("nn: parameter group %d: weight decay %g must be a finite number >= 0", gi, g.WeightDecay)
		}
		if g.InitialLR == 0 {
			g.InitialLR = g.LR
		}
		for _, p := range g.Params {
			for _, n := range names {
				o.bufs[n] = append(o.bufs[n], make([]float32, len(p.Value.Data)))
			}
		}
	}
	if len(seen) == 0 {
		return fmt.Errorf("nn: optimizer got an empty parameter list: its groups hold no parameter (a Sequential has parameters once nn.NewSequential has built it)")
	}
	return nil
}

// SetThreads sets the goroutines that share the update of a large group
// of parameters (<= 0: GOMAXPROCS; see stepGroup). Updates are
// elementwise, so results do not depend on it.
func (o *optimBase) SetThreads(n int) { o.env.Threads = n }

// Groups implements Optimizer.
func (o *optimBase) Groups() []*ParamGroup { return o.groups }

// Steps returns the number of Step calls so far (PyTorch's state "step").
func (o *optimBase) Steps() int { return o.step }

// paramChunk updates elements [lo, hi) of parameter p, the optimizer's
// i-th (counted across groups, in group order; it indexes o.bufs).
type paramChunk func(i int, p *Param, lo, hi int)

// optimRangeLen bounds the elements of a range: 16 KB of each array, a
// whole number of 64-byte blocks, the unit a goroutine that has finished
// its own part takes from another's (see stepGroup): small, so that the
// parts end close together when one is slower (a worker that woke late,
// or operands that cost its core more, as SGD's subnormal momentum buffers
// do on x86).
const optimRangeLen = 1 << 12

// optimRegionMin is the least elements of a group whose update runs as a
// parallel region: about 40 µs of Adam's update on one core, whose ranges
// the caller takes on while a parked worker wakes (70-125 µs on a virtual
// machine), so a region is not slower than the caller alone.
var optimRegionMin = 1 << 16

// A parallel update cuts the group's elements, taken in parameter order,
// into one contiguous part per thread, the same parts at every step, and
// the parts into ranges. The parts are the chunks of one region: the
// caller claims the first at once and a worker that is awake the next, so
// from step to step a part is mostly updated by the same goroutine, whose
// thread the scheduler keeps on the same core, and its weights and
// buffers stay in that core's cache, or at least out of the other's. A
// goroutine updates its part's ranges from the front and then takes the
// ranges left in the other parts from their back, so a part slower than
// the others (subnormal operands cost x86 cores microcode assists) or a
// worker that wakes late is made up by the others. With every range
// claimed in turn by whichever goroutine came first, each core fetched
// elements the other had written at the step before: Adam's update of
// 784-256-128-10 (235k values), repeated alone, took 160-190 µs on two
// threads against 130-145 µs on one, and 50-65 µs by parts; within the
// steps of an MNIST epoch, 134-154 µs on two threads, 114-120 µs by parts
// (and 155 µs with the parts swapped between the goroutines), against
// 129-136 µs on one. Updates are elementwise, so the cut cannot change
// the result.

// stepGroup runs fn over group gi's parameters: on the caller alone, or,
// on two or more threads when the group has optimRegionMin elements or
// more, in one part per thread shared out in one parallel region (see
// above).
func (o *optimBase) stepGroup(gi int, fn paramChunk) {
	first := 0
	for _, g := range o.groups[:gi] {
		first += len(g.Params)
	}
	if o.guarding {
		o.guard.inner, fn = fn, o.guard.chunk
	}
	if !o.proven {
		o.bounds.known = false // the buffers change outside a proof
	}
	total := 0
	for _, p := range o.groups[gi].Params {
		total += len(p.Value.Data)
	}
	threads := o.env.threads()
	if total < optimRegionMin {
		threads = 1
	}
	o.cutParts(o.groups[gi].Params, first, total, threads)
	if o.partsFn == nil {
		o.partsFn = o.runParts
	}
	o.running = fn
	region(o.cut.count(), o.partsFn, threads)
	o.running = nil
}

// cutParts cuts group params (the group's first parameter is the
// optimizer's first-th, total their elements) into parts for threads
// goroutines in ranges of at most optimRangeLen elements, and fills
// o.claims with each part's ranges, none claimed yet.
func (o *optimBase) cutParts(params []*Param, first, total, threads int) {
	o.cut.cut(params, first, total, threads, optimRangeLen)
	n := o.cut.count()
	if len(o.claims) < n {
		o.claims = make([]atomic.Uint64, n)
	}
	for k := range n {
		o.claims[k].Store(uint64(o.cut.parts[k])<<32 | uint64(o.cut.parts[k+1]))
	}
}

// runParts updates parts [lo, hi) of o.cut, each from the front, and
// then takes the ranges of every part left from the back (see stepGroup).
func (o *optimBase) runParts(lo, hi int) {
	for c := lo; c < hi; c++ {
		for r, ok := o.claim(c, true); ok; r, ok = o.claim(c, true) {
			o.runRange(r)
		}
	}
	for d := range o.cut.count() {
		for r, ok := o.claim(d, false); ok; r, ok = o.claim(d, false) {
			o.runRange(r)
		}
	}
}

// claim takes the first (front) or last range of part c not yet claimed,
// and reports false when there is none.
func (o *optimBase) claim(c int, front bool) (int, bool) {
	for {
		v := o.claims[c].Load()
		f, b := int(v>>32), int(uint32(v))
		if f >= b {
			return 0, false
		}
		r, next := f, uint64(f+1)<<32|uint64(b)
		if !front {
			r, next = b-1, uint64(f)<<32|uint64(b-1)
		}
		if o.claims[c].CompareAndSwap(v, next) {
			return r, true
		}
	}
}

// runRange updates range r of o.cut.
func (o *optimBase) runRange(r int) {
	x := o.cut.ranges[r]
	o.running(x.i, x.p, x.lo, x.hi)
}

// Export implements Optimizer.
func (o *optimBase) Export() *State {
	s := NewState()
	s.setScalar("step", float64(o.step))
	i := 0
	for gi, g := range o.groups {
		s.setScalar(fmt.Sprintf("group.%d.lr", gi), g.LR)
		s.setScalar(fmt.Sprintf("group.%d.initial_lr", gi), g.InitialLR)
		for _, p := range g.Params {
			for _, n := range o.bufNames {
				s.setTensor(p.Name+"."+n, o.bufs[n][i])
			}
			i++
		}
	}
	return s
}

// Import implements Optimizer. It checks everything before changing
// anything: the step count must be an integer in [0, 2^53), each group's
// "lr" and "initial_lr" finite and >= 0, and every buffer finite, of its
// parameter's size; a bad value gives a *StateError naming the entry.
func (o *optimBase) Import(s *State) error {
	step, err := s.count("step")
	if err != nil {
		return err
	}
	lrs := make([][2]float64, len(o.groups))
	var bufs [][]float32 // in the order of the copy below
	for gi, g := range o.groups {
		for j, k := range []string{"lr", "initial_lr"} {
			if lrs[gi][j], err = s.rate(fmt.Sprintf("group.%d.%s", gi, k)); err != nil {
				return err
			}
		}
		for _, p := range g.Params {
			for _, n := range o.bufNames {
				v, err := s.finiteTensor(p.Name+"."+n, len(p.Value.Data))
				if err != nil {
					return err
				}
				bufs = append(bufs, v)
			}
		}
	}
	i, b := 0, 0
	for gi, g := range o.groups {
		for range g.Params {
			for _, n := range o.bufNames {
				copy(o.bufs[n][i], bufs[b])
				b++
			}
			i++
		}
		g.LR, g.InitialLR = lrs[gi][0], lrs[gi][1]
	}
	o.step = step
	o.bounds.known = false
	return nil
}
