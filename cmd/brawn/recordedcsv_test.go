package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// eval --test and predict read a new CSV file with the delimiter and
// header the model's training recorded when --delimiter and --header are
// not given, as they read the held-out rows of its training file; a flag
// given wins, and a model that records none reads as without a model.
func TestEvalPredictUseRecordedCSVSettings(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	commaTrain, commaTest := blobFiles(t)
	semicolons := func(from, name string) string {
		b, err := os.ReadFile(from)
		require.NoError(t, err)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(strings.ReplaceAll(string(b), ",", ";")), 0o644))
		return path
	}
	train, test := semicolons(commaTrain, "train.csv"), semicolons(commaTest, "test.csv")
	modelPath := filepath.Join(dir, "m.safetensors")
	_, _, err := runCLI(ctx, blobArgs(train, test, "--delimiter", ";", "--epochs", "2", "--quiet", "--save", modelPath)...)
	require.NoError(t, err)

	eval := func(model, file string, extra ...string) (string, error) {
		out, _, err := runCLI(ctx, append([]string{"eval", "--model", model, "--test", file}, extra...)...)
		return withoutEvalTime(out), err
	}
	predict := func(model, file string, extra ...string) (string, error) {
		out, _, err := runCLI(ctx, append([]string{"predict", "--model", model, "--input", file}, extra...)...)
		return out, err
	}
	wantEval, err := eval(modelPath, test, "--delimiter", ";")
	require.NoError(t, err)
	wantPredict, err := predict(modelPath, test, "--label-col", "species", "--delimiter", ";")
	require.NoError(t, err)
	gotEval, err := eval(modelPath, test)
	require.NoError(t, err)
	assert.Equal(t, wantEval, gotEval)
	gotPredict, err := predict(modelPath, test, "--label-col", "species")
	require.NoError(t, err)
	assert.Equal(t, wantPredict, gotPredict)

	// A flag given wins: the same rows with commas.
	commaEval, err := eval(modelPath, commaTest, "--delimiter", ",")
	require.NoError(t, err)
	assert.Equal(t, wantEval, strings.ReplaceAll(commaEval, commaTest, test))
	commaPredict, err := predict(modelPath, commaTest, "--label-col", "species", "--delimiter", "comma")
	require.NoError(t, err)
	assert.Equal(t, wantPredict, commaPredict)
	_, err = eval(modelPath, commaTest)
	require.ErrorContains(t, err, `no column named "species" for the label; the header has "f0,f1,f2,f3,species"`, "the recorded ';' reads a comma file's lines as one column")
	note := `(read with --delimiter ";", as ` + modelPath + ` records its training files were; give it to read this file otherwise)`
	require.ErrorContains(t, err, note, "the error says where the ';' came from")
	_, err = predict(modelPath, commaTest)
	require.ErrorContains(t, err, `"f0,f1,f2,f3,species" is not a number`)
	require.ErrorContains(t, err, note)
	_, err = eval(modelPath, commaTest, "--delimiter", ";")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "records its training files", "a delimiter given is not the model's")
	// An IDX file has no delimiter: a truncated one gets no such note.
	idx := filepath.Join(dir, "bad.idx")
	require.NoError(t, os.WriteFile(idx, []byte{0, 0, 8, 3, 0, 0, 0, 9, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2}, 0o644))
	for _, read := range []func(string, string, ...string) (string, error){eval, predict} {
		_, err = read(modelPath, idx)
		require.ErrorContains(t, err, "bad.idx")
		require.NotContains(t, err.Error(), "records its training files")
	}

	withConfig := func(edit func(config map[string]string)) string {
		return editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) {
			config := map[string]string{}
			require.NoError(t, json.Unmarshal([]byte(meta[model.MetaConfig]), &config))
			edit(config)
			b, err := json.Marshal(config)
			require.NoError(t, err)
			meta[model.MetaConfig] = string(b)
		})
	}
	// A model that records no delimiter reads commas, as without a model.
	unrecorded := withConfig(func(c map[string]string) { delete(c, "delimiter") })
	gotEval, err = eval(unrecorded, commaTest)
	require.NoError(t, err)
	assert.Equal(t, strings.ReplaceAll(commaEval, modelPath, unrecorded), gotEval)
	_, err = predict(unrecorded, test, "--label-col", "species")
	require.ErrorContains(t, err, `the header has "f0;f1;f2;f3;species"`, "read with commas")

	// A recorded value that is not valid is the model's fault, not a flag's.
	bad := withConfig(func(c map[string]string) { c["delimiter"] = ";;" })
	_, err = eval(bad, test)
	require.ErrorContains(t, err, bad+`: metadata "brawn.config" records --delimiter ";;", which is not valid: want a single character`)
	_, err = predict(bad, test, "--label-col", "species")
	require.ErrorContains(t, err, bad+`: metadata "brawn.config" records --delimiter ";;", which is not valid: want a single character`)

	// A header that reads as numbers, which --header auto takes for a row,
	// is read as the header training read.
	numbered := func(from, name string) string {
		b, err := os.ReadFile(from)
		require.NoError(t, err)
		_, rows, _ := strings.Cut(string(b), "\n")
		rows = strings.NewReplacer(",a\n", ",0\n", ",b\n", ",1\n", ",c\n", ",2\n").Replace(rows)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte("0.5000,0.5000,0.5000,0.5000,0\n"+rows), 0o644))
		return path
	}
	numTrain, numTest := numbered(commaTrain, "num-train.csv"), numbered(commaTest, "num-test.csv")
	numModel := filepath.Join(dir, "num.safetensors")
	_, _, err = runCLI(ctx, "train", "--train", numTrain, "--test", numTest, "--header", "yes", "--layers", "8", "--epochs", "2", "--quiet", "--save", numModel)
	require.NoError(t, err)
	wantEval, err = eval(numModel, numTest, "--header", "yes")
	require.NoError(t, err)
	require.Contains(t, wantEval, "150 samples")
	gotEval, err = eval(numModel, numTest)
	require.NoError(t, err)
	assert.Equal(t, wantEval, gotEval)
	wantPredict, err = predict(numModel, numTest, "--header", "yes", "--label-col", "4")
	require.NoError(t, err)
	gotPredict, err = predict(numModel, numTest, "--label-col", "4")
	require.NoError(t, err)
	assert.Equal(t, wantPredict, gotPredict)
}
