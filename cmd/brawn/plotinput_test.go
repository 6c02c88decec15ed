package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/tensorboard"
)

// epochScalars writes the scalars brawn train logs for an epoch, in the
// order it logs them (values exact in float32), stopping after the tag last (all of them when last
// is ""), as a run killed while writing the epoch leaves them.
func epochScalars(t *testing.T, w *tensorboard.Writer, epoch int64, last string) {
	t.Helper()
	for _, s := range []scalar{
		{"loss/train", 1.0 / float64(epoch)}, {"accuracy/train", 0.5}, {"loss/test", 1.5 / float64(epoch)}, {"accuracy/test", 0.375},
		{"lr/epoch", 0.01}, {"speed/samples_per_sec", 1000}, {"loss/val", 2.0 / float64(epoch)}, {"accuracy/val", 0.25},
	} {
		require.NoError(t, w.AddScalar(s.tag, s.v, epoch))
		if s.tag == last {
			return
		}
	}
}

// An event file that ends at a record boundary in the middle of an epoch
// (after its validation loss, before its validation accuracy) is drawn with
// what the epoch has.
func TestPlotEpochRecordedInPart(t *testing.T) {
	for _, last := range []string{"loss/val", "loss/train"} {
		t.Run(last, func(t *testing.T) {
			dir := t.TempDir()
			w, err := tensorboard.NewWriter(dir)
			require.NoError(t, err)
			epochScalars(t, w, 1, "")
			epochScalars(t, w, 2, last)
			require.NoError(t, w.Close())

			history, _, err := readLogdir(dir, io.Discard)
			require.NoError(t, err)
			require.Len(t, history, 2)
			assert.Equal(t, 0.25, *history[0].ValAccuracy)
			e := history[1]
			assert.Equal(t, 2, e.Epoch)
			assert.Equal(t, 0.5, e.TrainLoss)
			if last == "loss/val" {
				assert.Equal(t, 1.0, *e.ValLoss)
				assert.Equal(t, 0.375, e.TestAccuracy)
			} else {
				assert.Nil(t, e.ValLoss)
				// Missing, not zero: a 0 would be drawn as a real accuracy.
				assert.True(t, math.IsNaN(e.TrainAccuracy) && math.IsNaN(e.TestLoss) && math.IsNaN(e.TestAccuracy), "%+v", e)
			}
			assert.Nil(t, e.ValAccuracy)

			out, _, err := runCLI(context.Background(), "plot", dir)
			require.NoError(t, err)
			assert.Equal(t, "wrote "+filepath.Join(dir, "brawn.png")+" (2 epochs, 0 histograms)\n", out)
		})
	}
}

// A checkpoint's history may hold a validation loss without its accuracy
// (or the reverse); each is drawn where present.
func TestPlotHistoryWithoutValAccuracy(t *testing.T) {
	vl, va := 0.7, 0.6
	epochs := []model.EpochMetrics{
		{Epoch: 1, TrainLoss: 1, TrainAccuracy: 0.5, ValLoss: &vl, TestLoss: 1.1, TestAccuracy: 0.45},
		{Epoch: 2, TrainLoss: 0.8, TrainAccuracy: 0.6, ValAccuracy: &va, TestLoss: 0.9, TestAccuracy: 0.55},
	}
	require.NoError(t, writePlot(filepath.Join(t.TempDir(), "h.png"), epochs, nil))
}

// tfRecord frames data as a TFRecord (TensorFlow's record_writer.cc):
// uint64 length, masked CRC-32C of those 8 bytes, data, masked CRC-32C of
// the data, little endian.
func tfRecord(data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(data)))
	b = binary.LittleEndian.AppendUint32(b, tensorboard.MaskedCRC(b))
	b = append(b, data...)
	return binary.LittleEndian.AppendUint32(b, tensorboard.MaskedCRC(data))
}

// summaryEvent encodes an Event (event.proto: step 2, summary 5) holding
// one Summary.Value (summary.proto: value 1; Value: tag 1, simple_value 2,
// histo 5) whose fields after the tag are value.
func summaryEvent(step int64, tag string, value []byte) []byte {
	v := protowire.AppendTag(nil, 1, protowire.BytesType)
	v = protowire.AppendString(v, tag)
	v = append(v, value...)
	summary := protowire.AppendTag(nil, 1, protowire.BytesType)
	summary = protowire.AppendBytes(summary, v)
	e := protowire.AppendTag(nil, 2, protowire.VarintType)
	e = protowire.AppendVarint(e, uint64(step))
	e = protowire.AppendTag(e, 5, protowire.BytesType)
	return protowire.AppendBytes(e, summary)
}

func scalarEvent(step int64, tag string, x float32) []byte {
	v := protowire.AppendTag(nil, 2, protowire.Fixed32Type)
	return summaryEvent(step, tag, protowire.AppendFixed32(v, math.Float32bits(x)))
}

// A file cut anywhere (a run killed, or still running, while writing a
// record) gives the records before the cut, and a warning unless the cut
// falls between records; 12 to 15 bytes into a record used to panic.
func TestReadEventsCutShort(t *testing.T) {
	var file []byte
	var ends []int // where each record ends
	for i, tag := range []string{"loss/train", "accuracy/train", "loss/test"} {
		file = append(file, tfRecord(scalarEvent(1, tag, float32(i)+0.5))...)
		ends = append(ends, len(file))
	}
	for cut := 0; cut <= len(file); cut++ {
		var warn bytes.Buffer
		points, err := decodeRecords("ev", file[:cut], &warn)
		require.NoError(t, err, "cut at %d", cut)
		whole := 0
		for _, e := range ends {
			if e <= cut {
				whole++
			}
		}
		require.Len(t, points, whole, "cut at %d", cut)
		for i, p := range points {
			assert.Equal(t, float64(i)+0.5, p.Value)
		}
		start := 0
		if whole > 0 {
			start = ends[whole-1]
		}
		if cut == start {
			assert.Empty(t, warn.String(), "cut at %d, a record boundary", cut)
		} else {
			assert.Contains(t, warn.String(), fmt.Sprintf("warning: ev: the last record (record %d at byte %d) is incomplete, %d bytes of ", whole, start, cut-start), "cut at %d", cut)
		}
	}

	// Through the command: the complete epoch is drawn, the warning shown.
	dir := t.TempDir()
	cut := ends[1] + 13
	require.NoError(t, os.WriteFile(filepath.Join(dir, "events.out.tfevents.1.x"), file[:cut], 0o644))
	out, stderr, err := runCLI(context.Background(), "plot", dir)
	require.NoError(t, err)
	assert.Equal(t, "wrote "+filepath.Join(dir, "brawn.png")+" (1 epochs, 0 histograms)\n", out)
	assert.Equal(t, fmt.Sprintf("warning: %s: the last record (record 2 at byte %d) is incomplete, 13 bytes of the %d its header announces; the run was killed or is still writing it: left out\n",
		filepath.Join(dir, "events.out.tfevents.1.x"), ends[1], ends[2]-ends[1]), stderr)
}

// A record that does not match its CRCs is an error naming the file, the
// record and its byte offset.
func TestReadEventsCorrupt(t *testing.T) {
	good := tfRecord(scalarEvent(1, "loss/train", 0.5))
	for _, c := range []struct {
		at   int // byte of the second record to change
		want string
	}{
		{0, "the length's CRC does not match"},
		{9, "the length's CRC does not match"},
		{recordHeader + 2, "the data's CRC does not match"},
		{len(good) - 1, "the data's CRC does not match"},
	} {
		bad := slices.Clone(good)
		bad[c.at] ^= 0x40
		file := append(slices.Clone(good), bad...)
		_, err := decodeRecords("ev", file, io.Discard)
		require.EqualError(t, err, fmt.Sprintf("ev: record 1 at byte %d: %s (corrupt file)", len(good), c.want), "byte %d", c.at)
	}
	// Framed correctly, but not an Event.
	_, err := decodeRecords("ev", append(slices.Clone(good), tfRecord([]byte{0xff})...), io.Discard)
	require.ErrorContains(t, err, fmt.Sprintf("ev: record 1 at byte %d: ", len(good)))
}

// withTimeout runs fn and fails the test if it has not returned within d
// (the goroutine is then left running: the hang is the failure).
func withTimeout(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
	}
}

// A histogram holding NaN, infinite or negative counts, or non-finite
// limits, min, max or num, is left out with a warning naming the file, tag
// and step (the rasterizer never returned on the NaN coordinates they gave);
// the curves and the other histograms are drawn.
func TestPlotRefusesNonFiniteHistogram(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	good := func() *tensorboard.Histogram {
		return &tensorboard.Histogram{Min: 0, Max: 1, Num: 10, BucketLimit: []float64{0.5, 1}, Bucket: []float64{5, 5}}
	}
	for _, c := range []struct {
		name string
		edit func(h *tensorboard.Histogram)
		want string // the reason in the warning; "" when drawn
	}{
		{"bucket NaN", func(h *tensorboard.Histogram) { h.Bucket[0] = nan }, "bucket 0 counts NaN values"},
		{"bucket Inf", func(h *tensorboard.Histogram) { h.Bucket[1] = inf }, "bucket 1 counts +Inf values"},
		{"bucket negative", func(h *tensorboard.Histogram) { h.Bucket[1] = -5 }, "bucket 1 counts -5 values"},
		{"limit NaN", func(h *tensorboard.Histogram) { h.BucketLimit[0] = nan }, "bucket_limit 0 is NaN"},
		{"limit Inf", func(h *tensorboard.Histogram) { h.BucketLimit[1] = inf }, "bucket_limit 1 is +Inf"},
		{"min -Inf", func(h *tensorboard.Histogram) { h.Min = math.Inf(-1) }, "min is -Inf"},
		{"max Inf", func(h *tensorboard.Histogram) { h.Max = inf }, "max is +Inf"},
		{"num NaN", func(h *tensorboard.Histogram) { h.Num = nan }, "num is NaN"},
		{"num negative", func(h *tensorboard.Histogram) { h.Num = -1 }, "num is -1, below 0"},
		{"range overflows", func(h *tensorboard.Histogram) { h.Min, h.Max, h.BucketLimit[0] = -1.7e308, 1.7e308, 0 },
			"its range from min -1.7e+308 to max 1.7e+308 is wider than a float64 holds"},
		{"counts overflow", func(h *tensorboard.Histogram) { h.Bucket[0], h.Bucket[1] = 1.7e308, 1.7e308; h.BucketLimit[0] = 0.01 },
			"its counts add up to more than a float64 holds"},
		{"huge but finite", func(h *tensorboard.Histogram) { h.Min, h.Max, h.BucketLimit[0], h.Bucket[0] = -1e300, 1e300, 0, 1e300 }, ""},
		{"empty", func(h *tensorboard.Histogram) {
			*h = tensorboard.Histogram{Min: math.MaxFloat64, Max: -math.MaxFloat64, BucketLimit: []float64{math.MaxFloat64}, Bucket: []float64{0}}
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			w, err := tensorboard.NewWriter(dir)
			require.NoError(t, err)
			epochScalars(t, w, 1, "")
			h := good()
			c.edit(h)
			require.NoError(t, w.AddHistogramProto("weights/0.weight", h, 1))
			require.NoError(t, w.AddHistogramProto("weights/0.bias", good(), 1))
			require.NoError(t, w.Close())

			var out, stderr string
			withTimeout(t, 10*time.Second, "brawn plot", func() { out, stderr, err = runCLI(context.Background(), "plot", dir) })
			require.NoError(t, err)
			if c.want == "" {
				assert.Empty(t, stderr)
				assert.Contains(t, out, "(1 epochs, 2 histograms)")
				return
			}
			assert.Equal(t, fmt.Sprintf("warning: %s: histogram \"weights/0.weight\" at step 1: %s: left out\n", w.Path(), c.want), stderr)
			assert.Contains(t, out, "(1 epochs, 1 histograms)")
		})
	}
}

// Values gonum/plot cannot lay an axis out for: one value beyond 2^53 (its
// ±1 widening changed nothing and it panicked "illegal range"; e.g. one
// epoch whose only loss is 1e38), or a range wider than a float64 holds
// (it never returned). The first is drawn, the second is an error.
func TestPlotExtremeRanges(t *testing.T) {
	one := func(epoch int, v float64) []model.EpochMetrics {
		return []model.EpochMetrics{{Epoch: epoch, TrainLoss: v, TrainAccuracy: v, TestLoss: v, TestAccuracy: v}}
	}
	bins := func(h *tensorboard.Histogram) []histSource {
		b, err := weightBins(h)
		require.NoError(t, err)
		return []histSource{namedBins{Name: "0.weight", Bins: b}}
	}
	big := math.MaxFloat64
	for _, c := range []struct {
		name   string
		epochs []model.EpochMetrics
		hists  []histSource
		want   string // the error; "" when drawn
	}{
		{"one loss of 1e38", one(1, 1e38), nil, ""},
		{"one epoch at 2^62", one(1<<62, 0.5), nil, ""},
		{"epochs from MinInt64 to MaxInt64", append(one(math.MinInt64, 0.5), one(math.MaxInt64, 0.25)...), nil, ""},
		{"histogram of one value 1e20", one(1, 0.5), bins(&tensorboard.Histogram{Min: 1e20, Max: 1e20, Num: 10, BucketLimit: []float64{1e21}, Bucket: []float64{10}}), ""},
		{"histogram of one value MaxFloat64", one(1, 0.5), bins(&tensorboard.Histogram{Min: big, Max: big, Num: 10, BucketLimit: []float64{big}, Bucket: []float64{10}}), ""},
		{"weights all 3e38", one(1, 0.5), []histSource{namedValues{"0.weight", []float32{3e38, 3e38}}}, ""},
		{"losses from -MaxFloat64 to MaxFloat64", []model.EpochMetrics{{Epoch: 1, TrainLoss: -big, TrainAccuracy: 0.5, TestLoss: big, TestAccuracy: 0.5}}, nil,
			`panel "Loss", y axis: the values span -1.7976931348623157e+308 to 1.7976931348623157e+308, wider than a float64 holds`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.png")
			var err error
			withTimeout(t, 10*time.Second, "writePlot", func() { err = writePlot(path, c.epochs, c.hists) })
			if c.want == "" {
				require.NoError(t, err)
				require.FileExists(t, path)
			} else {
				require.EqualError(t, err, "plot "+path+": "+c.want)
			}
		})
	}
}

// TestPlotOutputRefusedUpFront: an --output that is a directory, or whose
// parent is a file, is refused before the run is read.
func TestPlotOutputRefusedUpFront(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "afile")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	pngDir := filepath.Join(dir, "curves.png")
	require.NoError(t, os.Mkdir(pngDir, 0o755))
	missingRun := filepath.Join(dir, "no-such-run")

	_, _, err := runCLI(context.Background(), "plot", missingRun, "--output", filepath.Join(file, "x.png"))
	require.ErrorContains(t, err, `invalid --output "`+filepath.Join(file, "x.png")+`"`)
	require.ErrorContains(t, err, "is not a directory")

	_, _, err = runCLI(context.Background(), "plot", missingRun, "--output", pngDir)
	require.ErrorContains(t, err, `invalid --output "`+pngDir+`"`)
	require.ErrorContains(t, err, "is a directory")
}
