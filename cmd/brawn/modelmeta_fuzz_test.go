package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

// FuzzModelMetadata fuzzes the model specification a checkpoint's metadata
// holds (the architecture, scaler, class names, configuration, history,
// training-data identity, epoch count and one more entry: a training-state
// entry or the feature names), the JSON and numbers FuzzDecodeModel's byte
// mutations rarely reach intact, and puts what decodes through eval and
// predict. The tensors are those of
// a trained model; an empty fuzzed value removes its key. Whatever the
// metadata: no panic, and an error names the file.
func FuzzModelMetadata(f *testing.F) {
	file, err := checkpoint.Read(fuzzModel(f, "--epochs", "2", "--normalize", "standard", "--val-split", "0.2", "--early-stop", "1"))
	if err != nil {
		f.Fatal(err)
	}
	keys := []string{model.MetaArchitecture, model.MetaScaler, model.MetaClassNames, model.MetaConfig, model.MetaHistory, model.MetaTrainData, model.MetaEpoch}
	saved := file.Metadata
	seed := func(vals ...string) {
		f.Add(vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7], vals[8])
	}
	var orig []string
	for _, k := range keys {
		orig = append(orig, saved[k])
	}
	seed(append(orig, model.StatePrefix+"trainer.epoch", saved[model.StatePrefix+"trainer.epoch"])...)
	edit := func(i int, v string) []string {
		s := append([]string(nil), orig...)
		s[i] = v
		return append(s, "", "")
	}
	for _, v := range []string{
		`{"inputs":4,"hidden":[16],"classes":3,"activation":"relu","leaky_slope":-1}`,
		`{"inputs":4,"hidden":[16],"classes":3,"activation":"leakyrelu","leaky_slope":1e39}`,
		`{"inputs":4,"hidden":[16],"classes":3,"activation":"tanh","dropout":1}`,
		`{"inputs":4,"hidden":[],"classes":67,"activation":"relu"}`,
		`{"inputs":4,"hidden":[0],"classes":3,"activation":"relu"}`,
		`{"inputs":4,"hidden":[16],"classes":3,"activation":"relu","batchnorm":true}`,
		`{"inputs":9223372036854775807,"hidden":[16],"classes":3,"activation":"relu"}`,
		`{"inputs":4`,
	} {
		seed(edit(0, v)...)
	}
	for _, v := range []string{
		`{"method":"standard","offset":[0,0,0,0],"scale":[0,1,1e38,-1]}`,
		`{"method":"minmax","offset":[1e38,0,0,0],"scale":[1e38,1,1,1]}`,
		`{"method":"cubic","offset":[],"scale":[]}`,
		`{"method":"standard","offset":[0],"scale":[1]}`,
	} {
		seed(edit(1, v)...)
	}
	seed(edit(2, `["a","b"]`)...)
	seed(edit(2, `["a","a","a"]`)...)
	seed(edit(3, `{"loss":"mse","label-smoothing":"NaN","early-stop":"1"}`)...)
	seed(edit(3, `{"loss":"cross-entropy","label-smoothing":"2"}`)...)
	seed(edit(4, `[{"epoch":1,"train_loss":null,"layers":[{"layer":"0","weight_norm":null}]}]`)...)
	seed(edit(5, `{"source":"x","samples":-1,"features":4,"checksum":""}`)...)
	seed(edit(6, "-1")...)
	seed(edit(6, "99999999999999999999")...)
	seed(append(orig, model.StatePrefix+"early_stop.best_epoch", "f:NaN")...)
	seed(append(orig, model.StatePrefix+"early_stop.wait", "f:1e308")...)
	seed(append(orig, model.StatePrefix+"trainer.epoch", "u:2")...)
	// The free key also reaches the feature names.
	for _, v := range []string{`["f1","f0","f2","f3"]`, `["f0","f1"]`, `["f0","f0","f0","f0"]`, `[1,2,3,4]`, `null`, `["f0","f1","f2",""]`, `{"f0":1}`} {
		seed(append(orig, model.MetaFeatures, v)...)
	}
	f.Fuzz(func(t *testing.T, arch, scaler, classes, flags, history, trainData, epoch, stateKey, stateValue string) {
		meta := maps.Clone(saved)
		for i, v := range []string{arch, scaler, classes, flags, history, trainData, epoch} {
			if v == "" {
				delete(meta, keys[i])
			} else {
				meta[keys[i]] = v
			}
		}
		if stateKey != "" {
			meta[stateKey] = stateValue
		}
		var b bytes.Buffer
		if err := checkpoint.Encode(&b, file.Tensors, meta); err != nil {
			return // metadata no safetensors file holds (not UTF-8)
		}
		m, err := model.Decode("fuzz.safetensors", b.Bytes())
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.safetensors: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		// Eval and predict on a few samples that fit the model.
		const n = 5
		in, c := m.Net.InFeatures(), m.NumClasses()
		labelled := &data.Dataset{X: make([]float32, n*in), Y: make([]int, n), Features: in, Classes: c, Source: "fuzz.csv"}
		for i := range labelled.X {
			labelled.X[i] = float32(i%7) - 3
		}
		for i := range labelled.Y {
			labelled.Y[i] = i % c
		}
		// Named as the blobs' header names them, so the feature-name
		// check runs.
		names := make([]string, in)
		for i := range names {
			names[i] = fmt.Sprintf("f%d", i)
		}
		labelled.FeatureNames = names
		unlabelled := &data.Dataset{X: append([]float32(nil), labelled.X...), Features: in, Source: "fuzz.csv", FeatureNames: names}
		if !m.Regression() && run.CheckData(m, labelled) == nil {
			_ = evaluate(io.Discard, io.Discard, "fuzz.safetensors", m, labelled, 2, "")
		}
		if run.CheckData(m, unlabelled) == nil {
			_ = predict(io.Discard, m, unlabelled, 2, true)
		}
	})
}

// fuzzModel trains a small model on the blobs with the extra train flags
// and returns the path of its file, the seed of the model fuzz targets.
func fuzzModel(f *testing.F, extra ...string) string {
	dir := f.TempDir()
	train, test := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	blobs(f, train, 60, 1)
	blobs(f, test, 30, 2)
	modelPath := filepath.Join(dir, "m.safetensors")
	if _, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--save", modelPath}, extra...)...)...); err != nil {
		f.Fatal(err)
	}
	return modelPath
}

// predict writes m's prediction for each sample of d, as runPredict
// predicts and writes a block of rows.
func predict(w io.Writer, m *model.Model, d *data.Dataset, batch int, withProbs bool) error {
	pred, err := m.PredictData(d, batch)
	if err != nil {
		return run.InferenceError(d, err)
	}
	return m.WritePredictionsCSV(w, pred, withProbs)
}
