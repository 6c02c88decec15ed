package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

type zeroSizeCallback struct{ BaseCallback }

// outerCallback's first field is a callback of its own, at its address.
type outerCallback struct {
	inner EarlyStopping
	BaseCallback
}

// A callback listed twice, or a nil pointer, is refused before training;
// two zero-size callbacks (which may share an address) are not.
func TestCallbackTwiceOrNilPointerRefused(t *testing.T) {
	es := &EarlyStopping{Patience: 1}
	tr := callbackTrainer(t, 1, BaseCallback{}, es, es)
	require.EqualError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil),
		"nn: Trainer.Callbacks[2] is Callbacks[1] (*nn.EarlyStopping) again; list a callback once")
	var none *EarlyStopping
	tr = callbackTrainer(t, 1, none)
	require.EqualError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil),
		"nn: Trainer.Callbacks[0] is a nil *nn.EarlyStopping")
	tr = callbackTrainer(t, 1, &zeroSizeCallback{}, &zeroSizeCallback{}, &EarlyStopping{Patience: 1}, &EarlyStopping{Patience: 1})
	require.NoError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil))
	outer := &outerCallback{inner: EarlyStopping{Patience: 1}}
	tr = callbackTrainer(t, 1, outer, &outer.inner)
	require.NoError(t, tr.Fit(context.Background(), blobs(t, 16, 8, 3, 1), nil), "a struct and its first field are two callbacks")
}
