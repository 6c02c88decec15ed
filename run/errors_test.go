package run

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOneOf(t *testing.T) {
	v, err := oneOf("optimizer", " Adam ", "sgd", "adam")
	require.NoError(t, err)
	assert.Equal(t, "adam", v)
	_, err = oneOf("optimizer", "lbfgs", "sgd", "adam")
	require.EqualError(t, err, `invalid --optimizer "lbfgs": want one of sgd, adam`)
}
