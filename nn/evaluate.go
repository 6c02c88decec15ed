package nn

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/data"
)

// Evaluate returns model's mean loss and accuracy on d in evaluation mode,
// in batches of batchSize (the last one shorter; see
// Sequential.EvalBatchEnd), in order; the model's mode is restored
// afterwards. The loss is the whole set's (see LossMean), so it does not
// depend on batchSize or on the order of d's samples: for a mean-reduced
// loss the mean over the samples, or with CrossEntropyLoss's Weight or
// IgnoreIndex the weighted mean Σ w_{y_i}·l_i / Σ w_{y_i} over the samples
// not ignored; for a sum-reduced one the total divided by the number of
// samples. The accuracy leaves the ignored samples out too (IgnoredLabel).
// It fails if an argument is nil, batchSize is not
// positive, d cannot be scored by model (no samples, features or
// classes other than the model's, no labels or targets), or a batch
// would be one sample where a layer normalises with the batch's
// statistics (see Sequential.CheckEvalBatches).
func Evaluate(model *Sequential, loss Loss, d *data.Dataset, batchSize int) (Metrics, error) {
	return EvaluateContext(context.Background(), model, loss, d, batchSize)
}

// EvaluateContext is Evaluate, which returns ctx's error, leaving the
// model as it was, once ctx is done before a batch: a long pass stops
// when the run is interrupted, as Fit's validation pass does.
func EvaluateContext(ctx context.Context, model *Sequential, loss Loss, d *data.Dataset, batchSize int) (Metrics, error) {
	if model == nil || loss == nil {
		return Metrics{}, errors.New("nn: Evaluate needs a model and a loss")
	}
	if err := model.CheckBuilt(); err != nil {
		return Metrics{}, err
	}
	if d == nil {
		return Metrics{}, errors.New("nn: Evaluate needs a data set (got nil)")
	}
	if batchSize <= 0 {
		return Metrics{}, fmt.Errorf("nn: batch size %d must be positive", batchSize)
	}
	if err := checkData(model, loss, d, "evaluation"); err != nil {
		return Metrics{}, err
	}
	if err := model.CheckEvalBatches(d.Len(), batchSize); err != nil {
		return Metrics{}, err
	}
	wasTraining := model.Training()
	model.Eval()
	defer func() {
		if wasTraining {
			model.Train()
		}
	}()
	n := d.Len()
	idx := make([]int, min(batchSize, n))
	var b Batch
	var argmax []int
	var total LossMean
	correct := 0
	for lo, hi := 0, 0; lo < n; lo = hi {
		if err := ctx.Err(); err != nil {
			return Metrics{}, err
		}
		hi = model.EvalBatchEnd(lo, n, batchSize)
		ids := idx[:hi-lo]
		for i := range ids {
			ids[i] = lo + i
		}
		if err := b.Gather(d, ids); err != nil {
			return Metrics{}, err
		}
		out := model.Forward(&b.X)
		l, err := loss.Forward(out, &b)
		if err != nil {
			return Metrics{}, err
		}
		total.Add(loss, l, hi-lo, b.Labels)
		if b.Labels != nil {
			correct += countCorrect(out, b.Labels, loss, &argmax)
		}
	}
	m := Metrics{Loss: total.Mean(), Accuracy: math.NaN(), Samples: n}
	if d.Y != nil {
		m.Accuracy = Accuracy(correct, n, CountIgnored(loss, d.Y, nil))
	}
	return m, nil
}
