package nn

import "errors"

// unbuilt says why a Sequential that NewSequential did not make cannot run.
const unbuilt = "the Sequential was not built: make it with nn.NewSequential(in, layers...), which gives the layers their input shapes, parameters and buffers (a Sequential struct literal has none)"

// ErrUnbuilt is returned (Trainer.Fit, Evaluate, Predict, model.Save) for
// a Sequential that NewSequential did not make, such as
// &Sequential{Layers: ...}: it has no input shape, parameters or buffers.
var ErrUnbuilt = errors.New("nn: " + unbuilt)

// CheckBuilt returns ErrUnbuilt if s was not made by NewSequential, nil
// otherwise.
func (s *Sequential) CheckBuilt() error {
	if s.in == nil {
		return ErrUnbuilt
	}
	return nil
}
