package nn

import "fmt"

// fill sets every element of x to v.
func fill(x []float32, v float32) {
	for i := range x {
		x[i] = v
	}
}

// bnStats is what batchNormPass reads of a batch normalisation layer: its
// settings, its parameters (nil without affine) and its running
// statistics (nil without track_running_stats). BatchNorm1d and
// BatchNorm2d make, list, reset and print their parameters and buffers
// through it.
type bnStats struct {
	eps, momentum     float64
	cumulative        bool
	weight, bias      *Param
	mean, vr, tracked *Buffer
	log               *runningLog // nil: update the running statistics at once
}

// newBNStats returns the settings of a batch normalisation layer over c
// channels made by its constructor op (PyTorch's defaults, eps 1e-5 and
// momentum 0.1) and its parameters (with affine) and running statistics
// (with trackRunningStats) at their initial values. It panics, naming op,
// if c < 1.
func newBNStats(op string, c int, affine, trackRunningStats bool) bnStats {
	if c < 1 {
		panic(fmt.Sprintf("%s: features = %d must be positive", op, c))
	}
	st := bnStats{eps: 1e-5, momentum: 0.1}
	if affine {
		st.weight = newParam("weight", KindNorm, c)
		st.bias = newParam("bias", KindNorm, c)
	}
	if trackRunningStats {
		st.mean = &Buffer{local: "running_mean", Name: "running_mean", Value: NewTensor(c)}
		st.vr = &Buffer{local: "running_var", Name: "running_var", Value: NewTensor(c)}
		st.tracked = newCounter("num_batches_tracked")
	}
	st.reset()
	return st
}

// bnStatsOf returns the bnStats of a layer with these settings,
// parameters and running statistics, logging its running updates where
// env (nil before Build) says.
func bnStatsOf(eps, momentum float64, cumulative bool, weight, bias *Param, mean, vr, tracked *Buffer, env *Env) bnStats {
	st := bnStats{eps: eps, momentum: momentum, cumulative: cumulative, weight: weight, bias: bias, mean: mean, vr: vr, tracked: tracked}
	if env != nil {
		st.log = env.running
	}
	return st
}

// reset sets weight 1, bias 0, running_mean 0, running_var 1 and
// num_batches_tracked 0, as far as they exist (PyTorch's
// reset_parameters).
func (st bnStats) reset() {
	if st.weight != nil {
		fill(st.weight.Value.Data, 1)
		clear(st.bias.Value.Data)
	}
	if st.mean != nil {
		clear(st.mean.Value.Data)
		fill(st.vr.Value.Data, 1)
		st.tracked.SetCount(0)
	}
}

// params returns weight and bias, or none without affine.
func (st bnStats) params() []*Param {
	if st.weight == nil {
		return nil
	}
	return []*Param{st.weight, st.bias}
}

// buffers returns running_mean, running_var and num_batches_tracked, or
// none without running statistics.
func (st bnStats) buffers() []*Buffer {
	if st.mean == nil {
		return nil
	}
	return []*Buffer{st.mean, st.vr, st.tracked}
}

// batchStats reports whether a pass in the given mode normalises with the
// batch statistics: in training, and always without running statistics.
func (st bnStats) batchStats(training bool) bool { return training || st.mean == nil }

// refuses reports whether PyTorch refuses a pass in the given mode with
// values values per channel (_verify_batch_size): one value has no
// variance, where the batch statistics are used.
func (st bnStats) refuses(values int, training bool) bool {
	return st.batchStats(training) && values == 1
}

// repr spells a layer of type typ over c channels as PyTorch prints it
// (_NormBase.extra_repr): "BatchNorm2d(4, eps=1e-05, momentum=None,
// affine=False, track_running_stats=True)".
func (st bnStats) repr(typ string, c int) string {
	momentum := fmt.Sprintf("%g", st.momentum)
	if st.cumulative {
		momentum = "None"
	}
	return fmt.Sprintf("%s(%d, eps=%g, momentum=%s, affine=%s, track_running_stats=%s)",
		typ, c, st.eps, momentum, pyBool(st.weight != nil), pyBool(st.mean != nil))
}
