package main

import (
	"context"
	"encoding/binary"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlippedWeightByteIsRefused: a byte flipped in a saved weight (which
// can turn it into -1.6e32 and still evaluate fine) or a digit of the
// saved shuffle state (which silently changed the resumed run) makes eval
// and resume fail, naming the file and tensor.
func TestFlippedWeightByteIsRefused(t *testing.T) {
	model, train, test := trainCheckpoint(t)
	b, err := os.ReadFile(model)
	require.NoError(t, err)
	start := 8 + int(binary.LittleEndian.Uint64(b))
	bad := model + ".bad"
	b[start+5] ^= 0x40 // a byte of the first tensor, 0.weight
	require.NoError(t, os.WriteFile(bad, b, 0o644))
	_, _, err = runCLI(context.Background(), "eval", "--model", bad, "--test", test, "--label-col", "species")
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad+`: corrupt file: tensor "0.weight" fails its CRC-32C checksum`)

	b[start+5] ^= 0x40
	key := `"brawn.state.trainer.shuffle.lo":"u:`
	i := strings.Index(string(b[:start]), key)
	require.Positive(t, i)
	j := i + len(key) + 3
	b[j] = '0' + (b[j]-'0'+1)%10 // a digit of the saved shuffle state
	require.NoError(t, os.WriteFile(bad, b, 0o644))
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", bad, "--epochs", "3")...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad+": corrupt file: the metadata fails its CRC-32C checksum")
}
