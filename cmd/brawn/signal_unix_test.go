//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// SIGINT, SIGTERM, SIGHUP (a closed terminal, a batch system's hangup),
// SIGUSR1 (Slurm's warning before the time limit) or SIGXCPU (a CPU-time
// limit) in the middle of training saves a checkpoint that loads and
// resumes, and the process prints a message and then ends killed by that
// signal, so that a shell loop running it stops too (see
// TestSignalDuringOutputWrite); SIGUSR1 and SIGXCPU, which a Go program
// does not die by, exit with status 130.
func TestSIGINTSavesLoadableCheckpoint(t *testing.T) {
	bin := brawnBinary(t)
	train, test := blobFiles(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGXCPU} {
		if signal.Ignored(sig) {
			t.Logf("%v: skipped: this test was started with it ignored (as nohup ignores SIGHUP), and so is brawn", sig)
			continue
		}
		modelPath := filepath.Join(t.TempDir(), "run.safetensors")
		cmd, stderr := startTraining(t, bin, blobArgs(train, test, "--epochs", "100000", "--save", modelPath), modelPath)
		require.NoError(t, cmd.Process.Signal(sig))
		err := cmd.Wait()
		assertInterrupted(t, err, sig, stderr.String())
		assert.Regexp(t, `brawn: interrupted (in epoch \d+ after step \d+|at the start of epoch \d+) \(global step \d+\): saved the run to `+modelPath+`; continue it with the same flags and --resume `+modelPath, stderr.String(), "%v", sig)

		m, err := model.Load(modelPath)
		require.NoError(t, err, "%v", sig)
		require.NotNil(t, m.State)
		assert.GreaterOrEqual(t, m.Epoch, 1)
		_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--epochs", strconv.Itoa(m.Epoch+1))...)
		require.NoError(t, err, "%v", sig)
	}
}

// caught returns the signals of sigs that this test was not started
// with ignored (nohup ignores SIGHUP), which brawn then catches too.
func caught(t *testing.T, sigs ...syscall.Signal) []syscall.Signal {
	var out []syscall.Signal
	for _, sig := range sigs {
		if signal.Ignored(sig) {
			t.Logf("%v: skipped: this test was started with it ignored, and so is brawn", sig)
			continue
		}
		out = append(out, sig)
	}
	return out
}

// assertInterrupted checks that err, a brawn process's end, is death by
// sig, or status 130 for a signal a Go program does not die by.
func assertInterrupted(t *testing.T, err error, sig syscall.Signal, stderr string) {
	t.Helper()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "%v: stderr:\n%s", sig, stderr)
	ws, ok := ee.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	if sig == syscall.SIGUSR1 || sig == syscall.SIGXCPU {
		assert.Equal(t, exitInterrupted, ee.ExitCode(), "%v: %v", sig, err)
		return
	}
	assert.True(t, ws.Signaled(), "%v: killed by the signal, not exited: %v; stderr:\n%s", sig, err, stderr)
	assert.Equal(t, sig, ws.Signal(), "%v", sig)
}

// startTraining starts bin with args and returns once its first
// per-epoch checkpoint, modelPath, exists, so training is under way; its
// standard error goes to the buffer returned.
func startTraining(t *testing.T, bin string, args []string, modelPath string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	return startCommand(t, exec.Command(bin, args...), modelPath)
}

// startCommand is startTraining for a command set up by the caller.
func startCommand(t *testing.T, cmd *exec.Cmd, modelPath string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(modelPath); err == nil {
			return cmd, &stderr
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no checkpoint after 30s; stderr:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Ctrl-C in a terminal signals its foreground process group: a shell
// loop running brawn train, and brawn. brawn saves the run and then dies
// by SIGINT, so that bash, whose child was killed by the signal it got
// too, stops the loop instead of starting the next run (a child that
// exits with status 130 has handled the signal, and the loop goes on).
func TestCtrlCStopsShellLoop(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if signal.Ignored(syscall.SIGINT) {
		t.Skip("this test was started with SIGINT ignored, and so would the shell be")
	}
	bin := brawnBinary(t)
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "run.safetensors")
	loop := `for s in 1 2; do if [ $s = 2 ]; then echo "the loop went on" >&2; exit 0; fi; "$0" "$@"; done`
	cmd := exec.Command(bash, append([]string{"-c", loop, bin}, blobArgs(train, test, "--epochs", "100000", "--save", modelPath)...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group, as a terminal's foreground job
	cmd, stderr := startCommand(t, cmd, modelPath)
	require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGINT))
	err = cmd.Wait()
	assert.Contains(t, stderr.String(), "saved the run to "+modelPath)
	assert.NotContains(t, stderr.String(), "the loop went on")
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "the shell: stderr:\n%s", stderr.String())
	ws, ok := ee.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	assert.True(t, ws.Signaled() && ws.Signal() == syscall.SIGINT, "the shell was not killed by SIGINT: %v", err)
}

// Started with SIGHUP ignored, as nohup starts a command, brawn keeps it
// ignored: the hangup of the terminal it was started from does not stop
// the run. SIGHUP then SIGINT end it with one interrupt, SIGINT's save
// (had SIGHUP counted, SIGINT would have been the second signal, which
// ends the process by that signal without saving), and then SIGINT's
// death.
func TestNohupKeepsSIGHUPIgnored(t *testing.T) {
	bin := brawnBinary(t)
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "run.safetensors")
	// The shell ignores SIGHUP and execs brawn, which inherits that, as
	// under nohup; this process's own SIGHUP, which later tests' children
	// inherit, stays as it is.
	args := append([]string{"-c", `trap "" HUP; exec "$0" "$@"`, bin}, blobArgs(train, test, "--epochs", "100000", "--save", modelPath)...)
	cmd, stderr := startTraining(t, "sh", args, modelPath)
	require.NoError(t, cmd.Process.Signal(syscall.SIGHUP))
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assertInterrupted(t, cmd.Wait(), syscall.SIGINT, stderr.String())
	assert.Contains(t, stderr.String(), "saved the run to "+modelPath)
}

// A run whose log reader went away (tee killed at a batch job's end)
// keeps training, and SIGTERM twice (as timeout sends it, to the process
// and to its group) still saves the run and ends it by SIGTERM.
func TestLostLogKeepsTraining(t *testing.T) {
	bin := brawnBinary(t)
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "run.safetensors")
	r, w, err := os.Pipe()
	require.NoError(t, err)
	cmd := exec.Command(bin, blobArgs(train, test, "--epochs", "100000", "--save", modelPath)...)
	cmd.Stdout, cmd.Stderr = w, w
	require.NoError(t, cmd.Start())
	require.NoError(t, r.Close()) // before the summary is written
	require.NoError(t, w.Close())
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m, err := model.Load(modelPath); err == nil && m.Epoch >= 2 {
			break // it trained on after its first writes failed
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			err := cmd.Wait()
			t.Fatalf("no checkpoint of epoch 2 after 30s; the process: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	assertInterrupted(t, cmd.Wait(), syscall.SIGTERM, "")
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	require.NotNil(t, m.State)
}
