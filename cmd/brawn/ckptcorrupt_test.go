package main

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/model"
)

// trainCheckpoint trains 2 epochs on blobs with extra flags and returns the
// saved checkpoint and the data files.
func trainCheckpoint(t *testing.T, extra ...string) (modelPath, train, test string) {
	t.Helper()
	train, test = blobFiles(t)
	modelPath = filepath.Join(t.TempDir(), "m.safetensors")
	args := blobArgs(train, test, append([]string{"--save", modelPath, "--epochs", "2"}, extra...)...)
	_, _, err := runCLI(context.Background(), args...)
	require.NoError(t, err)
	return modelPath, train, test
}

// editCheckpoint writes a copy of the checkpoint in, with edit applied to
// its metadata and float32 tensors (by name; the int64 counts are kept as
// they are), and returns its path.
func editCheckpoint(t *testing.T, in string, edit func(meta map[string]string, tensors map[string][]float32)) string {
	t.Helper()
	f, err := checkpoint.Read(in)
	require.NoError(t, err)
	tensors := map[string][]float32{}
	for i := range f.Tensors {
		if f.Tensors[i].DType == checkpoint.I64 {
			continue
		}
		v, err := f.Tensors[i].Float32s()
		require.NoError(t, err)
		tensors[f.Tensors[i].Name] = v
	}
	edit(f.Metadata, tensors)
	out := make([]checkpoint.Tensor, len(f.Tensors))
	for i, tn := range f.Tensors {
		out[i] = tn
		if tn.DType != checkpoint.I64 {
			out[i] = checkpoint.F32Tensor(tn.Name, tn.Shape, tensors[tn.Name])
		}
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
	modelPath, _, test := trainCheckpoint(t)
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
		bad := editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) { meta[model.MetaArchitecture] = c.arch })
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

// A checkpoint whose training state holds a position, an optimizer step, a
// rate, a best metric or best weights the run cannot use is refused by
// --resume, naming the file and the entry as the file spells it. Before,
// a bad trainer.step panicked with a slice out of range, a bad
// trainer.epoch trained without end, a bad Adam step panicked in
// kernels.AdamStep, and NaN best weights were "kept" as the best model.
func TestResumeRefusesCorruptState(t *testing.T) {
	modelPath, train, test := trainCheckpoint(t, "--optimizer", "adamw", "--early-stop", "5", "--val-split", "0.2")
	// 300 samples less a validation split of 60, in batches of 16.
	const batches = "15 batches of an epoch (240 samples in batches of 16)"
	count := func(key, v string) string {
		return `corrupt training state: metadata "brawn.state.` + key + `" is ` + v + `, want an integer in [0, 2^53)`
	}
	type edit struct {
		name string
		edit func(meta map[string]string, tensors map[string][]float32)
		want string
	}
	var cases []edit
	setMeta := func(key, v, want string) {
		cases = append(cases, edit{key + "=" + v, func(meta map[string]string, _ map[string][]float32) { meta[model.StatePrefix+key] = v }, want})
	}
	for _, v := range []string{"-5", "-1", "NaN", "1e+30", "2.5"} {
		setMeta("trainer.step", "f:"+v, count("trainer.step", v))
	}
	setMeta("trainer.step", "f:16", `corrupt training state: metadata "brawn.state.trainer.step" is 16, beyond the `+batches)
	for _, v := range []string{"-1", "NaN", "1e+30", "-1e+30"} {
		setMeta("optim.step", "f:"+v, count("optim.step", v))
	}
	setMeta("optim.group.0.lr", "f:NaN", `corrupt training state: metadata "brawn.state.optim.group.0.lr" is NaN, want a finite number >= 0`)
	setMeta("early_stop.best", "f:NaN", `corrupt training state: metadata "brawn.state.early_stop.best" is NaN, want the best metric so far`)
	setMeta("health.first_loss", "f:NaN", `corrupt training state: metadata "brawn.state.health.first_loss" is NaN, want a finite number >= 0`)
	setMeta("health.initial_rms.0 (Linear 4->16)", "f:-1", `corrupt training state: metadata "brawn.state.health.initial_rms.0 (Linear 4->16)" is -1, want a finite number >= 0`)
	for _, v := range []string{"1e+30", "NaN", "-1e+30", "-3", "1"} {
		setMeta("trainer.epoch", "f:"+v, `metadata "brawn.state.trainer.epoch" is `+v+`, but "brawn.epoch" records 2 completed epochs`)
	}
	for _, name := range []string{"early_stop.best.0.weight", "optim.2.bias.exp_avg"} {
		cases = append(cases, edit{name, func(_ map[string]string, tensors map[string][]float32) {
			tensors[model.StatePrefix+name][1] = float32(math.NaN())
		}, `corrupt training state: tensor "brawn.state.` + name + `" holds non-finite values (element 1 is NaN)`})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := editCheckpoint(t, modelPath, c.edit)
			_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "5", "--resume", bad)...)
			require.EqualError(t, err, bad+": "+c.want)
		})
	}
	// eval decodes the file as --resume does, so it refuses the epoch too.
	bad := editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) {
		meta[model.StatePrefix+"trainer.epoch"] = "f:NaN"
	})
	_, _, err := runCLI(context.Background(), "eval", "--model", bad, "--test", test, "--label-col", "species")
	require.EqualError(t, err, bad+`: metadata "brawn.state.trainer.epoch" is NaN, but "brawn.epoch" records 2 completed epochs`)
	// The unedited checkpoint resumes.
	_, _, err = runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--resume", editCheckpoint(t, modelPath, func(map[string]string, map[string][]float32) {}))...)
	require.NoError(t, err)
}

// A flag value recorded in the checkpoint's configuration that validation
// refuses is blamed on the checkpoint, not on a flag the user did not type.
func TestResumeBlamesRecordedFlags(t *testing.T) {
	modelPath, train, test := trainCheckpoint(t)
	for _, c := range []struct{ config, want string }{
		{`{"batch":"-7"}`, `records --batch "-7", which is not valid: must be a positive integer`},
		{`{"batch":"abc"}`, `records --batch "abc", which is not valid: must be an integer`},
		{`{"dropout":"1"}`, `records --dropout "1", which is not valid: must be in [0, 1)`},
	} {
		bad := editCheckpoint(t, modelPath, func(meta map[string]string, _ map[string][]float32) { meta[model.MetaConfig] = c.config })
		_, _, err := runCLI(context.Background(), "train", "--train", train, "--test", test, "--label-col", "species", "--epochs", "5", "--resume", bad)
		require.EqualError(t, err, bad+`: metadata "brawn.config" `+c.want, c.config)
	}
	// A bad value the user typed is still the flag's error.
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--resume", modelPath, "--epochs", "-2")...)
	require.EqualError(t, err, `invalid --epochs "-2": must be a positive integer`)
}
