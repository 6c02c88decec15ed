//go:build unix

package atomicfile

import (
	"bufio"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"
)

// startHelper runs the test named test of this binary in a new process
// with the environment variable env set to target, and returns once that
// process has printed ready. The helper blocks reading its stdin, which
// stays open until the test ends, so that only a kill ends it early.
func startHelper(t *testing.T, test, env, target, ready string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), env+"="+target)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		in.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, ready+"\n", line, "the helper %s reports", test)
	return cmd
}

// killHelper kills a helper with SIGKILL and waits until it is gone,
// its flocks with it.
func killHelper(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	require.NoError(t, cmd.Process.Kill())
	require.ErrorContains(t, cmd.Wait(), "killed")
}

// helperBlock waits, in a helper, until the test kills it.
func helperBlock() {
	bufio.NewReader(os.Stdin).ReadString('\n')
	os.Exit(0)
}
