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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"

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
	epochs := []epochMetrics{
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
