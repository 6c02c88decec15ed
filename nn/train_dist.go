package nn

import (
	"context"
	"errors"
	"fmt"
)

// RankError is the error a data-parallel Fit (Trainer.Comm) returns on
// every rank but the one that failed: that rank's number and its error's
// message. The failing rank returns its own error.
type RankError struct {
	Rank int    // the failed rank, from 0
	Msg  string // its error's message
}

// Error implements error: the failed rank and its error's message.
func (e *RankError) Error() string { return fmt.Sprintf("nn: rank %d: %s", e.Rank, e.Msg) }

// distributed reports whether Fit is data-parallel: a Comm of more than
// one rank.
func (t *Trainer) distributed() bool { return t.Comm != nil && t.Comm.Size() > 1 }

// What a rank reports to the others at a point where they must agree, in
// increasing precedence.
const (
	statusOK     = 0
	statusStop   = 1 // ErrStop: end training without an error
	statusCancel = 2 // the context was cancelled
	statusError  = 3
)

func statusOf(err error) float64 {
	switch {
	case err == nil:
		return statusOK
	case errors.Is(err, ErrStop):
		return statusStop
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return statusCancel
	}
	return statusError
}

// header returns err's status and the length of its message, the two
// values a rank sends to agree.
func header(err error) (status, msgLen float64) {
	s := statusOf(err)
	if s == statusError {
		return s, float64(len(err.Error()))
	}
	return s, 0
}

// agree returns, on every rank of a data-parallel run, the outcome of a
// point where each rank has its own result err (nil, ErrStop, a
// cancelled context or an error): see settle. Without Comm it returns
// err.
func (t *Trainer) agree(err error) error {
	if !t.distributed() {
		return err
	}
	size := t.Comm.Size()
	s, n := header(err)
	lb := &t.leaves
	lb.counts = lb.counts[:0]
	for range size {
		lb.counts = append(lb.counts, 2)
	}
	lb.all = grow(&lb.all, 2*size)
	lb.scalars = append(lb.scalars[:0], s, n)
	if e := t.Comm.Allgather64(lb.scalars, lb.all, lb.counts); e != nil {
		return e
	}
	return t.settle(err, func(r int) (float64, float64) { return lb.all[2*r], lb.all[2*r+1] })
}

// settle returns what every rank returns given each rank's (status,
// message length), from hdr, and this rank's own result: the error of the
// lowest rank with an error (its own error there, a *RankError with the
// message it broadcasts elsewhere); else the context's error if any rank
// was cancelled; else ErrStop if any rank stopped; else nil.
func (t *Trainer) settle(own error, hdr func(r int) (status, msgLen float64)) error {
	c := t.Comm
	worst, who := float64(statusOK), -1
	for r := range c.Size() {
		if s, _ := hdr(r); s > worst {
			worst, who = s, r
		}
	}
	switch worst {
	case statusOK:
		return nil
	case statusStop, statusCancel:
		if statusOf(own) == worst {
			return own
		}
		if worst == statusStop {
			return ErrStop
		}
		return context.Canceled
	}
	_, n := hdr(who)
	msg := make([]byte, int(n))
	if who == c.Rank() {
		copy(msg, own.Error())
	}
	if err := c.BroadcastBytes(msg, who); err != nil {
		return err
	}
	if who == c.Rank() {
		return own
	}
	return &RankError{Rank: who, Msg: string(msg)}
}

// gatherLeaves completes leafGradients on every rank of a data-parallel
// run: it gathers every rank's status and leaves' losses and correct
// counts, then their gradient contributions (rank 0's fold of its leaves,
// the other ranks' leaves), and folds them in leaf order into the
// parameters' gradients. localErr is this rank's failure, if any; every
// rank then returns the failure (see settle).
func (t *Trainer) gatherLeaves(localErr error, leaves, p int) (float64, int, error) {
	c, lb := t.Comm, &t.leaves
	size := c.Size()
	lb.counts = lb.counts[:0]
	total := 0
	for r := range size {
		l0, l1 := leafRange(leaves, r, size)
		lb.counts = append(lb.counts, 2+2*(l1-l0))
		total += 2 + 2*(l1-l0)
	}
	own := lb.counts[c.Rank()]
	if localErr != nil {
		// Zeros in place of the leaves not computed: the counts stay.
		lb.scalars = lb.scalars[:2]
		for len(lb.scalars) < own {
			lb.scalars = append(lb.scalars, 0)
		}
	}
	lb.scalars[0], lb.scalars[1] = header(localErr)
	lb.all = grow(&lb.all, total)
	if err := c.Allgather64(lb.scalars, lb.all, lb.counts); err != nil {
		return 0, 0, err
	}
	at := 0
	lb.offsets = lb.offsets[:0]
	for r := range size {
		lb.offsets = append(lb.offsets, at)
		at += lb.counts[r]
	}
	offsets := lb.offsets
	hdr := func(r int) (float64, float64) { return lb.all[offsets[r]], lb.all[offsets[r]+1] }
	if err := t.settle(localErr, hdr); err != nil {
		return 0, 0, err
	}
	var loss float64
	correct := 0
	vecs := 0
	for r := range size {
		l, n := foldScalars(lb.all[offsets[r]+2 : offsets[r]+lb.counts[r]])
		loss += l
		correct += n
		l0, l1 := leafRange(leaves, r, size)
		if r == 0 {
			lb.counts[r] = min(l1-l0, 1) * p
		} else {
			lb.counts[r] = (l1 - l0) * p
		}
		vecs += lb.counts[r] / p
	}
	lb.recv = grow(&lb.recv, vecs*p)
	if err := c.Allgather(lb.acc, lb.recv, lb.counts); err != nil {
		return 0, 0, err
	}
	params := t.Model.Params()
	acc := lb.recv[:p]
	if vecs == 1 {
		scatterGrads(params, acc)
	}
	for k := 1; k < vecs; k++ {
		if k == vecs-1 {
			scatterGrads(params, lb.recv[k*p:(k+1)*p])
			addGrads(nil, acc, params)
			break
		}
		addGradsFlat(acc, lb.recv[k*p:(k+1)*p])
	}
	if err := t.foldRunning(leaves); err != nil {
		return 0, 0, err
	}
	return loss, correct, nil
}

// foldRunning gathers every rank's leaves' BatchNorm statistics and folds
// them into the running statistics in leaf order, on every rank, as one
// process folds them leaf after leaf: the running statistics, and what
// evaluation and checkpoints see, are one process's for any number of
// ranks, even a rank that computed no leaf.
func (t *Trainer) foldRunning(leaves int) error {
	c, lb := t.Comm, &t.leaves
	bufs, per := lb.running.bufs, lb.running.per
	if per == 0 {
		return nil
	}
	lb.counts = lb.counts[:0]
	total := 0
	for r := range c.Size() {
		l0, l1 := leafRange(leaves, r, c.Size())
		lb.counts = append(lb.counts, (l1-l0)*per)
		total += (l1 - l0) * per
	}
	if len(lb.running.data) != lb.counts[c.Rank()] {
		return fmt.Errorf("nn: rank %d logged %d values of BatchNorm statistics for its leaves, not %d", c.Rank(), len(lb.running.data), lb.counts[c.Rank()])
	}
	lb.running.all = grow(&lb.running.all, total)
	if err := c.Allgather64(lb.running.data, lb.running.all, lb.counts); err != nil {
		return err
	}
	return replayRunning(bufs, lb.running.all)
}

// startDistributed checks that every rank runs the same configuration
// from the same position, then broadcasts rank 0's weights and buffers.
func (t *Trainer) startDistributed(n int) error {
	c := t.Comm
	mine := []float64{float64(t.BatchSize), float64(t.leafSize()), float64(t.Epochs), float64(n),
		float64(t.epoch), float64(t.step), float64(t.global), float64(gradLen(t.Model.Params()))}
	names := []string{"batch size", "leaf size", "epochs", "training samples", "epoch", "step", "global step", "parameters"}
	size := c.Size()
	lb := &t.leaves
	lb.counts = lb.counts[:0]
	for range size {
		lb.counts = append(lb.counts, len(mine))
	}
	all := make([]float64, len(mine)*size)
	if err := c.Allgather64(mine, all, lb.counts); err != nil {
		return err
	}
	for r := 1; r < size; r++ {
		for i, name := range names {
			if a, b := all[i], all[r*len(mine)+i]; a != b {
				return fmt.Errorf("nn: the ranks of a data-parallel Fit disagree: rank 0 has %s %g, rank %d has %g", name, a, r, b)
			}
		}
	}
	var flat []float32
	for _, p := range t.Model.Params() {
		flat = append(flat, p.Value.Data...)
	}
	if err := c.Broadcast(flat, 0); err != nil {
		return err
	}
	at := 0
	for _, p := range t.Model.Params() {
		at += copy(p.Value.Data, flat[at:])
	}
	return t.syncBuffers()
}

// syncBuffers copies rank 0's buffers (the BatchNorm layers' running
// statistics) to every rank at the start, as the weights are; from there
// every step folds every rank's leaves into them alike (foldRunning).
func (t *Trainer) syncBuffers() error {
	bufs := t.Model.Buffers()
	if !t.distributed() || len(bufs) == 0 {
		return nil
	}
	var flat []float32
	for _, b := range bufs {
		flat = append(flat, b.Value.Data...)
	}
	if err := t.Comm.Broadcast(flat, 0); err != nil {
		return err
	}
	at := 0
	for _, b := range bufs {
		at += copy(b.Value.Data, flat[at:])
	}
	return nil
}

// shareHealth makes every rank's record of the ReLU units active in the
// epoch the union of all ranks' (each saw only its own leaves), so that
// the dead-unit fractions history, logs and health warnings report are
// one process's for any number of ranks. Sums of zeros and ones are
// exact in any order.
func (t *Trainer) shareHealth() error {
	if !t.distributed() || !t.Model.env.TrackHealth {
		return nil
	}
	buf := t.Model.healthRecord(t.leaves.health[:0])
	t.leaves.health = buf
	if len(buf) == 0 {
		return nil
	}
	if err := t.Comm.AllreduceSum(buf); err != nil {
		return err
	}
	t.Model.setHealthRecord(buf)
	return nil
}
