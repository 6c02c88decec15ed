package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// runCLI runs the brawn command tree in-process with args and returns what
// it printed on stdout and stderr and its error.
func runCLI(ctx context.Context, args ...string) (stdout, stderr string, err error) {
	return runCLIWith(ctx, nil, args...)
}

// runCLIWith is runCLI with extra callbacks in every training run's list.
func runCLIWith(ctx context.Context, extra []nn.Callback, args ...string) (stdout, stderr string, err error) {
	root := newRootCmd(extra...)
	var o, e bytes.Buffer
	root.SetOut(&o)
	root.SetErr(&e)
	root.SetArgs(args)
	err = root.ExecuteContext(ctx)
	return o.String(), e.String(), err
}

// stepHook is a training callback that calls f after every step.
func stepHook(f func(t *nn.Trainer, s *nn.StepInfo)) []nn.Callback {
	return []nn.Callback{&callbacks.Lambda{StepEnd: func(t *nn.Trainer, s *nn.StepInfo) error {
		f(t, s)
		return nil
	}}}
}

// runInterrupted runs the command tree with args, cancelled after global
// step step as a signal would cancel it, requires that the run ended
// interrupted (status 130) and returns its error.
func runInterrupted(t *testing.T, step int, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hook := stepHook(func(_ *nn.Trainer, s *nn.StepInfo) {
		if s.GlobalStep == step {
			cancel()
		}
	})
	_, _, err := runCLIWith(ctx, hook, args...)
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, exitInterrupted, ee.code)
	return err
}

// blobs writes a CSV of n samples from 3 Gaussian clusters in 4 dimensions
// (centres far apart relative to their spread, so a small network separates
// them), with a header and text labels "a", "b", "c" in the last column.
func blobs(t testing.TB, path string, n int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	centres := [3][4]float64{{0, 0, 0, 0}, {3, 3, 0, 0}, {0, 3, 3, 3}}
	var b strings.Builder
	b.WriteString("f0,f1,f2,f3,species\n")
	for i := 0; i < n; i++ {
		c := i % 3
		for j := 0; j < 4; j++ {
			fmt.Fprintf(&b, "%.4f,", centres[c][j]+0.6*rng.NormFloat64())
		}
		b.WriteString(string(rune('a'+c)) + "\n")
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// flagError is a brawn train command line's flags (beside blobArgs') and
// what its error contains.
type flagError struct {
	flags []string
	want  string
}

// requireFlagErrors runs brawn train on the blobs train and test with
// each case's flags and requires its error.
func requireFlagErrors(t *testing.T, train, test string, cases []flagError) {
	t.Helper()
	for _, c := range cases {
		_, _, err := runCLI(context.Background(), blobArgs(train, test, c.flags...)...)
		require.ErrorContains(t, err, c.want, "%v", c.flags)
	}
}

// writeIDX writes an IDX file to path: the magic of data type typ (0x08
// unsigned bytes, 0x0B int16, 0x0D float32) and len(dims) dimensions, the
// big-endian sizes, then body, the values in big-endian order.
func writeIDX(t *testing.T, path string, typ byte, dims []int, body []byte) string {
	t.Helper()
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	require.NoError(t, os.WriteFile(path, append(b, body...), 0o644))
	return path
}

// blobFiles writes a training and a test file of blobs into a temp dir.
func blobFiles(t *testing.T) (train, test string) {
	dir := t.TempDir()
	train, test = filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	blobs(t, train, 300, 1)
	blobs(t, test, 150, 2)
	return train, test
}

// stTensor is one tensor of a safetensors file as the specification
// (huggingface/safetensors, "Format") describes its header entry.
type stTensor struct {
	Dtype       string    `json:"dtype"`
	Shape       []int     `json:"shape"`
	DataOffsets [2]int    `json:"data_offsets"`
	Data        []float32 `json:"-"` // an I64 count converted
}

// readSafetensors is an independent reader of the format: 8 bytes of
// little-endian header length N, N bytes of JSON (tensor entries and an
// optional "__metadata__" of strings), then the byte buffer the offsets
// index, relative to its start. It checks what the specification requires:
// the header is JSON starting with '{', offsets are in order, contiguous,
// cover the buffer exactly and match dtype and shape.
func readSafetensors(t *testing.T, path string) (map[string]stTensor, map[string]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(b), 8)
	n := binary.LittleEndian.Uint64(b[:8])
	require.LessOrEqual(t, 8+n, uint64(len(b)), "header length beyond the file")
	header := b[8 : 8+n]
	require.Equal(t, byte('{'), header[0])
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(header, &raw))
	meta := map[string]string{}
	if m, ok := raw["__metadata__"]; ok {
		require.NoError(t, json.Unmarshal(m, &meta))
		delete(raw, "__metadata__")
	}
	buf := b[8+n:]
	tensors := map[string]stTensor{}
	type span struct{ lo, hi int }
	var spans []span
	for name, r := range raw {
		var st stTensor
		require.NoError(t, json.Unmarshal(r, &st), name)
		elems := 1
		for _, d := range st.Shape {
			elems *= d
		}
		lo, hi := st.DataOffsets[0], st.DataOffsets[1]
		require.LessOrEqual(t, hi, len(buf), name)
		st.Data = make([]float32, elems)
		switch st.Dtype {
		case "F32":
			require.Equal(t, 4*elems, hi-lo, "%s: offsets vs shape %v", name, st.Shape)
			for i := range st.Data {
				st.Data[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[lo+4*i:]))
			}
		case "I64": // num_batches_tracked, as PyTorch stores it
			require.True(t, strings.HasSuffix(name, "num_batches_tracked"), name)
			require.Equal(t, 8*elems, hi-lo, "%s: offsets vs shape %v", name, st.Shape)
			for i := range st.Data {
				st.Data[i] = float32(int64(binary.LittleEndian.Uint64(buf[lo+8*i:])))
			}
		default:
			t.Fatalf("%s: dtype %s", name, st.Dtype)
		}
		tensors[name] = st
		spans = append(spans, span{lo, hi})
	}
	// The buffer is covered exactly, without gaps or overlaps.
	covered := 0
	for _, s := range spans {
		covered += s.hi - s.lo
	}
	require.Equal(t, len(buf), covered, "tensor bytes must fill the data buffer")
	return tensors, meta
}

// readMetrics parses a --json file.
func readMetrics(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// forward64 is a float64 reference of a Linear/ReLU Sequential stored as
// state_dict tensors: h = relu(W h + b) for every layer but the last.
func forward64(tensors map[string]stTensor, layers int, x []float64) []float64 {
	h := x
	for l := 0; l < layers; l++ {
		idx := 2 * l // Linear, ReLU, Linear, ReLU, ..., Linear
		w, b := tensors[fmt.Sprintf("%d.weight", idx)], tensors[fmt.Sprintf("%d.bias", idx)]
		out, in := w.Shape[0], w.Shape[1]
		next := make([]float64, out)
		for o := 0; o < out; o++ {
			s := float64(b.Data[o])
			for i := 0; i < in; i++ {
				s += float64(w.Data[o*in+i]) * h[i]
			}
			if l < layers-1 {
				s = math.Max(s, 0)
			}
			next[o] = s
		}
		h = next
	}
	return h
}

func softmax64(z []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	var s float64
	p := make([]float64, len(z))
	for i, v := range z {
		p[i] = math.Exp(v - m)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
	return p
}

// needMNIST skips a test when the MNIST files cannot be found or fetched
// (offline, without data/mnist); they come from data.MNISTDir.
func needMNIST(t *testing.T) {
	t.Helper()
	if _, err := data.MNISTDir(); err != nil {
		t.Skipf("MNIST files not available: %v", err)
	}
}

// requireSameBits fails unless tensors a and b (named whatA and whatB in
// the message) have the same names, shapes and float32 bits.
func requireSameBits(t *testing.T, a, b map[string]stTensor, whatA, whatB string) {
	t.Helper()
	require.Equal(t, len(a), len(b))
	for name, ta := range a {
		tb, ok := b[name]
		require.True(t, ok, name)
		require.Equal(t, ta.Shape, tb.Shape, name)
		for i := range ta.Data {
			if math.Float32bits(ta.Data[i]) != math.Float32bits(tb.Data[i]) {
				t.Fatalf("%s[%d]: %s %v, %s %v", name, i, whatA, ta.Data[i], whatB, tb.Data[i])
			}
		}
	}
}

// evalTimeLine is eval's time line (see writeEvalTime), whose figures are
// the machine's.
var evalTimeLine = regexp.MustCompile(`(?m)^time  .*\n`)

// withoutEvalTime returns a command's output without eval's time line, for
// tests that compare two runs' reports.
func withoutEvalTime(out string) string { return evalTimeLine.ReplaceAllString(out, "") }
