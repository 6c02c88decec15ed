package nn

import "fmt"

// EvalBatchError is Sequential.CheckEvalBatches' refusal: evaluating N
// samples in batches of BatchSize (cut as Sequential.EvalBatchEnd cuts
// them) would run a batch of Rows samples, 1 for every layer brawn has,
// that a layer cannot evaluate because it normalises with its batch's
// statistics (see Sequential.BatchStatistics). Err is that layer's error,
// naming it. Callers that can offer another remedy than a larger batch
// (a larger set, a flag) take it with errors.As and word their own.
type EvalBatchError struct {
	N, BatchSize, Rows int
	Err                error
}

// Error is Err with the remedy for a caller of CheckEvalBatches: evaluate
// more samples at once when N is 1, else a batch size that leaves no
// batch of one.
func (e *EvalBatchError) Error() string {
	if e.N == 1 {
		return fmt.Sprintf("%v (1 sample to evaluate: evaluate 2 or more at once)", e.Err)
	}
	return fmt.Sprintf("%v (%d samples at batch size %d leave a batch of %d: use a batch size of 3 or more)", e.Err, e.N, e.BatchSize, e.Rows)
}

// Unwrap returns Err, so that errors.Is and errors.As see the layer's
// error.
func (e *EvalBatchError) Unwrap() error { return e.Err }

// reword returns e with remedy, a caller's, in place of Error's: the
// layer's error, then remedy in parentheses. errors.As still finds e.
func (e *EvalBatchError) reword(remedy string) error {
	return &reworded{msg: fmt.Sprintf("%v (%s)", e.Err, remedy), err: e}
}

// reworded is an error told in a caller's words.
type reworded struct {
	msg string
	err error
}

func (r *reworded) Error() string { return r.msg }
func (r *reworded) Unwrap() error { return r.err }
