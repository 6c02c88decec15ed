package data

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// CSVOptions.Context stops the reading at the next progressRows rows
// once it is done, with its cause, naming the file and the rows read;
// the last report says the reading ended.
func TestCSVContextStopsReading(t *testing.T) {
	stop := errors.New("interrupted by test")
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var got []ReadProgress
	_, err := DecodeCSV("big.csv", progressCSV(4*progressRows), CSVOptions{Context: ctx, Progress: func(r ReadProgress) {
		got = append(got, r)
		cancel(stop) // as a signal during the first rows
	}})
	require.ErrorIs(t, err, stop)
	require.ErrorContains(t, err, "big.csv: reading stopped after 1024 rows")
	require.Len(t, got, 2)
	require.True(t, got[1].Done)
	require.Equal(t, progressRows, got[1].Rows)

	d, err := DecodeCSV("big.csv", progressCSV(4*progressRows), CSVOptions{Context: context.Background()})
	require.NoError(t, err)
	require.Equal(t, 4*progressRows, d.Len())
}
