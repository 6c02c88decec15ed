//go:build mpi && cgo

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// brawnMPI builds brawn with the tag mpi into a temporary directory.
func brawnMPI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "brawn")
	out, err := exec.Command("go", "build", "-tags", "mpi", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build -tags mpi: %v\n%s", err, out)
	}
	return bin
}

// mpiTrain runs `mpirun -np np brawn train --distributed args...` (np 0:
// brawn alone, an MPI singleton) in dir and returns its output and error;
// a run over a minute fails the test (a hang).
func mpiTrain(t *testing.T, bin, dir string, np int, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("mpirun"); err != nil {
		t.Skip("mpirun is not in PATH: apt-get install openmpi-bin")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	argv := append([]string{bin, "train", "--distributed"}, args...)
	if np > 0 {
		argv = append([]string{"mpirun", "--allow-run-as-root", "--oversubscribe", "-np", fmt.Sprint(np)}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OMPI_MCA_btl_vader_single_copy_mechanism=none")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s did not end within a minute:\n%s", strings.Join(argv, " "), out.String())
	}
	return out.String(), err
}

// `mpirun -np N brawn train --distributed` writes the weights of brawn
// alone with --distributed, bit for bit, for N = 2 and 3 (--batch 24);
// a run stopped after 2 epochs on 2 ranks resumes alone, on 3 ranks and
// without --distributed (one process, no MPI) to those weights; and a --batch the ranks do not divide ends every rank
// with the message.
func TestDistributedTrainUnderMpirun(t *testing.T) {
	bin := brawnMPI(t)
	dir := t.TempDir()
	train, test := blobFiles(t)
	flags := []string{"--train", train, "--test", test, "--batch", "24", "--layers", "16,8", "--dropout", "0.2", "--seed", "3", "--quiet"}
	run := func(np int, extra ...string) {
		t.Helper()
		if out, err := mpiTrain(t, bin, dir, np, append(append([]string{}, flags...), extra...)...); err != nil {
			t.Fatalf("np %d %v: %v\n%s", np, extra, err, out)
		}
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	run(0, "--epochs", "3", "--save-weights", "alone.safetensors")
	want := read("alone.safetensors")
	for _, np := range []int{2, 3} {
		name := fmt.Sprintf("np%d.safetensors", np)
		run(np, "--epochs", "3", "--save-weights", name)
		if !bytes.Equal(read(name), want) {
			t.Errorf("mpirun -np %d wrote other weights than brawn alone", np)
		}
	}
	run(2, "--epochs", "2", "--t-max", "3", "--save", "two.safetensors") // the 3-epoch run's cosine, cut short
	for _, np := range []int{0, 3} {
		name := fmt.Sprintf("resumed%d.safetensors", np)
		run(np, "--epochs", "3", "--resume", "two.safetensors", "--save-weights", name)
		if !bytes.Equal(read(name), want) {
			t.Errorf("resumed on %d ranks (0: alone): other weights than an uninterrupted run", np)
		}
	}
	// Without --distributed, one process without MPI continues it alike.
	for _, extra := range [][]string{nil, {"--distributed=false"}} {
		argv := append(append([]string{"train"}, flags...), "--epochs", "3", "--resume", "two.safetensors", "--save-weights", "plain.safetensors")
		cmd := exec.Command(bin, append(argv, extra...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("resumed without mpirun %v: %v\n%s", extra, err, out)
		}
		if !bytes.Equal(read("plain.safetensors"), want) {
			t.Errorf("resumed without mpirun %v: other weights than an uninterrupted run", extra)
		}
	}

	out, err := mpiTrain(t, bin, dir, 3, append(append([]string{}, flags...), "--batch", "20")...)
	if err == nil || !strings.Contains(out, `invalid --batch "20": is the global batch, whose leaves of 32 samples the 3 ranks of this job share in contiguous runs`) {
		t.Errorf("--batch 20 on 3 ranks: %v\n%s", err, out)
	}
}

// An MPMD launch whose ranks read train.csv from their own directories,
// one a stale copy with other samples of the same count, is refused on
// every rank with both checksums, and writes no model.
func TestDistributedRanksReadOtherData(t *testing.T) {
	if _, err := exec.LookPath("mpirun"); err != nil {
		t.Skip("mpirun is not in PATH: apt-get install openmpi-bin")
	}
	bin := brawnMPI(t)
	a, b := t.TempDir(), t.TempDir()
	blobs(t, filepath.Join(a, "train.csv"), 120, 1)
	blobs(t, filepath.Join(b, "train.csv"), 120, 2)
	rank := func(dir string) []string {
		return []string{"-np", "1", "-wdir", dir, bin, "train", "--distributed", "--train", "train.csv", "--test-split", "0.2",
			"--label-col", "species", "--layers", "8", "--epochs", "1", "--batch", "24", "--save", "m.safetensors"}
	}
	argv := append(append(append([]string{"--allow-run-as-root", "--oversubscribe"}, rank(a)...), ":"), rank(b)...)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "mpirun", argv...)
	cmd.Env = append(os.Environ(), "OMPI_MCA_btl_vader_single_copy_mechanism=none")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("mpirun did not end within a minute:\n%s", out)
	}
	if err == nil || !strings.Contains(string(out), "the training data differ between the ranks of this distributed run: rank 0 has 96 samples of checksum ") {
		t.Errorf("ranks of other data: %v\n%s", err, out)
	}
	for _, dir := range []string{a, b} {
		if _, err := os.Stat(filepath.Join(dir, "m.safetensors")); err == nil {
			t.Errorf("%s: a model was saved", dir)
		}
	}
}
