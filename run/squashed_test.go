package run

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// A --model that ends in a Softmax, or a Sigmoid, before a loss that
// takes logits trains as PyTorch would (the loss of the outputs taken as
// logits), with a warning before training that names the layer and says
// to drop it; a network ending in logits, or a loss that takes the
// outputs as they are, gets none.
func TestSquashedOutputsWarning(t *testing.T) {
	for _, c := range []struct {
		module, loss, want string
	}{
		{"Sequential(Linear(4, 8), ReLU(), Linear(8, 3), Softmax(dim=1))", "", "warning: --model ends in layer 3, Softmax(dim=1), which turns the outputs into probabilities, " +
			"but the cross-entropy loss takes logits and applies log-softmax itself, as PyTorch's CrossEntropyLoss does (Keras warns of the same): " +
			"training then squashes the outputs twice, which slows it, and the loss cannot fall below 0.5514 even for certain outputs; drop the Softmax " +
			"(brawn predict reports the softmax of the outputs as the class probabilities either way)\n"},
		{"Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n  (1): Sigmoid()\n)", "", "warning: --model ends in layer 1, Sigmoid(), which squashes each output into (0, 1), " +
			"but the cross-entropy loss takes logits and applies log-softmax itself"},
		{"Sequential(Linear(4, 8), ReLU(), Linear(8, 3))", "", ""},
		{"Sequential(Linear(4, 3), Softmax(dim=1))", "mse", ""},
		{"Sequential(Linear(4, 3), Softmax(dim=1), Dropout(0.1))", "", ""},
	} {
		cfg := blobConfig(t)
		cfg.Model, cfg.InputShape = c.module, nil
		if c.loss != "" {
			cfg.Loss = c.loss
		}
		var out, errOut bytes.Buffer
		cfg.Out, cfg.Err = &out, &errOut
		require.NoError(t, cfg.Validate(nil), c.module)
		require.NoError(t, Train(context.Background(), &cfg), c.module)
		if c.want == "" {
			assert.NotContains(t, errOut.String(), "warning: --model ends", c.module)
			continue
		}
		assert.Contains(t, errOut.String(), c.want, c.module)
	}
}

// --loss bce, which applies the sigmoid itself, warns of a last Sigmoid
// and of a Softmax over its one output.
func TestSquashedOutputsWarningBCE(t *testing.T) {
	for module, want := range map[string]string{
		"Sequential(Linear(4, 1), Sigmoid())":      "warning: --model ends in layer 1, Sigmoid(), which squashes each output into (0, 1), but --loss bce takes a logit and applies the sigmoid itself",
		"Sequential(Linear(4, 1), Softmax(dim=1))": "but the softmax of the one output --loss bce trains is always 1, so the network cannot learn; drop the Softmax",
		"Sequential(Linear(4, 1))":                 "",
	} {
		spec, err := model.ParseModule(module)
		require.NoError(t, err)
		net, err := spec.Build()
		require.NoError(t, err)
		got := squashedOutputsWarning(net, &spec, nn.NewBCEWithLogitsLoss())
		if want == "" {
			assert.Empty(t, got, module)
			continue
		}
		assert.Contains(t, got, want, module)
	}
}
