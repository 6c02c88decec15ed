package run

import (
	"fmt"
	"slices"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// sameData refuses to resume on training or validation data (how the
// run used them: "trained", "validated") other than the run's (saved,
// from the checkpoint); a checkpoint that records none (an older file) is
// not checked. now is nil for a run without a validation set, which the
// CLI's recorded flags rule out but a library Config may be.
func sameData(how string, saved *model.DataIdentity, checkpoint string, now *model.DataIdentity) error {
	if saved == nil || (now != nil && saved.Matches(now)) {
		return nil
	}
	if now == nil {
		return fmt.Errorf("%s was %s on %s, but this run has no validation set; resume with the data it was %s on", checkpoint, how, saved.Source, how)
	}
	return fmt.Errorf("%s was %s on other data: %s gave %d samples of %d features (checksum %s), %s gives %d samples of %d features (checksum %s); resume with the data it was %s on",
		checkpoint, how, saved.Source, saved.Samples, saved.Features, saved.Checksum, now.Source, now.Samples, now.Features, now.Checksum, how)
}

// networkDifference says where a resumed checkpoint's network first
// differs from the one built for this run, so that a long module string
// need not be compared by eye: a layer, the number of layers, or the
// sample shape.
func networkDifference(saved *model.Model, net *nn.Sequential) string {
	if !slices.Equal(saved.Net.InShape(), net.InShape()) {
		return fmt.Sprintf("samples of shape %v, not %v", net.InShape(), saved.Net.InShape())
	}
	a, errA := saved.Spec()
	b, errB := model.SpecOf(net)
	if errA != nil || errB != nil {
		return "the networks differ"
	}
	for i := range min(len(a.Layers), len(b.Layers)) {
		if x, y := a.Layers[i].String(), b.Layers[i].String(); x != y {
			return fmt.Sprintf("layer %d is %s, not %s", i, y, x)
		}
	}
	if len(a.Layers) == len(b.Layers) {
		return "the networks differ"
	}
	return fmt.Sprintf("%d layers, not %d", len(b.Layers), len(a.Layers))
}
