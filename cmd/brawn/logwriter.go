package main

import (
	"errors"
	"io"
	"sync"
	"syscall"
)

// logWriter passes a run's log to w until w's reader goes away (EPIPE):
// from then on it drops the log and reports success, so that a lost log
// does not stop the training it describes.
type logWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

// Write implements io.Writer.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return len(p), nil
	}
	n, err := l.w.Write(p)
	if errors.Is(err, syscall.EPIPE) {
		l.closed = true
		return len(p), nil
	}
	return n, err
}

// Fd returns the descriptor of the file the log goes to, so that the
// progress display still draws a bar on a terminal; ^uintptr(0) when it
// is not a file.
func (l *logWriter) Fd() uintptr {
	if f, ok := l.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}
