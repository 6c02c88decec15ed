package run

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// DataConfig.Progress is given the reading of each CSV file a run loads,
// to its end; files as small as these show nothing on Err.
func TestTrainTellsProgressOfEachFile(t *testing.T) {
	c := blobConfig(t)
	train, test := c.Data.Train, c.Data.Test
	var done []data.ReadProgress
	c.Data.Progress = func(path string) func(data.ReadProgress) {
		return func(r data.ReadProgress) {
			require.Equal(t, path, r.Source)
			if r.Done {
				done = append(done, r)
			}
		}
	}
	var errw bytes.Buffer
	c.Err = &errw
	require.NoError(t, c.Validate(nil))
	require.NoError(t, Train(context.Background(), &c))
	require.Len(t, done, 2)
	assert.Equal(t, []string{train, test}, []string{done[0].Source, done[1].Source})
	assert.Equal(t, []int{300, 150}, []int{done[0].Rows, done[1].Rows})

	c.Data.Progress = nil
	errw.Reset()
	require.NoError(t, Train(context.Background(), &c))
	assert.NotContains(t, errw.String(), "loading", "small files show no progress")
}
