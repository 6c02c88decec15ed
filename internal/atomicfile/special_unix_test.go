//go:build unix

package atomicfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A fifo (and a link to one) is written, not replaced: its reader gets the
// content and it stays a fifo.
func TestWriteFifoInPlace(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink("fifo", link))
	for _, p := range []string{fifo, link} {
		got := make(chan string)
		// The reader closes its end before it reports, so that the next
		// iteration's writer cannot open the fifo against this reader
		// (it would write into a pipe about to lose its last reader).
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- "open: " + err.Error()
				return
			}
			b, err := io.ReadAll(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				got <- "read: " + err.Error()
				return
			}
			got <- string(b)
		}()
		require.NoError(t, WriteFile(p, []byte("row,class\n0,a\n"), 0o644), p)
		select {
		case s := <-got:
			assert.Equal(t, "row,class\n0,a\n", s, p)
		case <-time.After(10 * time.Second):
			require.FailNow(t, "the fifo's reader got nothing", p)
		}
		fi, err := os.Lstat(fifo)
		require.NoError(t, err)
		assert.Equal(t, fs.ModeNamedPipe, fi.Mode().Type(), "still a fifo")
		assert.Equal(t, []string{"fifo", "link"}, names(t, dir), "no file beside it")
	}
}

// A character device is written, not replaced. The device is a null device
// made in a temporary directory (mknod needs root).
func TestWriteCharDeviceInPlace(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs Linux and root to make a device node")
	}
	dir := t.TempDir()
	dev := filepath.Join(dir, "null")
	// Linux's null device is character device 1, 3 (devices.txt).
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("mknod: %v", err)
	}
	require.NoError(t, WriteFile(dev, []byte("discarded"), 0o644))
	fi, err := os.Lstat(dev)
	require.NoError(t, err)
	assert.Equal(t, fs.ModeDevice|fs.ModeCharDevice, fi.Mode().Type(), "still a device")
	assert.Equal(t, []string{"null"}, names(t, dir))
}

// /proc/self/fd/N (what /dev/stdout links to) names an open file: a pipe
// gets the content, and a regular file open for appending is appended to,
// as the shell's redirection would, not replaced.
func TestWriteProcFdInPlace(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc/self/fd is Linux's")
	}
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	require.NoError(t, WriteFile("/proc/self/fd/"+strconv.Itoa(int(w.Fd())), []byte("through a pipe"), 0o644))
	require.NoError(t, w.Close())
	assert.Equal(t, "through a pipe", <-got)

	p := filepath.Join(t.TempDir(), "log")
	require.NoError(t, os.WriteFile(p, []byte("head\n"), 0o644))
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	defer f.Close()
	before, err := os.Stat(p)
	require.NoError(t, err)
	require.NoError(t, WriteFile("/proc/self/fd/"+strconv.Itoa(int(f.Fd())), []byte("tail\n"), 0o644))
	after, err := os.Stat(p)
	require.NoError(t, err)
	assert.True(t, os.SameFile(before, after), "the same file, not a replacement")
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "head\ntail\n", string(b))
}

// A fifo that no process reads is an error once fifoReaderWait has passed,
// not a Write that never returns; nothing is left beside it.
func TestWriteFifoWithoutReader(t *testing.T) {
	defer func(d time.Duration) { fifoReaderWait = d }(fifoReaderWait)
	fifoReaderWait = 30 * time.Millisecond
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	err := WriteFile(fifo, []byte("x"), 0o644)
	require.EqualError(t, err, fifo+" is a fifo that no process opened for reading within 30ms: start its reader first")
	assert.Equal(t, []string{"fifo"}, names(t, dir))
}
