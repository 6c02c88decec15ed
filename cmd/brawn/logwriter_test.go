package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The log wrapper gives the progress display its file's descriptor, so
// that a terminal still gets a bar; a writer that is no file has none.
func TestLogWriterFd(t *testing.T) {
	assert.Equal(t, os.Stderr.Fd(), (&logWriter{w: os.Stderr}).Fd())
	assert.Equal(t, ^uintptr(0), (&logWriter{w: &bytes.Buffer{}}).Fd())
}
