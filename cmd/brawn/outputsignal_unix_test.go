//go:build unix

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// writingChildArgs tells the test binary, run again as a child process,
// to act as TestWritingCommandHelper: brawn with these arguments (a JSON
// list).
const writingChildArgs = "BRAWN_TEST_WRITING_ARGS"

// TestWritingCommandHelper is the child of TestSignalDuringOutputWrite:
// brawn with the arguments given, whose first output write stops once its
// temporary file exists, as a slow disk or a large file keeps it there,
// until the parent's signal ends the process.
func TestWritingCommandHelper(t *testing.T) {
	spec := os.Getenv(writingChildArgs)
	if spec == "" {
		t.Skip("run as a child process by TestSignalDuringOutputWrite")
	}
	var args []string
	if err := json.Unmarshal([]byte(spec), &args); err != nil {
		fmt.Println("arguments:", err)
		os.Exit(2)
	}
	atomicfile.TempCreated = func(name string) {
		fmt.Println("writing", filepath.Base(name))
		select {} // until the signal
	}
	root := newRootCmd()
	root.SetArgs(args)
	err := root.Execute()
	fmt.Println("the command returned:", err)
	os.Exit(2)
}

// SIGINT or SIGTERM while predict, export, eval or plot writes its output
// prints a line naming the command and the file (also the default plot
// resolves without --output), leaves no temporary or
// lock file beside it, keeps the content the file had, and ends the
// process killed by that signal, so that a shell loop running the command
// stops too (a process exiting with status 130 tells bash that it handled
// the signal itself, and the loop goes on).
func TestSignalDuringOutputWrite(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath := filepath.Join(dir, "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--save", modelPath)...)
	require.NoError(t, err)
	for _, tc := range []struct {
		cmd, file string
		args      []string // the output file's path follows, except for a default output
		// defaultOutput: no output flag; the command writes file beside a
		// copy of the model in the output directory.
		defaultOutput bool
	}{
		{"predict", "pred.csv", []string{"predict", "--model", modelPath, "--input", test, "--label-col", "species", "-o"}, false},
		{"export", "w.safetensors", []string{"export", "--model", modelPath, "-o"}, false},
		{"eval", "eval.json", []string{"eval", "--model", modelPath, "--test", test, "--json"}, false},
		{"plot", "curves.png", []string{"plot", modelPath, "--output"}, false},
		{"plot", "m.png", []string{"plot"}, true}, // the model's name with .png, resolved by plot
	} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			if signal.Ignored(sig) {
				t.Logf("%v: skipped: this test was started with it ignored, and so is brawn", sig)
				continue
			}
			out := t.TempDir()
			target := filepath.Join(out, tc.file)
			require.NoError(t, os.WriteFile(target, []byte("the earlier output"), 0o644))
			arg, want := target, []string{tc.file}
			if tc.defaultOutput {
				arg = filepath.Join(out, "m.safetensors")
				b, err := os.ReadFile(modelPath)
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(arg, b, 0o644))
				want = []string{tc.file, "m.safetensors"}
			}
			args, err := json.Marshal(append(slices.Clone(tc.args), arg))
			require.NoError(t, err)
			cmd := exec.Command(os.Args[0], "-test.run=^TestWritingCommandHelper$")
			cmd.Env = append(os.Environ(), writingChildArgs+"="+string(args))
			var stderr strings.Builder
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			lines := bufio.NewScanner(stdout)
			started := ""
			for started == "" && lines.Scan() {
				if name, ok := strings.CutPrefix(lines.Text(), "writing "); ok {
					started = name
				}
			}
			if started == "" {
				cmd.Process.Kill()
				cmd.Wait()
				require.FailNow(t, "the child did not start writing", "%s %v: stderr:\n%s", tc.cmd, sig, stderr.String())
			}
			assert.Contains(t, names(t, out), started, "%s %v: the temporary file exists while the write is under way", tc.cmd, sig)
			require.NoError(t, cmd.Process.Signal(sig))
			for lines.Scan() {
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee, "%s %v: stderr:\n%s", tc.cmd, sig, stderr.String())
			ws, ok := ee.Sys().(syscall.WaitStatus)
			require.True(t, ok)
			assert.True(t, ws.Signaled(), "%s %v: killed by the signal, not exited: %v", tc.cmd, sig, err)
			assert.Equal(t, sig, ws.Signal(), "%s %v", tc.cmd, sig)
			assert.Equal(t, fmt.Sprintf("brawn: %s interrupted (%v); nothing was written to %s\n", tc.cmd, sig, target), stderr.String())
			assert.Equal(t, want, names(t, out), "%s %v: no temporary or lock file is left", tc.cmd, sig)
			b, err := os.ReadFile(target)
			require.NoError(t, err)
			assert.Equal(t, "the earlier output", string(b), "%s %v", tc.cmd, sig)
		}
	}
}
