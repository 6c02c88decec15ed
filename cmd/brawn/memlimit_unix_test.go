//go:build unix

package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A network too large for the address-space limit (ulimit -v), though
// not for the machine, is refused up front with the limit named, not
// ended by the runtime's out-of-memory error and its trace.
func TestNetworkBeyondAddressSpaceLimitRefused(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to set ulimit -v with")
	}
	bin := brawnBinary(t)
	train, test := blobFiles(t)
	// 4-20000-20000-3: 400M parameters, 6.4 GB with Adam, against 3 GB.
	cmd := exec.Command(bash, "-c", `ulimit -v 3000000 && exec "$0" "$@"`, bin, "train", "--train", train, "--test", test,
		"--label-col", "species", "--layers", "20000,20000", "--save", filepath.Join(t.TempDir(), "m.safetensors"))
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "%v: %s", err, out)
	assert.Equal(t, 1, ee.ExitCode(), "%s", out)
	assert.Contains(t, string(out), "the network 4-20000-20000-3 needs about 6.")
	assert.Contains(t, string(out), "of memory available (the address-space limit, ulimit -v, less what the process has); use smaller --layers or --batch")
	assert.NotContains(t, string(out), "fatal error")
	assert.NotContains(t, string(out), "goroutine")
}
