//go:build unix

package atomicfile

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// startHelper runs the test named test of this binary in a new process
// with the environment variable env set to target, and returns once that
// process has printed ready. The helper blocks reading its stdin, which
// stays open until the test ends, so that only a kill ends it early.
func startHelper(t *testing.T, test, env, target, ready string) *exec.Cmd {
	t.Helper()
	argv := []string{os.Args[0], "-test.run=^" + test + "$"}
	if err := exec.Command(os.Args[0], "-test.run=^$").Run(); errors.Is(err, syscall.ENOEXEC) {
		// Under qemu-user without binfmt_misc the binary must be started
		// through the emulator again (the emulator is the process).
		q, err := exec.LookPath("qemu-" + qemuArch[runtime.GOARCH] + "-static")
		if err != nil {
			t.Skipf("cannot re-execute the test binary here (emulated?), and no qemu-user to run it: %v", err)
		}
		argv = append([]string{q}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
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

// qemuArch names GOARCH values as qemu-user's emulators do.
var qemuArch = map[string]string{"arm64": "aarch64", "amd64": "x86_64", "386": "i386", "arm": "arm", "riscv64": "riscv64", "ppc64le": "ppc64le", "s390x": "s390x", "loong64": "loongarch64"}

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
