package nn

import "fmt"

// updateRunning moves the running statistics towards the batch's mean and
// biased variance vr over m values: r = (1−f)·r + f·batch, with the
// unbiased variance vr·m/(m−1), f being the momentum or, for a cumulative
// average, 1/num_batches_tracked.
func updateRunning(st bnStats, mean, vr []float64, m int) {
	tracked := st.tracked.Count() + 1
	st.tracked.SetCount(tracked)
	f := st.momentum
	if st.cumulative {
		f = 1 / float64(tracked)
	}
	unbias := float64(m) / float64(m-1) // m > 1: checkBatch
	rm, rv := st.mean.Value.Data, st.vr.Value.Data
	for j := range rm {
		rm[j] = float32(float64((1-f)*float64(rm[j])) + float64(f*mean[j])) // unfused: see nn/doc.go
		rv[j] = float32(float64((1-f)*float64(rv[j])) + float64(f*vr[j]*unbias))
	}
}

// runningLog holds the batch statistics that the BatchNorm layers of a
// model would have folded into their running statistics during one
// data-parallel step, leaf after leaf, so that every rank can fold every
// rank's in leaf order: updateRunning is a chain of roundings, so the
// running statistics are one process's, bit for bit, only if each rank
// applies every leaf's update in the order one process does.
//
// A record is, in float64: the index of the layer's running_mean among
// the model's Buffers, the number of values m its statistics were taken
// over, its momentum, 1 for a cumulative average (else 0), then the C
// batch means and the C biased variances. A leaf's records follow the
// order of the layers' forward passes; its length is the same for every
// leaf (recordLen), so a rank knows how much each other rank sends from
// its number of leaves alone.
type runningLog struct {
	model *Sequential     // whose buffers bufs, index and per describe
	bufs  []*Buffer       // model.Buffers()
	index map[*Buffer]int // a running_mean buffer's position in bufs
	per   int             // recordLen(bufs)
	data  []float64
	all   []float64 // every rank's records, in rank order
}

// reset empties the log for a step of m.
func (l *runningLog) reset(m *Sequential) {
	if l.model != m {
		l.model, l.bufs, l.index = m, m.Buffers(), make(map[*Buffer]int)
		for i, b := range l.bufs {
			if b.local == "running_mean" {
				l.index[b] = i
			}
		}
		l.per = recordLen(l.bufs)
	}
	l.data = l.data[:0]
}

// add records the update of st's running statistics by a batch's mean and
// biased variance vr over m values.
func (l *runningLog) add(st bnStats, mean, vr []float64, m int) {
	i, ok := l.index[st.mean]
	if !ok {
		panic("nn: a BatchNorm layer outside the model logged its running statistics")
	}
	cumulative := 0.0
	if st.cumulative {
		cumulative = 1
	}
	l.data = append(l.data, float64(i), float64(m), st.momentum, cumulative)
	l.data = append(l.data, mean...)
	l.data = append(l.data, vr...)
}

// recordLen returns the length of one leaf's records for a model whose
// buffers are bufs: each layer with running statistics is run once a leaf.
func recordLen(bufs []*Buffer) int {
	n := 0
	for _, b := range bufs {
		if b.local == "running_mean" {
			n += 4 + 2*len(b.Value.Data)
		}
	}
	return n
}

// replayRunning applies the updates of records, in order, to the running
// statistics among bufs (running_mean, running_var and
// num_batches_tracked, consecutive, as a BatchNorm layer's Buffers lists
// them). It fails on records that do not fit bufs.
func replayRunning(bufs []*Buffer, records []float64) error {
	for len(records) > 0 {
		if len(records) < 4 {
			return fmt.Errorf("nn: a running-statistics record of %d values", len(records))
		}
		i := int(records[0])
		if i < 0 || i+2 >= len(bufs) || bufs[i].local != "running_mean" {
			return fmt.Errorf("nn: a running-statistics record for buffer %d of %d", i, len(bufs))
		}
		c := len(bufs[i].Value.Data)
		if len(records) < 4+2*c {
			return fmt.Errorf("nn: a running-statistics record of %d values for %d channels", len(records), c)
		}
		st := bnStats{momentum: records[2], cumulative: records[3] == 1, mean: bufs[i], vr: bufs[i+1], tracked: bufs[i+2]}
		updateRunning(st, records[4:4+c], records[4+c:4+2*c], int(records[1]))
		records = records[4+2*c:]
	}
	return nil
}
