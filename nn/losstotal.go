package nn

// BatchLossTotal returns the total over a batch of rows samples of loss, a
// value l.Forward returned for that batch: loss·rows for a mean-reduced
// loss, loss itself for a sum-reduced one (Reduction Sum). Summing the
// totals of a dataset's batches and dividing by its samples gives the
// per-sample mean loss, as Evaluate reports it. Losses of other packages
// count as mean-reduced.
func BatchLossTotal(l Loss, loss float64, rows int) float64 {
	return loss * sampleWeight(l, rows)
}
