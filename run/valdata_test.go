package run

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// A library run resumed without the validation set its checkpoint records
// (Config's settings are not compared with the recorded ones, as the CLI's
// flags are) is refused, naming the set.
func TestResumeWithoutValSet(t *testing.T) {
	c := blobConfig(t)
	dir := t.TempDir()
	val, save := filepath.Join(dir, "val.csv"), filepath.Join(dir, "m.safetensors")
	writeBlobs(t, val, 90, 2)
	c.Save, c.Out = save, &bytes.Buffer{}
	r := c
	r.Resume, r.Epochs = save, 2
	c.Data.Val = val
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c))

	require.NoError(t, r.Validate(nil))
	err := Train(context.Background(), &r)
	require.EqualError(t, err, save+" was validated on "+val+", but this run has no validation set; resume with the data it was validated on")
}
