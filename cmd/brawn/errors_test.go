package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/model"
)

// Every bad flag is refused before any data is read, with a message naming
// the flag, the value and what is allowed.
func TestBadFlags(t *testing.T) {
	mnist := []string{"train", "--data", "mnist"}
	warmupMax := `invalid --warmup "9223372036854775807": must be at most 2147483647 optimizer steps`
	if strconv.IntSize == 32 {
		// Refused as it is parsed, not taken as the -1 of its low 32 bits.
		warmupMax = `invalid --warmup "9223372036854775807": must be an integer from -2147483648 to 2147483647 on this 32-bit platform`
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"train"}, "no training data: give --data mnist, or --train FILE and --test FILE (CSV or IDX)"},
		{[]string{"train", "--train", "a.csv"}, "no test data: give --test FILE (CSV or IDX), or hold out part of --train with --test-split FRACTION, e.g. --test-split 0.2"},
		{[]string{"train", "--data", "cifar"}, `invalid --data "cifar": want one of mnist`},
		{[]string{"train", "--data", "mnist", "--train", "a.csv"}, "--data mnist cannot be combined with --train/--test"},
		{append(mnist, "--lr", "-1"), `invalid --lr "-1": must be a finite number > 0`},
		{append(mnist, "--lr", "NaN"), `invalid --lr "NaN": must be a finite number > 0`},
		{append(mnist, "--optimizer", "lbfgs"), `invalid --optimizer "lbfgs": want one of sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad`},
		{append(mnist, "--layers", "256,x"), `invalid --layers "256,x": "x" is not a positive integer (want hidden sizes like 256,128)`},
		{append(mnist, "--layers", "256,-3"), `invalid --layers "256,-3": "-3" is not a positive integer`},
		{append(mnist, "--activation", "gelu"), `invalid --activation "gelu": want one of relu, leakyrelu, sigmoid, tanh`},
		{append(mnist, "--init", "orthogonal"), `invalid --init "orthogonal": want one of he, he-normal, he-uniform, xavier`},
		{append(mnist, "--batch", "0"), `invalid --batch "0": must be a positive integer`},
		{append(mnist, "--seed", "-1"), `invalid --seed "-1": must be a non-negative integer`},
		{append(mnist, "--epochs", "x"), `invalid --epochs "x": must be an integer`},
		{append(mnist, "--lr", "1e-3x"), `invalid --lr "1e-3x": must be a number`},
		{append(mnist, "--epochs", "-2"), `invalid --epochs "-2": must be a positive integer`},
		{append(mnist, "--dropout", "1"), `invalid --dropout "1": must be in [0, 1)`},
		{append(mnist, "--val-split", "1.5"), `invalid --val-split "1.5": must be in [0, 1)`},
		{append(mnist, "--optimizer", "momentum", "--momentum", "1"), `invalid --momentum "1": must be in [0, 1)`},
		{append(mnist, "--momentum", "0.9"), "--momentum applies to --optimizer momentum|nesterov|rmsprop, not adam"},
		{append(mnist, "--optimizer", "sgd", "--beta1", "0.8"), "--beta1 applies to --optimizer adam|adamw, not sgd"},
		{append(mnist, "--optimizer", "rmsprop", "--amsgrad"), "--amsgrad applies to --optimizer adam|adamw, not rmsprop"},
		{append(mnist, "--optimizer", "momentum", "--eps", "1e-6"), "--eps applies to --optimizer adam|adamw|rmsprop|adagrad, not momentum"},
		{append(mnist, "--leaky-slope", "0.2"), "--leaky-slope applies to --activation leakyrelu, not relu"},
		{append(mnist, "--l2", "-0.1"), `invalid --l2 "-0.1": must be a finite number >= 0`},
		{append(mnist, "--clip-norm", "-1"), `invalid --clip-norm "-1": must be a finite number >= 0`},
		{append(mnist, "--clip-value", "-1"), `invalid --clip-value "-1": must be a finite number >= 0`},
		{append(mnist, "--clip-value", "NaN"), `invalid --clip-value "NaN": must be a finite number >= 0`},
		{append(mnist, "--loss", "hinge"), `invalid --loss "hinge": want one of cross-entropy, mse`},
		{append(mnist, "--loss", "mse", "--label-smoothing", "0.1"), `invalid --label-smoothing "0.1": applies to --loss cross-entropy only`},
		{append(mnist, "--lr-schedule", "linear"), `invalid --lr-schedule "linear": want one of constant, step, multistep, exponential, cosine, plateau`},
		{append(mnist, "--lr-schedule", "cosine", "--gamma", "0.5"), "--gamma applies to --lr-schedule step|multistep|exponential, not cosine"},
		{append(mnist, "--step-size", "3"), "--step-size applies to --lr-schedule step, not cosine"},
		{append(mnist, "--lr-schedule", "multistep"), `invalid --milestones "": --lr-schedule multistep needs epochs like 30,80`},
		{append(mnist, "--lr-schedule", "multistep", "--milestones", "8,4"), `invalid --milestones "8,4": must be strictly increasing epochs like 30,80`},
		{append(mnist, "--lr-schedule", "step", "--gamma", "2"), `invalid --gamma "2": must be in (0, 1]`},
		{append(mnist, "--lr-schedule", "cosine", "--eta-min", "0.01"), `invalid --eta-min "0.01": must be below --lr (0.001)`},
		{append(mnist, "--warmup", "-5"), `invalid --warmup "-5": must be >= 0 optimizer steps`},
		{append(mnist, "--warmup", "9223372036854775807"), warmupMax},
		{append(mnist, "--eps", "1e300"), `invalid --eps "1e+300": must be at most float32's largest value 3.4028235e+38 (brawn computes with it in float32)`},
		{append(mnist, "--lr", "1e39"), `invalid --lr "1e+39": must be at most float32's largest value 3.4028235e+38 (brawn computes with it in float32)`},
		{append(mnist, "--weight-decay", "1e300"), `invalid --weight-decay "1e+300": must be at most float32's largest value 3.4028235e+38 (brawn computes with it in float32)`},
		{append(mnist, "--l1", "1e300"), `invalid --l1 "1e+300": must be at most float32's largest value 3.4028235e+38 (brawn computes with it in float32)`},
		{append(mnist, "--l2", "1e300"), `invalid --l2 "1e+300": must be at most float32's largest value 3.4028235e+38 (brawn computes with it in float32)`},
		{append(mnist, "--early-stop", "3"), `invalid --early-stop "3": needs a validation set: add --val-split, e.g. --val-split 0.1`},
		{append(mnist, "--threads", "-1"), `invalid --threads "-1": must be >= 0`},
		{append(mnist, "--threads", "100000"), `invalid --threads "100000": must be at most 1024`},
		{append(mnist, "--plot", "curves.jpg"), `invalid --plot "curves.jpg": must name a .png file`},
		{append(mnist, "--header", "maybe"), `invalid --header "maybe": want one of auto, yes, no`},
		{append(mnist, "--delimiter", ";;"), `invalid --delimiter ";;": want a single character other than a quote or newline`},
		{append(mnist, "--normalize", "zscore"), `invalid --normalize "zscore": want one of none, minmax, standard`},
		{append(mnist, "--train-limit", "-1"), `invalid --train-limit "-1": must be >= 0 (0 = all rows)`},
		{append(mnist, "--save", "/nonexistent/dir/m.safetensors"), `invalid --save "/nonexistent/dir/m.safetensors": the directory /nonexistent/dir does not exist`},
		{append(mnist, "--json", "/nonexistent/m.json"), `invalid --json "/nonexistent/m.json": the directory /nonexistent does not exist`},
		{append(mnist, "--save", "run.png", "--plot", "run.png"), `invalid --plot "run.png": is also the --save file; give each output its own file`},
		{append(mnist, "--save", "a.st", "--logdir", "./a.st"), `invalid --logdir "./a.st": is also the --save file; give each output its own file`},
		{append(mnist, "--json", "m.json", "--plot", "m.json"), `invalid --plot "m.json": must name a .png file`},
		{append(mnist, "--json", "m.png", "--plot", "m.png"), `invalid --plot "m.png": is also the --json file; give each output its own file`},
		{append(mnist, "--log-every", "0"), `invalid --log-every "0": must be a number of seconds > 0`},
		{append(mnist, "--resume", "/nonexistent/run.safetensors"), "/nonexistent/run.safetensors: no such file or directory"},
		{[]string{"train", "--data", "mnist", "extra"}, `unknown command "extra" for "brawn train"`},
		{[]string{"train", "--data", "mnist", "--lr", "fast"}, `invalid --lr "fast": must be a number`},
		{[]string{"eval", "--data", "mnist"}, "--model FILE is required"},
		{[]string{"eval", "--model", "m.safetensors"}, "reading the model: open m.safetensors"},
		{[]string{"eval", "--model", "m.safetensors", "--data", "mnist", "--batch", "0"}, `invalid --batch "0": must be a positive integer`},
		{[]string{"predict", "--model", "m.safetensors"}, "--input FILE is required"},
		{[]string{"predict", "--input", "x.csv"}, "--model FILE is required"},
		{[]string{"bench", "gemm", "--plot", "/tmp/x.txt"}, `invalid --plot "/tmp/x.txt": must name a .png, .svg or .pdf file`},
		{[]string{"bench", "gemm", "--plot", "/nonexistent/x.png"}, `invalid --plot "/nonexistent/x.png": the directory /nonexistent does not exist`},
		{[]string{"bench", "peak", "--markdown", "/nonexistent/r.md"}, `invalid --markdown "/nonexistent/r.md": the directory /nonexistent does not exist`},
		{[]string{"bench", "peak", "--samples", "0"}, `invalid --samples "0": must be an integer from 1 to 1000`},
		{[]string{"bench", "peak", "--samples", "-3"}, `invalid --samples "-3": must be an integer from 1 to 1000`},
		{[]string{"plot"}, "brawn plot needs one RUN, got 0: a --logdir directory, a model saved by --save, or a directory of models"},
		{[]string{"plot", "nosuchdir"}, "RUN nosuchdir does not exist: give a --logdir directory, a model saved by --save, or a directory of models"},
	}
	for _, c := range cases {
		_, _, err := runCLI(context.Background(), c.args...)
		if assert.Error(t, err, "%v", c.args) {
			assert.Contains(t, err.Error(), c.want, "%v", c.args)
		}
	}
}

// Bad data files and models are refused with the file, the place and what
// is wrong; nothing panics.
func TestBadData(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	train, test := blobFiles(t)
	modelPath := filepath.Join(dir, "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--epochs", "1")...)
	require.NoError(t, err)

	ragged := write("ragged.csv", "a,b,label\n1,2,0\n3,4\n5,6,1\n")
	notNumber := write("nan.csv", "a,b,label\n1,2,0\n3,x,1\n")
	missing := write("missing.csv", "a,b,label\n1,2,0\n3,,1\n")
	good2 := write("good2.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,1\n")
	threeCols := write("three.csv", "a,b,c,label\n1,2,3,0\n3,4,5,1\n")
	twoFeatures := write("two.csv", "x,y,species\n1,2,a\n3,4,b\n")
	badLabel := write("label.csv", "f0,f1,f2,f3,species\n1,2,3,4,z\n")
	wrongMagic := write("images-idx3", "\x00\x00\x0a\x03\x00\x00\x00\x01") // IDX defines no type 0x0A
	truncated := write("t-images-idx3-ubyte", "\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x1c\x00\x00\x00\x1c\x00\x00")
	labels := write("t-labels-idx1-ubyte", "\x00\x00\x08\x01\x00\x00\x00\x02\x01\x02")
	idxImages := func(name string, n int) string { // n images of 2x2 pixels
		b := []byte{0, 0, 8, 3, 0, 0, 0, byte(n), 0, 0, 0, 2, 0, 0, 0, 2}
		for i := 0; i < 4*n; i++ {
			b = append(b, byte(37*i))
		}
		return write(name, string(b))
	}
	idxLabels := func(name string, labels ...byte) string {
		return write(name, string(append([]byte{0, 0, 8, 1, 0, 0, 0, byte(len(labels))}, labels...)))
	}
	trImages, trLabels := idxImages("tr-images-idx3-ubyte", 4), idxLabels("tr-labels-idx1-ubyte", 0, 1, 0, 1)
	teImages, teLabels := idxImages("te-images-idx3-ubyte", 2), idxLabels("te-labels-idx1-ubyte", 1, 5)
	shortLabels := idxLabels("short-labels", 0, 1, 0)
	badMagic := write("magic-images", "\x01\x02\x08\x03\x00\x00\x00\x01")
	manyDims := write("many-images-idx3-ubyte", "\x00\x00\x08\x99"+strings.Repeat("\x00", 7240))
	zeroDim := write("zero-images-idx3-ubyte", "\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x02")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err = zw.Write([]byte("a,b,label\n1,2,0\n"))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	gzCSV := write("csv-images-idx3-ubyte.gz", gz.String())
	semicolons := write("semi.csv", "a;b;label\n1;2;0\n3;4;1\n")
	dupHeader := write("dup.csv", "a,label,label\n1,2,0\n3,4,1\n")
	labelTypo := write("typo.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,1.5\n7,8,0\n")
	var typo strings.Builder // 200 labels 0..9 and one -1
	typo.WriteString("a,b,label\n")
	for i := range 200 {
		fmt.Fprintf(&typo, "%d,%d,%d\n", i, 2*i, i%10)
	}
	typo.WriteString("7,8,-1\n")
	negativeTypo := write("negative.csv", typo.String())
	plusMinus := write("plusminus.csv", "a,b,label\n1,2,-1\n3,4,1\n5,6,-1\n")
	labelHuge := write("huge.csv", "a,b,label\n1,2,0\n3,4,100000\n5,6,1\n")
	corrupt := write("corrupt.safetensors", "\x10\x00\x00\x00\x00\x00\x00\x00{\"a\":")
	mb, err := os.ReadFile(modelPath)
	require.NoError(t, err)
	truncModel := write("trunc.safetensors", string(mb[:len(mb)-7]))
	// rewrite copies the model with one metadata entry replaced, or with
	// the first value of tensor "0.weight" replaced.
	rewrite := func(name, key, value string, weight0 float32) string {
		f, err := checkpoint.Read(modelPath)
		require.NoError(t, err)
		if key != "" {
			f.Metadata[key] = value
		}
		for i := range f.Tensors {
			if tt := &f.Tensors[i]; tt.Name == "0.weight" && key == "" {
				v, err := tt.Float32s()
				require.NoError(t, err)
				v[0] = weight0
				f.Tensors[i] = checkpoint.F32Tensor(tt.Name, tt.Shape, v)
			}
		}
		p := filepath.Join(dir, name)
		require.NoError(t, checkpoint.Write(p, f.Tensors, f.Metadata))
		return p
	}
	zeroHidden := rewrite("arch0.safetensors", model.MetaArchitecture, `{"inputs":4,"hidden":[0],"classes":3,"activation":"relu"}`, 0)
	negInputs := rewrite("archneg.safetensors", model.MetaArchitecture, `{"inputs":-4,"hidden":[16],"classes":3,"activation":"relu"}`, 0)
	nanWeight := rewrite("nan.safetensors", "", "", float32(math.NaN()))
	infWeight := rewrite("inf.safetensors", "", "", float32(math.Inf(-1)))

	maxInt := strconv.Itoa(math.MaxInt) // sizes whose product overflows an int
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"ragged row", []string{"train", "--train", ragged, "--test", good2}, []string{ragged + ":3: ragged row: 2 fields, but the header has 3"}},
		{"not a number", []string{"train", "--train", notNumber, "--test", good2}, []string{notNumber + `:3: column "b" (index 1): "x" is not a number`}},
		{"missing value", []string{"train", "--train", missing, "--test", good2}, []string{missing + `:3: column "b" (index 1): missing value`}},
		{"test features differ", []string{"train", "--train", good2, "--test", threeCols}, []string{threeCols, "3 features per sample", "expects 2"}},
		{"unknown test label", []string{"train", "--train", train, "--test", badLabel}, []string{badLabel + `:2: column "species" (index 4): label "z" is not one of the 3 classes`}},
		{"IDX element type", []string{"train", "--train", wrongMagic, "--train-labels", labels, "--test", good2}, []string{wrongMagic, "unknown IDX element type 0x0A"}},
		{"truncated IDX", []string{"train", "--train", truncated, "--test", good2}, []string{truncated, "truncated"}},
		{"IDX wrong magic", []string{"train", "--train", badMagic, "--train-labels", trLabels, "--test", good2}, []string{badMagic, "wrong magic number 0x01020803"}},
		{"IDX 153 dimensions", []string{"train", "--train", manyDims, "--train-labels", trLabels, "--test", good2}, []string{manyDims + ": wrong magic number 0x00000899: 153 dimensions; IDX images and labels have 1 to 4"}},
		{"IDX zero dimension", []string{"train", "--train", zeroDim, "--train-labels", trLabels, "--test", good2}, []string{zeroDim + ": IDX dimension 2 of 3 is 0"}},
		{"gzipped CSV named IDX", []string{"train", "--train", gzCSV, "--test", good2}, []string{gzCSV + ": wrong magic number 0x612C622C: not an IDX file"}},
		{"semicolons without --delimiter", []string{"train", "--train", semicolons, "--test", semicolons}, []string{semicolons + `: no feature columns: the only column is the label (the first line holds ";": if that is the field delimiter, give it, e.g. --delimiter ';')`}},
		{"duplicate label column name", []string{"train", "--train", dupHeader, "--test", dupHeader, "--label-col", "label"}, []string{dupHeader + `: the label column "label" is ambiguous: the header has 2 columns of that name (indices 1, 2); give the label column by index`}},
		{"one label not an integer", []string{"train", "--train", labelTypo, "--test", good2}, []string{labelTypo + `:4: column "label" (index 2): label "1.5" is not an integer class index, but 3 of the 4 labels are`}},
		{"one negative label among class indices", []string{"train", "--train", negativeTypo, "--test", good2}, []string{negativeTypo + `:202: column "label" (index 2): label -1 is negative, but 200 of the 201 labels are class indices >= 0`}},
		{"-1/+1 labels are text classes", []string{"train", "--train", plusMinus, "--test", good2}, []string{good2 + `:2: column "label" (index 2): label "0" is not one of the 2 classes of the training data`}},
		{"label far beyond the others", []string{"train", "--train", labelHuge, "--test", good2}, []string{labelHuge + `:3: column "label" (index 2): label 100000 makes 100001 classes (0..100000), but the other labels are class indices 0..1; fix it, or set --task classification to make each distinct label a class, as scikit-learn does`}},
		{"IDX counts differ", []string{"train", "--train", trImages, "--train-labels", shortLabels, "--test", good2}, []string{"image and label counts differ", trImages + " has 4 images", shortLabels + " has 3 labels"}},
		{"IDX test label out of range", []string{"train", "--train", trImages, "--test", teImages}, []string{teLabels, "label 5 of item 1 is out of range: expected 0..1 (2 classes)"}},
		{"network far too large", []string{"train", "--train", train, "--test", test, "--layers", maxInt + "," + maxInt}, []string{"has more than 1073741824 parameters"}},
		{"network too large", []string{"train", "--train", train, "--test", test, "--layers", "100000,100000"}, []string{"the network 4-100000-100000-3 has more than 1073741824 parameters"}},
		{"missing file", []string{"train", "--train", filepath.Join(dir, "nope.csv"), "--test", good2}, []string{"nope.csv", "no such file"}},
		{"eval features differ", []string{"eval", "--model", modelPath, "--test", twoFeatures}, []string{twoFeatures, "2 features per sample, but the model expects 4"}},
		{"predict features differ", []string{"predict", "--model", modelPath, "--input", good2, "--output", filepath.Join(dir, "never.csv")}, []string{good2, "3 features per sample, but the model expects 4"}},
		{"corrupt model", []string{"eval", "--model", corrupt, "--test", test}, []string{corrupt}},
		{"truncated model", []string{"eval", "--model", truncModel, "--test", test}, []string{truncModel}},
		{"data file as model", []string{"eval", "--model", train, "--test", test}, []string{train}},
		{"zero hidden size", []string{"eval", "--model", zeroHidden, "--test", test}, []string{zeroHidden, "corrupt architecture: hidden size 0"}},
		{"negative inputs", []string{"eval", "--model", negInputs, "--test", test}, []string{negInputs, "corrupt architecture: inputs -4"}},
		{"NaN weight", []string{"eval", "--model", nanWeight, "--test", test}, []string{nanWeight, `tensor "0.weight" holds non-finite values (element 0 is NaN)`}},
		{"infinite weight", []string{"predict", "--model", infWeight, "--input", test}, []string{infWeight, `tensor "0.weight" holds non-finite values (element 0 is -Inf)`}},
		{"save over the training data", []string{"train", "--train", train, "--test", test, "--save", train}, []string{`invalid --save "` + train + `": is the --train data file`}},
		{"save over the test data", []string{"train", "--train", train, "--test", test, "--save", filepath.Join(filepath.Dir(test), ".", "test.csv")}, []string{"is the --test data file"}},
		{"json over the training data", []string{"train", "--train", train, "--test", test, "--json", train}, []string{`invalid --json "` + train + `": is the --train data file`}},
		{"resume from a data file", []string{"train", "--train", train, "--test", test, "--resume", train}, []string{train}},
		{"json over the resumed checkpoint", []string{"train", "--train", train, "--test", test, "--resume", modelPath, "--json", modelPath}, []string{`invalid --json "` + modelPath + `": is the --resume checkpoint; writing it would overwrite the checkpoint`}},
	}
	if _, err := os.Stat("/proc/meminfo"); err == nil { // Linux: the estimate is checked against MemAvailable
		cases = append(cases, struct {
			name string
			args []string
			want []string
		}{"network needs more memory than there is", []string{"train", "--train", train, "--test", test, "--layers", "100000000"},
			[]string{"the network 4-100000000-3 needs about 947.7 GiB to train (weights, gradients, adam state and the activations of batches of 128), more than the", "of memory available (", "); use smaller --layers or --batch"}})
	}
	for _, c := range cases {
		_, _, err := runCLI(context.Background(), c.args...)
		if assert.Error(t, err, c.name) {
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w, c.name)
			}
		}
	}
	assert.NoFileExists(t, filepath.Join(dir, "never.csv"), "a failed predict leaves no output file")
}

// A checkpoint whose tensors do not fit the architecture in its metadata
// is refused, naming the tensor.
func TestModelArchitectureMismatch(t *testing.T) {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--epochs", "1")...)
	require.NoError(t, err)
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	m.Arch.Hidden = []int{8}
	bad := filepath.Join(t.TempDir(), "bad.safetensors")
	require.NoError(t, model.Save(bad, m))
	_, _, err = runCLI(context.Background(), "eval", "--model", bad, "--test", test)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad+`: tensor "0.weight" (layer 0, Linear(4, 8)) has shape [16 4], the architecture 4-8-3 needs [8 4]`)
}

// An architecture in the metadata bigger than the tensors the file holds is
// refused before anything is allocated for it.
func TestModelArchitectureLargerThanFile(t *testing.T) {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--epochs", "1")...)
	require.NoError(t, err)
	m, err := model.Load(modelPath)
	require.NoError(t, err)
	m.Arch.Hidden = []int{1 << 20}
	bad := filepath.Join(t.TempDir(), "bad.safetensors")
	require.NoError(t, model.Save(bad, m))
	_, err = model.Load(bad)
	require.EqualError(t, err, bad+": the architecture 4-1048576-3 needs 8388611 weights and biases, the file holds 131 values")
}
