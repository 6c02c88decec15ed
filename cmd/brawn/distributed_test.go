//go:build !mpi || !cgo

package main

import (
	"context"
	"strings"
	"testing"
)

// Without the build tag mpi, --distributed says how to build brawn with
// MPI instead of training alone.
func TestDistributedNeedsMPIBuild(t *testing.T) {
	train, test := blobFiles(t)
	_, _, err := runCLI(context.Background(), "train", "--distributed", "--train", train, "--test", test, "--epochs", "1")
	if err == nil || !strings.Contains(err.Error(), "built without MPI") || !strings.Contains(err.Error(), "go build -tags mpi ./cmd/brawn") {
		t.Fatalf("got %v, want the build hint", err)
	}
}
