package nn

// LossMean accumulates the losses of a data set's batches into the loss
// of the whole set, whatever the batch size and the order of the
// samples: the mean over the set that one batch of all of it would give.
// A mean-reduced loss counts each batch by the divisor of its Mean: its
// samples, or for CrossEntropyLoss with Weight or IgnoreIndex the weight
// of its labels (CrossEntropyLoss.MeanWeight), so that the set's loss is
// Σ w_{y_i}·l_i / Σ w_{y_i} over the samples not ignored, as
// torch.nn.CrossEntropyLoss(weight=w) on the whole set and
// sklearn.metrics.log_loss(sample_weight=w[y]) give. A sum-reduced loss
// (Reduction Sum) is a batch's total, and the set's loss is the totals'
// sum over the set's samples. Losses of other packages count as
// mean-reduced over their samples. The zero value is an empty set.
type LossMean struct {
	total, divisor float64
}

// Add adds loss, the value l.Forward returned for a batch of rows
// samples whose class labels are labels (nil for targets).
func (m *LossMean) Add(l Loss, loss float64, rows int, labels []int) {
	if isSum(l) {
		m.total += loss
		m.divisor += float64(rows)
		return
	}
	w := float64(rows)
	if lw, ok := l.(labelWeighted); ok && lw.weighted() && labels != nil {
		w = lw.MeanWeight(labels)
	}
	m.total += float64(loss * w) // unfused: see nn/doc.go
	m.divisor += w
}

// Mean returns the set's loss: 0 when its divisor is 0 (no batch, or
// every label ignored or of weight 0), as CrossEntropyLoss's Mean of
// such a batch.
func (m *LossMean) Mean() float64 {
	if m.divisor == 0 {
		return 0
	}
	return m.total / m.divisor
}

// sampleWeight is the weight of a batch loss of n samples in the epoch's
// per-sample training loss (EpochInfo.TrainLoss): n for mean-reduced
// losses, 1 for sum-reduced ones (whose batch loss is already a total).
func sampleWeight(l Loss, n int) float64 {
	if isSum(l) {
		return 1
	}
	return float64(n)
}

// isSum reports whether l is reduced by summing, its batch loss a total
// rather than a mean.
func isSum(l Loss) bool {
	r, ok := l.(interface{ reduction() Reduction })
	return ok && r.reduction() == Sum
}
