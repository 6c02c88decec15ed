package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
)

// trainCheckpoint trains 2 epochs on blobs with extra flags and returns the
// saved checkpoint and the data files.
func trainCheckpoint(t *testing.T, extra ...string) (model, train, test string) {
	t.Helper()
	train, test = blobFiles(t)
	model = filepath.Join(t.TempDir(), "m.safetensors")
	args := blobArgs(train, test, append([]string{"--save", model, "--epochs", "2"}, extra...)...)
	_, _, err := runCLI(context.Background(), args...)
	require.NoError(t, err)
	return model, train, test
}

// editCheckpoint writes a copy of the checkpoint in, with edit applied to
// its metadata and float32 tensors (by name), and returns its path.
func editCheckpoint(t *testing.T, in string, edit func(meta map[string]string, tensors map[string][]float32)) string {
	t.Helper()
	f, err := checkpoint.Read(in)
	require.NoError(t, err)
	tensors := map[string][]float32{}
	for i := range f.Tensors {
		v, err := f.Tensors[i].Float32s()
		require.NoError(t, err)
		tensors[f.Tensors[i].Name] = v
	}
	edit(f.Metadata, tensors)
	out := make([]checkpoint.Tensor, len(f.Tensors))
	for i, tn := range f.Tensors {
		out[i] = checkpoint.F32Tensor(tn.Name, tn.Shape, tensors[tn.Name])
	}
	path := filepath.Join(t.TempDir(), "edited.safetensors")
	require.NoError(t, checkpoint.Write(path, out, f.Metadata))
	return path
}

// An architecture whose dropout is outside [0, 1) or whose leaky slope is
// not a float32 >= 0 is refused by every command that loads it, naming the
// file, the metadata entry and the field (nn.NewDropout panicked on it; a
// slope of 1e300 made every output NaN).
func TestCorruptArchitectureRefused(t *testing.T) {
	model, _, test := trainCheckpoint(t)
	cases := []struct{ arch, want string }{
		{`{"inputs":4,"hidden":[16],"classes":3,"activation":"relu","dropout":5}`, `corrupt architecture: dropout 5 (must be in [0, 1))`},
		{`{"inputs":4,"hidden":[16],"classes":3,"activation":"relu","dropout":1}`, `corrupt architecture: dropout 1 (must be in [0, 1))`},
		{`{"inputs":4,"hidden":[16],"classes":3,"activation":"relu","dropout":-0.5}`, `corrupt architecture: dropout -0.5 (must be in [0, 1))`},
		{`{"inputs":4,"hidden":[16],"classes":3,"activation":"leakyrelu","leaky_slope":1e300}`,
			`corrupt architecture: leaky_slope 1e+300 (must be >= 0 and at most float32's largest value 3.4028235e+38)`},
		{`{"inputs":4,"hidden":[16],"classes":3,"activation":"leakyrelu","leaky_slope":-2}`,
			`corrupt architecture: leaky_slope -2 (must be >= 0 and at most float32's largest value 3.4028235e+38)`},
	}
	for _, c := range cases {
		bad := editCheckpoint(t, model, func(meta map[string]string, _ map[string][]float32) { meta[metaArch] = c.arch })
		_, _, err := runCLI(context.Background(), "eval", "--model", bad, "--test", test, "--label-col", "species")
		require.EqualError(t, err, bad+`: metadata "brawn.architecture": `+c.want, c.arch)
		_, _, err = runCLI(context.Background(), "predict", "--model", bad, "--input", test, "--label-col", "species")
		require.EqualError(t, err, bad+`: metadata "brawn.architecture": `+c.want, c.arch)
	}
}

// --leaky-slope beyond float32's range is refused like a negative one.
func TestLeakySlopeBeyondFloat32(t *testing.T) {
	_, _, err := runCLI(context.Background(), "train", "--data", "mnist", "--activation", "leakyrelu", "--leaky-slope", "1e300")
	require.EqualError(t, err, `invalid --leaky-slope "1e+300": must be at most float32's largest value 3.4028235e+38 (the layer holds it as a float32)`)
}
