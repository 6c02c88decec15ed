package run

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A DataConfig that Validate refuses is left as it was given, so that a
// caller printing it afterwards shows the settings that were refused, not
// blanks or half-normalized ones; one it accepts is normalized.
func TestDataConfigValidateKeepsRefusedSettings(t *testing.T) {
	for _, tc := range []struct {
		name      string
		d         DataConfig
		needTrain bool
		err       string
	}{
		{"data", DataConfig{Data: "cifar"}, false, "--data"},
		{"header", DataConfig{Test: "t.csv", Header: "maybe", Delimiter: "tab"}, false, "--header"},
		{"delimiter", DataConfig{Test: "t.csv", Header: "YES", Delimiter: ";;"}, false, "--delimiter"},
		{"task", DataConfig{Test: "t.csv", Header: "No", Delimiter: ",", Task: "clustering"}, false, "--task"},
		{"task with data", DataConfig{Data: "MNIST", Header: "Auto", Delimiter: ",", Task: "Regression"}, false, "--task"},
		{"normalize", DataConfig{Train: "a.csv", Test: "t.csv", Header: "auto", Delimiter: ",", Task: "Classification", Normalize: "zscore"}, true, "--normalize"},
	} {
		d := tc.d
		require.ErrorContains(t, d.Validate(tc.needTrain), tc.err, tc.name)
		assert.Equal(t, tc.d, d, tc.name)
	}

	d := DataConfig{Data: "MNIST", Header: " Yes", Delimiter: "tab", Task: "Classification"}
	require.NoError(t, d.Validate(false))
	assert.Equal(t, DataConfig{Data: "mnist", Header: "yes", Delimiter: "\t", Task: "classification"}, d)
}
