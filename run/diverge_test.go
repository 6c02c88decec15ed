package run

import (
	"math"
	"testing"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The CLI's message for each quantity nn reports.
func TestNonFiniteErrorMessages(t *testing.T) {
	net, err := nn.NewSequential(4, nn.NewLinear(4, 16), nn.NewReLU(), nn.NewLinear(16, 3))
	require.NoError(t, err)
	r := &trainRun{cfg: &Config{LR: 0.5, ClipNorm: 2, Arch: model.MLP{BatchNorm: true}, Data: DataConfig{Normalize: "standard"}}, net: net, ckpt: &callbacks.Checkpoint{}}
	at := nn.NonFiniteError{Epoch: 3, Step: 4, GlobalStep: 44}
	for _, c := range []struct {
		e    nn.NonFiniteError
		want string
	}{
		{nn.NonFiniteError{Quantity: nn.QuantityLoss, Layer: -1, Index: -1, Value: 3.4e44}, "the loss 3.4e+44 is beyond float32's range"},
		{nn.NonFiniteError{Quantity: nn.QuantityLoss, Layer: -1, Index: -1, Value: math.NaN()}, "the loss is NaN"},
		{nn.NonFiniteError{Quantity: nn.QuantityGradient, Layer: 2, Param: "2.bias", Index: 1, Value: math.NaN()}, "the gradient of 2.bias in layer 2 (Linear 16->3) is NaN at element 1"},
		{nn.NonFiniteError{Quantity: nn.QuantityGradient, Layer: 0, Param: "0.weight", Index: -1, Value: math.Inf(1)}, "the gradient of 0.weight in layer 0 (Linear 4->16) overflows float32 (its norm is +Inf)"},
		{nn.NonFiniteError{Quantity: nn.QuantityWeight, Layer: 0, Param: "0.weight", Index: 7, Value: math.Inf(-1)}, "the update would make the weight 0.weight in layer 0 (Linear 4->16) -Inf at element 7"},
		{nn.NonFiniteError{Quantity: nn.QuantityOptimizerState, Layer: 2, Param: "2.weight", Buffer: "exp_avg_sq", Index: 0, Value: math.Inf(1)}, "the update would make the optimizer's exp_avg_sq for 2.weight in layer 2 (Linear 16->3) +Inf at element 0"},
	} {
		e := c.e
		e.Epoch, e.Step, e.GlobalStep = at.Epoch, at.Step, at.GlobalStep
		err := r.nonFiniteError(&e)
		assert.Equal(t, "training stopped at epoch 3, step 4 (global step 44): "+c.want+", so the step's update was not applied; no checkpoint was written (add --save FILE to keep one per epoch). Try a lower --lr (now 0.5), or a lower --clip-norm (now 2)", err.Error())
	}
}
