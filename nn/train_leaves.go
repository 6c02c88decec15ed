package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/data"
)

// DefaultLeaf is the leaf size (Trainer.Leaf) of a data-parallel Trainer
// whose Leaf is 0. A single process reproduces such a run with Leaf set
// to it.
const DefaultLeaf = 32

// leafBuffers are a Trainer's buffers for batches computed in leaves,
// reused from step to step.
type leafBuffers struct {
	view Batch // one leaf's rows of Trainer.batch
	// acc holds this rank's contribution, the parameters' gradients
	// flattened in Params order: the fold of its leaves on rank 0 (and in
	// one process), each leaf's gradients on the other ranks.
	acc     []float32
	recv    []float32 // every rank's contribution, in rank order
	scalars []float64 // this rank's status and its leaves' losses and correct counts
	all     []float64 // every rank's scalars
	counts  []int
	offsets []int      // where each rank's scalars start in all
	running runningLog // this rank's leaves' BatchNorm statistics (data-parallel steps)
	health  []float32  // the ReLU units' activity, for shareHealth
	// labels and meanWeight are the whole batch's labels and the
	// Batch.MeanWeight of its leaves, for a loss that needs it
	// (labelWeighted).
	labels     []int
	meanWeight float64
}

// labelWeighted is a loss whose Mean divides by a weight of the labels,
// which a batch computed in leaves gives each leaf (Batch.MeanWeight).
type labelWeighted interface {
	weighted() bool
	MeanWeight(labels []int) float64
}

// setMeanWeight sets the Batch.MeanWeight of the leaves of the batch of
// samples idx of d, or of labels when d is nil.
func (t *Trainer) setMeanWeight(d *data.Dataset, idx, labels []int) {
	t.leaves.meanWeight = 0
	lw, ok := t.Loss.(labelWeighted)
	if !ok || !lw.weighted() {
		return
	}
	if d != nil {
		if d.Y == nil {
			return
		}
		lb := &t.leaves
		lb.labels = grow(&lb.labels, len(idx))
		for i, j := range idx {
			lb.labels[i] = d.Y[j]
		}
		labels = lb.labels
	}
	t.leaves.meanWeight = lw.MeanWeight(labels)
}

// checkLeaves refuses a Leaf the Trainer cannot compute with: a negative
// one, or a Loss of another package, which cannot be told to average over
// the whole batch (Batch.MeanRows).
func (t *Trainer) checkLeaves() error {
	if t.Leaf < 0 {
		return fmt.Errorf("nn: Trainer.Leaf %d is negative", t.Leaf)
	}
	if t.leafSize() == 0 {
		return nil
	}
	if _, ok := t.Loss.(interface{ reduction() Reduction }); !ok {
		return fmt.Errorf("nn: %s is not one of package nn's losses, which batches computed in leaves (Trainer.Leaf, Trainer.Comm) need", t.Loss.Name())
	}
	return nil
}

// checkLeafSizes is checkBatchSizes for the leaves a model trains on when
// batches are computed in leaves: a full leaf and the last leaf of a full
// batch and of the epoch's last batch, out of n training samples.
func (t *Trainer) checkLeafSizes(n int) error {
	g := t.leafSize()
	if g == 0 {
		return nil
	}
	for _, nb := range []int{min(t.BatchSize, n), n % t.BatchSize} {
		for _, rows := range []int{min(g, nb), nb % g} {
			if rows == 0 {
				continue
			}
			if err := t.Model.checkBatch(rows, true); err != nil {
				return fmt.Errorf("%w; batches of %d in leaves of %d (Trainer.Leaf) leave a leaf of %d: choose a leaf size that leaves a last leaf of at least 2, or none", err, nb, g, rows)
			}
		}
	}
	return nil
}

// leafPlan is how a global batch of nb samples splits into leaves of g
// samples, and the leaves [l0, l1), samples [lo, hi), this rank computes
// out of size ranks.
type leafPlan struct {
	g, nb, leaves  int
	rank, size     int
	l0, l1, lo, hi int
}

// planLeaves returns the plan of a batch of nb samples in leaves of g, on
// this rank of a data-parallel run if distributed, else in one process.
func (t *Trainer) planLeaves(nb, g int, distributed bool) leafPlan {
	p := leafPlan{g: g, nb: nb, leaves: (nb + g - 1) / g, size: 1}
	if distributed {
		p.rank, p.size = t.Comm.Rank(), t.Comm.Size()
	}
	p.l0, p.l1 = leafRange(p.leaves, p.rank, p.size)
	p.lo, p.hi = min(p.l0*g, nb), min(p.l1*g, nb)
	return p
}

// leafStep is step1 for a batch computed in leaves: b holds samples
// [plan.lo, plan.hi) of the global batch, or gatherErr says why it could
// not be filled.
func (t *Trainer) leafStep(b *Batch, plan leafPlan, gatherErr error) (loss float64, correct int, gnorm float64, err error) {
	m := t.Model
	t.undo.saveModel(m)
	defer func() {
		if err != nil {
			t.undo.restoreModel(m)
		}
	}()
	loss, correct, err = t.leafGradients(b, plan, gatherErr)
	if err != nil {
		return 0, 0, 0, err
	}
	loss, gnorm, err = t.update(loss)
	if err != nil {
		return loss, 0, gnorm, err
	}
	return loss, correct, gnorm, nil
}

// leafGradients sets the parameters' gradients to the fold, in leaf
// order, of the gradients of the leaves of a global batch, and returns
// the fold of the leaves' losses and the batch's correct count. b holds
// this rank's samples (see leafStep); in a data-parallel run the rank
// computes its leaves and gathers the others' (see package dist).
func (t *Trainer) leafGradients(b *Batch, plan leafPlan, gatherErr error) (float64, int, error) {
	g, nb, leaves := plan.g, plan.nb, plan.leaves
	rank, l0, l1, lo := plan.rank, plan.l0, plan.l1, plan.lo
	params := t.Model.Params()
	p := gradLen(params)
	lb := &t.leaves
	single := plan.size == 1
	vecs := l1 - l0 // gradient vectors this rank contributes
	if rank == 0 {
		vecs = min(vecs, 1)
	}
	lb.acc = grow(&lb.acc, vecs*p)
	lb.scalars = append(lb.scalars[:0], 0, 0) // status, message length

	rng := t.Model.RNG()
	var hi0, lo0 uint64
	if rng != nil {
		hi0, lo0 = rng.State()
	}
	if !single {
		// Each rank holds the running statistics back for the fold of
		// every rank's leaves in gatherLeaves.
		lb.running.reset(t.Model)
		t.Model.env.running = &lb.running
		defer func() { t.Model.env.running = nil }()
	}
	err := gatherErr
	for j := l0; j < l1 && err == nil; j++ {
		if rng != nil {
			rng.SetState(leafRNGState(hi0, lo0, j))
		}
		var l float64
		var c int
		l, c, err = t.leafPass(b, j*g-lo, min((j+1)*g, nb)-lo, nb)
		if err != nil {
			if nb > g {
				err = fmt.Errorf("samples %d to %d of the batch: %w", j*g, min((j+1)*g, nb)-1, err)
			}
			break
		}
		lb.scalars = append(lb.scalars, l, float64(c))
		switch {
		case rank > 0:
			flattenGrads(lb.acc[(j-l0)*p:(j-l0+1)*p], params)
		case j == l0 && (!single || leaves > 1):
			flattenGrads(lb.acc, params)
		case j > l0 && (!single || j < l1-1):
			addGrads(lb.acc, lb.acc, params)
		case j > l0: // one process's last leaf: its gradients become the fold
			addGrads(nil, lb.acc, params)
		}
	}
	if rng != nil {
		// The same next state on every rank, whichever leaves it drew.
		rng.SetState(hi0, lo0)
		rng.Uint64()
	}
	if single {
		if err != nil {
			return 0, 0, err
		}
		loss, correct := foldScalars(lb.scalars[2:])
		return loss, correct, nil
	}
	return t.gatherLeaves(err, leaves, p)
}

// leafPass runs the forward and backward passes of rows [r0, r1) of b, a
// leaf of a global batch of nb samples, and returns its loss (its share
// of the batch's mean) and correct count; its gradients are in the
// parameters' Grad.
func (t *Trainer) leafPass(b *Batch, r0, r1, nb int) (float64, int, error) {
	v := &t.leaves.view
	viewRows(&v.X, &b.X, r0, r1)
	v.Labels = nil
	if b.Labels != nil {
		v.Labels = b.Labels[r0:r1]
	}
	v.Targets.Data = nil
	if b.Targets.Data != nil {
		viewRows(&v.Targets, &b.Targets, r0, r1)
	}
	v.MeanRows, v.MeanWeight = nb, t.leaves.meanWeight
	out, loss, err := t.forwardBackward(v, false)
	if err != nil {
		return 0, 0, err
	}
	correct := 0
	if v.Labels != nil {
		correct = countCorrect(out, v.Labels, t.Loss, &t.argmax)
	}
	return loss, correct, nil
}

// viewRows makes dst rows [r0, r1) of the matrix src, sharing its storage.
func viewRows(dst, src *Tensor, r0, r1 int) {
	cols := src.Cols()
	dst.Data = src.Data[r0*cols : r1*cols]
	dst.shape[0], dst.shape[1] = r1-r0, cols
	dst.Shape = dst.shape[:2]
}

// leafRNGState derives leaf j's generator state from a step's starting
// state (hi, lo) with SplitMix64's finaliser (Steele et al. 2014), so that
// each leaf draws its own stream whichever rank computes it.
func leafRNGState(hi, lo uint64, j int) (uint64, uint64) {
	k := uint64(j) + 1
	return splitMix(hi ^ splitMix(k)), splitMix(lo + k*0x9e3779b97f4a7c15)
}

func splitMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
