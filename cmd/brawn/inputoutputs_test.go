package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An output that is one of the MNIST files --data mnist reads, or the
// --model @FILE module file, is refused before any work, for train and for
// eval, through a relative path or a symbolic link too; the inputs are
// intact.
func TestOutputsAreNotMNISTOrModuleFile(t *testing.T) {
	dir := t.TempDir()
	mn := filepath.Join(dir, "mn")
	require.NoError(t, os.Mkdir(mn, 0o755))
	files := []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte"}
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(mn, f), []byte("keep "+f), 0o644))
	}
	link := filepath.Join(dir, "mnlink")
	require.NoError(t, os.Symlink(mn, link))
	module := filepath.Join(dir, "cnn.txt")
	require.NoError(t, os.WriteFile(module, []byte("Sequential(Flatten(), Linear(784, 10))"), 0o644))
	t.Chdir(dir)

	train := func(flag, out string, extra ...string) []string {
		return append([]string{"train", "--data", "mnist", "--mnist-dir", "mn", "--train-limit", "100", "--epochs", "1", flag, out}, extra...)
	}
	eval := func(out string) []string {
		return []string{"eval", "--model", "m.safetensors", "--data", "mnist", "--mnist-dir", "mn", "--json", out}
	}
	cases := []struct {
		args []string
		want string
	}{
		{train("--save", "mn/train-labels-idx1-ubyte.gz"), `invalid --save "mn/train-labels-idx1-ubyte.gz": is the --mnist-dir data file; writing it would overwrite the data`},
		{train("--json", "mn/t10k-labels-idx1-ubyte.gz"), `invalid --json "mn/t10k-labels-idx1-ubyte.gz": is the --mnist-dir data file; writing it would overwrite the data`},
		{train("--json", "mnlink/t10k-labels-idx1-ubyte"), `invalid --json "mnlink/t10k-labels-idx1-ubyte": is the --mnist-dir data file; writing it would overwrite the data`},
		{train("--save-weights", mn+"/train-images-idx3-ubyte"), `invalid --save-weights "` + mn + `/train-images-idx3-ubyte": is the --mnist-dir data file; writing it would overwrite the data`},
		{train("--save", "cnn.txt", "--model", "@cnn.txt"), `invalid --save "cnn.txt": is the --model file; writing it would overwrite it`},
		{train("--json", "./cnn.txt", "--model", "@"+module), `invalid --json "./cnn.txt": is the --model file; writing it would overwrite it`},
		{eval("mn/t10k-images-idx3-ubyte.gz"), `invalid --json "mn/t10k-images-idx3-ubyte.gz": is the --mnist-dir file; writing it would overwrite it`},
		{eval("mnlink/t10k-labels-idx1-ubyte"), `invalid --json "mnlink/t10k-labels-idx1-ubyte": is the --mnist-dir file; writing it would overwrite it`},
	}
	for _, c := range cases {
		_, _, err := runCLI(context.Background(), c.args...)
		assert.EqualError(t, err, c.want, "%v", c.args)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(mn, f))
		require.NoError(t, err)
		assert.Equal(t, "keep "+f, string(b), "%s is intact", f)
	}
	b, err := os.ReadFile(module)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Flatten(), Linear(784, 10))", string(b))
}

// --model given empty, and a module string with a keyword given twice,
// are refused before training, saying what.
func TestModelFlagRefusesEmptyAndRepeated(t *testing.T) {
	train, test := blobFiles(t)
	for _, c := range []struct{ model, want string }{
		{"", `invalid --model "": is empty; give a module string such as "Sequential(Linear(784, 10))" or @FILE, or leave the flag out for --layers' MLP`},
		{"Sequential(Linear(4, 3, bias=True, bias=False))", "--model: module string at byte 35: Linear(...) gives bias twice"},
	} {
		_, _, err := runCLI(context.Background(), "train", "--train", train, "--test", test, "--label-col", "species", "--epochs", "1", "--model", c.model)
		assert.EqualError(t, err, c.want, c.model)
	}
}

// The CLI adds its flag to the library's advice on an MLP too large.
func TestTooLargeMLPNamesLayersFlag(t *testing.T) {
	train, test := blobFiles(t)
	_, _, err := runCLI(context.Background(), "train", "--train", train, "--test", test, "--label-col", "species", "--layers", "100000,100000", "--epochs", "1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "use smaller hidden layers (MLP.Hidden) (--layers)")
}
