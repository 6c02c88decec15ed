package nn

// stepUndo keeps what a Trainer needs to take back a training step that
// met a non-finite value: the model's buffers and RNG state from before
// the forward pass, and, for an optimizer of another package (this
// package's back themselves up, see stepGuard), the weights from before
// the update. Its slices are allocated once and reused.
type stepUndo struct {
	buffers      [][]float32
	counts       []int64 // one per buffer, in order: an Int64 buffer's count, else 0
	hasRNG       bool
	rngHi, rngLo uint64
	weights      [][]float32
}

// saveModel records m's buffers (BatchNorm1d's running statistics) and its
// RNG (Dropout's) before a forward pass moves them.
func (u *stepUndo) saveModel(m *Sequential) {
	u.buffers = backup(u.buffers, len(m.Buffers()), func(i int) []float32 { return m.Buffers()[i].Value.Data })
	u.counts = u.counts[:0]
	for _, b := range m.Buffers() {
		u.counts = append(u.counts, b.n)
	}
	u.hasRNG = m.RNG() != nil
	if u.hasRNG {
		u.rngHi, u.rngLo = m.RNG().State()
	}
}

// restoreModel puts back what saveModel recorded.
func (u *stepUndo) restoreModel(m *Sequential) {
	for i, b := range m.Buffers() {
		copy(b.Value.Data, u.buffers[i])
		b.n = u.counts[i]
	}
	if u.hasRNG && m.RNG() != nil {
		m.RNG().SetState(u.rngHi, u.rngLo)
	}
}

// step runs opt's update and returns a *NonFiniteError, with the update
// undone, when it left a weight or an optimizer buffer not finite. An
// optimizer of another package has only its weights checked and restored.
// gnorm is the global norm of m's gradients (before clipping): an update
// proven finite from it (provenOptimizer) runs without a backup.
func (u *stepUndo) step(m *Sequential, opt Optimizer, gnorm float64) error {
	if p, ok := opt.(provenOptimizer); ok && p.proveStep(m.Params(), gnorm) {
		opt.Step()
		p.endProvenStep()
		return nil
	}
	if g, ok := opt.(guardedOptimizer); ok {
		g.armGuard()
		opt.Step()
		if !g.disarmGuard() {
			return nil
		}
		e := g.nonFiniteState(m)
		g.undoStep()
		return e
	}
	params := m.Params()
	u.weights = backup(u.weights, len(params), func(i int) []float32 { return params[i].Value.Data })
	opt.Step()
	for _, p := range params {
		if allFinite(p.Value.Data) {
			continue
		}
		e := &NonFiniteError{Quantity: QuantityWeight}
		e.nonFiniteIn(m, p, p.Value.Data)
		for i, q := range params {
			copy(q.Value.Data, u.weights[i])
		}
		return e
	}
	return nil
}

// backup copies n slices, src(0) … src(n-1), into dst, (re)allocating dst's
// slices only when their number or lengths change, and returns dst.
func backup(dst [][]float32, n int, src func(int) []float32) [][]float32 {
	if len(dst) != n {
		dst = make([][]float32, n)
	}
	for i := range dst {
		s := src(i)
		if len(dst[i]) != len(s) {
			dst[i] = make([]float32, len(s))
		}
		copy(dst[i], s)
	}
	return dst
}
