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
// resumes, and the process exits with status 130 and a message.
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
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, "%v: stderr:\n%s", sig, stderr.String())
		assert.Equal(t, exitInterrupted, ee.ExitCode(), "%v: %v", sig, err)
		assert.Regexp(t, `brawn: interrupted (in epoch \d+ after step \d+|at the start of epoch \d+) \(global step \d+\): saved the run to `+modelPath+`; continue it with the same flags and --resume `+modelPath, stderr.String(), "%v", sig)

		m, err := model.Load(modelPath)
		require.NoError(t, err, "%v", sig)
		require.NotNil(t, m.State)
		assert.GreaterOrEqual(t, m.Epoch, 1)
		_, _, err = runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--epochs", strconv.Itoa(m.Epoch+1))...)
		require.NoError(t, err, "%v", sig)
	}
}

// startTraining starts bin with args and returns once its first
// per-epoch checkpoint, modelPath, exists, so training is under way; its
// standard error goes to the buffer returned.
func startTraining(t *testing.T, bin string, args []string, modelPath string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
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

// Started with SIGHUP ignored, as nohup starts a command, brawn keeps it
// ignored: the hangup of the terminal it was started from does not stop
// the run. SIGHUP then SIGINT end it with one interrupt, SIGINT's save
// (had SIGHUP counted, SIGINT would have been the second signal, which
// ends the process by that signal without saving).
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
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "stderr:\n%s", stderr.String())
	assert.Equal(t, exitInterrupted, ee.ExitCode(), "%v; stderr:\n%s", err, stderr.String())
	assert.Contains(t, stderr.String(), "saved the run to "+modelPath)
}

// A run whose log reader went away (tee killed at a batch job's end)
// keeps training, and SIGTERM twice (as timeout sends it, to the process
// and to its group) still saves the run and exits with status 130.
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
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitInterrupted, ee.ExitCode(), "%v", err)
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	require.NotNil(t, m.State)
}
