package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// brawn eval of a model whose loss ignores label -100 (cross-entropy's
// ignore_index, as PyTorch's default) takes a test file with such labels,
// as train's --test and --val do, and scores the other rows: its loss, accuracy,
// confusion matrix and report are those of the file without the ignored
// rows, and it says how many it left out.
func TestEvalIgnoresIgnoreIndexLabels(t *testing.T) {
	train, test := blobFiles(t)
	path := libraryModel(t, train, nn.NewLinear(4, 3))
	lines := fileLines(t, test)
	with, without := []string{lines[0]}, []string{lines[0]}
	for i, l := range lines[1:] {
		if i%4 == 1 {
			with = append(with, l[:strings.LastIndex(l, ",")]+",-100")
			continue
		}
		with, without = append(with, l), append(without, l)
	}
	dir := t.TempDir()
	ignoring, kept := filepath.Join(dir, "ignoring.csv"), filepath.Join(dir, "kept.csv")
	require.NoError(t, os.WriteFile(ignoring, []byte(strings.Join(with, "\n")+"\n"), 0o644))
	require.NoError(t, os.WriteFile(kept, []byte(strings.Join(without, "\n")+"\n"), 0o644))

	scores := func(out string) string {
		return out[strings.Index(out, "\nloss"):]
	}
	want, _, err := runCLI(context.Background(), "eval", "--model", path, "--test", kept, "--json", filepath.Join(dir, "kept.json"))
	require.NoError(t, err)
	got, _, err := runCLI(context.Background(), "eval", "--model", path, "--test", ignoring, "--json", filepath.Join(dir, "ignoring.json"))
	require.NoError(t, err)
	ignored := len(with) - len(without)
	assert.Contains(t, got, "150 samples ("+strconv.Itoa(ignored)+" of label -100, which the loss ignores, left out of the scores)")
	assert.Equal(t, scores(want), scores(got))

	var wantJSON, gotJSON map[string]any
	for p, doc := range map[string]*map[string]any{"kept.json": &wantJSON, "ignoring.json": &gotJSON} {
		b, err := os.ReadFile(filepath.Join(dir, p))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, doc))
	}
	for _, k := range []string{"loss", "accuracy", "confusion_matrix", "classification_report"} {
		assert.Equal(t, wantJSON[k], gotJSON[k], k)
	}
	assert.EqualValues(t, 150, gotJSON["samples"])
	assert.EqualValues(t, ignored, gotJSON["ignored"])
	assert.NotContains(t, wantJSON, "ignored")
}

// A test file whose every label is ignored is evaluated without error:
// nothing is scored, which the report says and the JSON writes as null.
func TestEvalEveryLabelIgnored(t *testing.T) {
	train, test := blobFiles(t)
	path := libraryModel(t, train, nn.NewLinear(4, 3))
	lines := fileLines(t, test)
	all := []string{lines[0]}
	for _, l := range lines[1:] {
		all = append(all, l[:strings.LastIndex(l, ",")]+",-100")
	}
	dir := t.TempDir()
	file, js := filepath.Join(dir, "ignored.csv"), filepath.Join(dir, "e.json")
	require.NoError(t, os.WriteFile(file, []byte(strings.Join(all, "\n")+"\n"), 0o644))
	out, _, err := runCLI(context.Background(), "eval", "--model", path, "--test", file, "--json", js)
	require.NoError(t, err)
	assert.Contains(t, out, "\nloss      -\naccuracy  - (every label is one the loss ignores: nothing to score)\n")
	var doc map[string]any
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Nil(t, doc["loss"])
	assert.Nil(t, doc["accuracy"])
	assert.EqualValues(t, len(all)-1, doc["ignored"])
}

// brawn train takes test and validation files with labels its
// cross-entropy ignores (-100), as eval does, and scores the other rows:
// its test accuracy is eval's on the same file, and it says how many rows
// it left out.
func TestTrainIgnoresIgnoreIndexLabelsInHeldOutFiles(t *testing.T) {
	train, test := blobFiles(t)
	lines := fileLines(t, test)
	with := []string{lines[0]}
	for i, l := range lines[1:] {
		if i%5 == 2 {
			l = l[:strings.LastIndex(l, ",")] + ",-100"
		}
		with = append(with, l)
	}
	dir := t.TempDir()
	held, save := filepath.Join(dir, "held.csv"), filepath.Join(dir, "m.safetensors")
	require.NoError(t, os.WriteFile(held, []byte(strings.Join(with, "\n")+"\n"), 0o644))
	out, _, err := runCLI(context.Background(), "train", "--train", train, "--test", held, "--val", held,
		"--layers", "8", "--epochs", "2", "--save", save, "--quiet")
	require.NoError(t, err)
	note := "(30 of label -100, which the loss ignores, left out of the scores)"
	assert.Contains(t, out, "on 150 samples "+note)
	ev, _, err := runCLI(context.Background(), "eval", "--model", save, "--test", held)
	require.NoError(t, err)
	assert.Contains(t, ev, "150 samples "+note)
	acc := ev[strings.Index(ev, "accuracy  ")+len("accuracy  "):]
	acc = acc[:strings.Index(acc, " ")]
	assert.Contains(t, out, "test accuracy "+acc+" ")
}

// fileLines returns the lines of the text file at path.
func fileLines(t *testing.T, path string) []string {
	t.Helper()
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	return strings.Split(strings.TrimSpace(string(text)), "\n")
}
