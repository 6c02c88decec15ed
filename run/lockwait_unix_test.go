//go:build unix

package run

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// holdLock starts flock(1) holding the lock atomicfile.LockPath takes on
// path, with the holder's pid (a shell's, flock's child) in the lock file,
// as a brawn run writes its own.
// The holder ends when release is called.
func holdLock(t *testing.T, path string) (pid int, release func()) {
	t.Helper()
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock command (util-linux) to hold a lock from another process")
	}
	lockFile := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
	cmd := exec.Command("flock", "-x", lockFile, "sh", "-c", `echo $$ > "$0"; echo $$; read x`, lockFile)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	release = func() {
		in.Close()
		cmd.Wait()
	}
	t.Cleanup(release)
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	pid, err = strconv.Atoi(strings.TrimSpace(line))
	require.NoError(t, err, "the holder's first line is its pid")
	return pid, release
}

// withLockWait sets lockWait and lockRetry for one test.
func withLockWait(t *testing.T, wait time.Duration, retry func()) {
	oldWait, oldRetry := lockWait, lockRetry
	lockWait, lockRetry = wait, retry
	t.Cleanup(func() { lockWait, lockRetry = oldWait, oldRetry })
}

func TestOutputLockWaitsForAnEndingProcess(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		take func() (func(), error)
		path string
	}{
		{"file", func() (func(), error) {
			l, err := LockOutput("save", filepath.Join(dir, "run.safetensors"))
			return l.Unlock, err
		}, filepath.Join(dir, "run.safetensors")},
		{"logdir", func() (func(), error) {
			return lockDirectory("logdir", filepath.Join(dir, "logs"))
		}, filepath.Join(dir, "logs", "brawn-run")},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, mkdirAll(filepath.Dir(c.path)))
			_, release := holdLock(t, c.path)
			retries := 0
			// A minute: the holder ends at the first retry, long before.
			withLockWait(t, time.Minute, func() {
				retries++
				release()
			})
			unlock, err := c.take()
			require.NoError(t, err)
			unlock()
			assert.Equal(t, 1, retries, "attempts after the first")
		})
	}
}

func TestOutputLockRefusedWhenTheHolderStays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.safetensors")
	pid, _ := holdLock(t, path)
	withLockWait(t, 0, func() { t.Fatal("retried with no time to wait") })
	_, err := LockOutput("save", path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--save "+path+": another brawn run (pid "+strconv.Itoa(pid)+") is writing this file")
}

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o777) }
