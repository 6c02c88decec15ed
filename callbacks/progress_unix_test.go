//go:build linux

package callbacks

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fdWriter is a writer onto a file that says which (as a CLI's log
// wrapper does).
type fdWriter struct{ f *os.File }

func (w fdWriter) Write(p []byte) (int, error) { return w.f.Write(p) }
func (w fdWriter) Fd() uintptr                 { return w.f.Fd() }

// On a terminal (a pseudo-terminal's master here) Progress draws a bar,
// whether it is given the *os.File or a writer onto it with its Fd; on
// anything else, plain lines.
func TestProgressBarOnATerminal(t *testing.T) {
	tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer tty.Close()
	for _, w := range []interface{ Write([]byte) (int, error) }{tty, fdWriter{tty}} {
		_, bar := NewProgress(w, time.Second).view.(*barView)
		assert.True(t, bar, "%T", w)
	}
	f, err := os.CreateTemp(t.TempDir(), "log")
	require.NoError(t, err)
	defer f.Close()
	for _, w := range []interface{ Write([]byte) (int, error) }{f, fdWriter{f}, &bytes.Buffer{}} {
		_, lines := NewProgress(w, time.Second).view.(*lineView)
		assert.True(t, lines, "%T", w)
	}
}
