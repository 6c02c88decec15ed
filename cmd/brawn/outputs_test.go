package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trainedModel trains a one-epoch model on the blobs and returns it with
// the test file.
func trainedModel(t *testing.T) (model, test string) {
	t.Helper()
	train, test := blobFiles(t)
	model = filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--save", model)...)
	require.NoError(t, err)
	return model, test
}

// Output paths that cannot be written, or that are an input, are refused
// before any work, naming the flag and the reason; the inputs are intact.
func TestOutputPathsRefusedUpFront(t *testing.T) {
	model, test := trainedModel(t)
	dir := t.TempDir()
	afile := filepath.Join(dir, "afile")
	require.NoError(t, os.WriteFile(afile, []byte("keep"), 0o644))
	testLink := filepath.Join(dir, "test-link.csv")
	require.NoError(t, os.Symlink(test, testLink))
	modelBytes, err := os.ReadFile(model)
	require.NoError(t, err)
	testBytes, err := os.ReadFile(test)
	require.NoError(t, err)

	predict := func(out string) []string {
		return []string{"predict", "--model", model, "--input", test, "--label-col", "species", "-o", out}
	}
	train := func(flag, out string) []string {
		return blobArgs(test, test, "--epochs", "1", flag, out)
	}
	cases := []struct {
		args []string
		want string
	}{
		{predict(test), `invalid --output "` + test + `": is the --input file; writing it would overwrite it`},
		{predict(filepath.Dir(test) + "/./test.csv"), `invalid --output "` + filepath.Dir(test) + `/./test.csv": is the --input file; writing it would overwrite it`},
		{predict(testLink), `invalid --output "` + testLink + `": is the --input file; writing it would overwrite it`},
		{predict(model), `invalid --output "` + model + `": is the --model file; writing it would overwrite it`},
		{predict(dir), `invalid --output "` + dir + `": is a directory, not a file`},
		{predict(filepath.Join(afile, "p.csv")), `invalid --output "` + filepath.Join(afile, "p.csv") + `": ` + afile + ` is not a directory`},
		{train("--save", dir), `invalid --save "` + dir + `": is a directory, not a file`},
		{train("--json", dir), `invalid --json "` + dir + `": is a directory, not a file`},
		{train("--save", filepath.Join(afile, "x.st")), `invalid --save "` + filepath.Join(afile, "x.st") + `": ` + afile + ` is not a directory`},
	}
	for _, c := range cases {
		out, _, err := runCLI(context.Background(), c.args...)
		assert.EqualError(t, err, c.want, "%v", c.args)
		assert.Empty(t, out, "%v", c.args)
	}
	b, err := os.ReadFile(model)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(modelBytes, b), "the model is intact")
	b, err = os.ReadFile(test)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(testBytes, b), "the input is intact")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "nothing was written: only afile and the link")
}

// predict -o through a symbolic link writes the file it points to and keeps
// the link.
func TestPredictOutputThroughLink(t *testing.T) {
	model, test := trainedModel(t)
	dir := t.TempDir()
	want, _, err := runCLI(context.Background(), "predict", "--model", model, "--input", test, "--label-col", "species")
	require.NoError(t, err)
	require.Contains(t, want, "row,class,p_a,p_b,p_c\n")

	target := filepath.Join(dir, "target.csv")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink("target.csv", link))
	_, _, err = runCLI(context.Background(), "predict", "--model", model, "--input", test, "--label-col", "species", "-o", link)
	require.NoError(t, err)
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, want, string(b))
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&fs.ModeSymlink, "the link is kept")

}
