package tensorboard

import "strings"

// The tags brawn logs. Tags group in TensorBoard by the part before the
// first slash. The writer (brawn train --logdir) and the readers (brawn
// plot, library users) share these names.
//
// Per optimizer step, the x axis being the global step (1, 2, ...):
const (
	TagBatchLoss = "loss/train_batch" // the loss of the step's batch
	TagStepLR    = "lr/step"          // the learning rate the step used
)

// Per epoch, the x axis being the epoch (1, 2, ...): the metric tags
// MetricTag(metric, split), and
const (
	TagEpochLR       = "lr/epoch"              // the learning rate at the epoch's end
	TagSamplesPerSec = "speed/samples_per_sec" // training samples per second
	// TagGradNorm is the global L2 norm of the gradients (every
	// parameter's, the penalties included) before clipping, the mean
	// over the epoch's steps (nn.EpochInfo.MeanGradNorm): the size of
	// the gradients clipping hides from the layers' HealthGradNorm.
	TagGradNorm = "health/grad_norm"
)

// Metrics, in MetricTag. A classifier logs loss and accuracy (a fraction),
// a regression loss, R², MSE and MAE (in the targets' units).
const (
	MetricLoss     = "loss"
	MetricAccuracy = "accuracy"
	MetricR2       = "r2"
	MetricMSE      = "mse"
	MetricMAE      = "mae"
)

// Data splits, in MetricTag.
const (
	SplitTrain = "train"
	SplitVal   = "val" // held out for validation (brawn train --val-split)
	SplitTest  = "test"
)

// MetricTag returns the per-epoch tag of metric on split, e.g.
// MetricTag(MetricLoss, SplitTrain) is "loss/train".
func MetricTag(metric, split string) string { return metric + "/" + split }

// Per-parameter histograms, per epoch: WeightsPrefix + name holds the
// parameter's values at the epoch's end and GradientsPrefix + name its
// gradient at the epoch's last step, name being its PyTorch state_dict
// name ("0.weight").
const (
	WeightsPrefix   = "weights/"
	GradientsPrefix = "gradients/"
)

// Health statistics of each Linear and Conv2d layer, per epoch, in
// HealthTag.
const (
	HealthWeightNorm       = "weight_norm"        // L2 norm of the weight (a matrix, or a Conv2d's kernels)
	HealthGradNorm         = "grad_norm"          // L2 norm of its gradient as the optimizer applied it at the epoch's last step: after the penalties and clipping
	HealthDeadReLUFraction = "dead_relu_fraction" // fraction of the following ReLU's units never active in the epoch
)

// HealthTag returns the tag of a health statistic of the layer of index
// layer, e.g. HealthTag("0", HealthGradNorm) is "health/0/grad_norm".
func HealthTag(layer, stat string) string { return "health/" + layer + "/" + stat }

// IsEpochMetric reports whether tag is a per-epoch metric or learning
// rate: TagEpochLR or MetricTag of a metric and split above. A step that
// has one is an epoch the run recorded.
func IsEpochMetric(tag string) bool {
	if tag == TagEpochLR {
		return true
	}
	metric, split, ok := strings.Cut(tag, "/")
	if !ok {
		return false
	}
	switch split {
	case SplitTrain, SplitVal, SplitTest:
	default:
		return false
	}
	switch metric {
	case MetricLoss, MetricAccuracy, MetricR2, MetricMSE, MetricMAE:
		return true
	}
	return false
}
