package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEvalPrintsClassificationReportAndJSON(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	model, out := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "eval.json")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "2", "--save", model)...)
	require.NoError(t, err)
	evalOut, _, err := runCLI(context.Background(), "eval", "--model", model, "--test", test, "--label-col", "species", "--json", out)
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^ {14}precision    recall  f1-score   support$`, evalOut)
	for _, row := range []string{"a", "b", "c", "macro avg", "weighted avg"} {
		assert.Regexp(t, `(?m)^ *`+row+`( +[01]\.\d{4}){3} +1?50$`, evalOut)
	}

	doc := readMetrics(t, out)
	assert.Equal(t, model, doc["model"])
	assert.EqualValues(t, 150, doc["samples"])
	assert.Equal(t, []any{"a", "b", "c"}, doc["class_names"])
	cm := doc["confusion_matrix"].([]any)
	require.Len(t, cm, 3)
	cell := func(i, j int) float64 { return cm[i].([]any)[j].(float64) }
	rep := doc["classification_report"].(map[string]any)
	for k, name := range []string{"a", "b", "c"} {
		s := rep[name].(map[string]any)
		tp := cell(k, k)
		col := cell(0, k) + cell(1, k) + cell(2, k)
		row := cell(k, 0) + cell(k, 1) + cell(k, 2)
		assert.InDelta(t, tp/col, s["precision"], 1e-12, name)
		assert.InDelta(t, tp/row, s["recall"], 1e-12, name)
		assert.InDelta(t, 2*tp/(row+col), s["f1-score"], 1e-12, name)
		assert.EqualValues(t, row, s["support"], name)
	}
	assert.InDelta(t, doc["accuracy"], rep["accuracy"], 1e-12)

	_, _, err = runCLI(context.Background(), "eval", "--model", model, "--test", test, "--label-col", "species", "--json", model)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is the --model file")
	_, _, err = runCLI(context.Background(), "eval", "--model", model, "--test", test, "--label-col", "species", "--json", test)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is the --test file")
}
