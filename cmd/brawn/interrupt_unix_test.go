//go:build unix

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// secondSignalDir tells the test binary, run again as a child process, to
// act as TestSecondSignalHelper's program.
const secondSignalDir = "BRAWN_TEST_SECOND_SIGNAL_DIR"

// TestSecondSignalHelper is the child of TestLaterSignalsDuringASave:
// it starts a save that never finishes, as a slow disk would, and waits
// for signals as brawn train does.
func TestSecondSignalHelper(t *testing.T) {
	dir := os.Getenv(secondSignalDir)
	if dir == "" {
		t.Skip("run as a child process by TestLaterSignalsDuringASave")
	}
	// The signal comes late, so that a save that could end the process
	// first would do so.
	late := func(sig os.Signal) {
		time.Sleep(300 * time.Millisecond)
		raise(sig)
	}
	ctx, stop := watchInterrupts(context.Background(), func(sig os.Signal) {
		if endsAtOnce(sig, false) {
			hardExit(sig, late)
		}
		fmt.Println("again:", sig)
	}, interruptSignals...)
	defer stop()
	// The save holds its target's lock, as brawn train's outputs and its
	// interrupted checkpoint do.
	if _, err := atomicfile.LockPath(filepath.Join(dir, "run.st")); err != nil {
		fmt.Println("locking:", err)
		os.Exit(1)
	}
	go func() {
		err := atomicfile.Write(filepath.Join(dir, "run.st"), 0o644, func(w io.Writer) error {
			if _, err := w.Write([]byte("half a checkpoint")); err != nil {
				return err
			}
			fmt.Println("saving")
			// The save goes on until its temporary file is removed, then
			// tries to finish, as brawn's would: it must not end the
			// process with an error before the signal does.
			for len(names(t, dir)) > 1 {
				runtime.Gosched()
			}
			return nil
		})
		fmt.Println("the save returned:", err)
		os.Exit(1)
	}()
	<-ctx.Done()
	fmt.Println("interrupted")
	time.Sleep(20 * time.Second) // the parent signals long before
	fmt.Println("still running")
}

// During the save that a first signal started, the same polite signal
// again (timeout sends SIGTERM twice) or another (a batch system's SIGTERM
// after its SIGUSR1 warning) lets the save go on; Ctrl-C then ends the
// process by SIGINT at once, and the save's temporary file and its lock
// file are removed first; the target keeps its content.
func TestLaterSignalsDuringASave(t *testing.T) {
	for _, first := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGXCPU, syscall.SIGINT} {
		if signal.Ignored(first) {
			t.Logf("%v: skipped: this test was started with it ignored (as nohup ignores SIGHUP), and so is brawn", first)
			continue
		}
		laterSignals(t, first)
	}
}

func laterSignals(t *testing.T, first syscall.Signal) {
	dir := t.TempDir()
	target := filepath.Join(dir, "run.st")
	require.NoError(t, os.WriteFile(target, []byte("previous checkpoint"), 0o644))
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondSignalHelper$")
	cmd.Env = append(os.Environ(), secondSignalDir+"="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(out)
	waitFor := func(want string) {
		t.Helper()
		for lines.Scan() {
			if strings.TrimSpace(lines.Text()) == want {
				return
			}
		}
		cmd.Process.Kill()
		require.FailNow(t, "the child did not print "+want)
	}
	waitFor("saving")
	assert.Len(t, names(t, dir), 3, "run.st, its lock file and the save's temporary file")
	require.NoError(t, cmd.Process.Signal(first))
	waitFor("interrupted")
	for _, again := range []syscall.Signal{syscall.SIGTERM, syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGHUP} {
		if signal.Ignored(again) {
			continue
		}
		require.NoError(t, cmd.Process.Signal(again))
		waitFor("again: " + again.String())
	}
	assert.Len(t, names(t, dir), 3, "the save goes on")
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest, err := io.ReadAll(out)
	require.NoError(t, err)
	assert.Empty(t, strings.TrimSpace(string(rest)), "nothing more is printed")
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	ws, ok := ee.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	assert.True(t, ws.Signaled(), "killed by a signal: %v", err)
	assert.Equal(t, syscall.SIGINT, ws.Signal())
	assert.Equal(t, []string{"run.st"}, names(t, dir), "no temporary or lock file is left")
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "previous checkpoint", string(b))
}

// names lists a directory's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// In one process only Ctrl-C ends a save at once; in a rank of a
// distributed run any later signal does (its launcher escalates).
func TestEndsAtOnce(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGXCPU} {
		assert.Equal(t, sig == os.Interrupt, endsAtOnce(sig, false), "%v", sig)
		assert.True(t, endsAtOnce(sig, true), "%v", sig)
	}
}
