package tensorboard

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
)

// tfRecord frames data as a TFRecord (TensorFlow's record_writer.cc):
// uint64 length, masked CRC-32C of those 8 bytes, data, masked CRC-32C of
// the data, little endian. Written out here rather than with appendRecord,
// so that the reader is checked against the format and not the writer.
func tfRecord(data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(data)))
	b = binary.LittleEndian.AppendUint32(b, testMask(b))
	b = append(b, data...)
	return binary.LittleEndian.AppendUint32(b, testMask(data))
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

// histogramEvent encodes an Event with one HistogramProto (histogram.proto:
// min 1, max 2, num 3, bucket_limit 6 and bucket 7 as packed doubles).
func histogramEvent(step int64, tag string, lo, hi, num float64, limits, counts []float64) []byte {
	var h []byte
	for i, v := range []float64{lo, hi, num} {
		h = protowire.AppendTag(h, protowire.Number(i+1), protowire.Fixed64Type)
		h = protowire.AppendFixed64(h, math.Float64bits(v))
	}
	for _, f := range []struct {
		num protowire.Number
		v   []float64
	}{{6, limits}, {7, counts}} {
		var packed []byte
		for _, x := range f.v {
			packed = binary.LittleEndian.AppendUint64(packed, math.Float64bits(x))
		}
		h = protowire.AppendTag(h, f.num, protowire.BytesType)
		h = protowire.AppendBytes(h, packed)
	}
	v := protowire.AppendTag(nil, 5, protowire.BytesType)
	return summaryEvent(step, tag, protowire.AppendBytes(v, h))
}

// decodeBytes decodes b as the event file path.
func decodeBytes(path string, b []byte) (*Run, error) {
	r := newRun()
	if err := r.decodeRecords(path, b); err != nil {
		return nil, err
	}
	return r, nil
}

// What the Writer writes, ReadFile and ReadDir read back: scalars (as
// float32) and histograms by tag in step order, the file version event
// adding nothing.
func TestReadWhatWriterWrites(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir)
	require.NoError(t, err)
	for step := int64(3); step >= 1; step-- { // out of order: read back sorted
		require.NoError(t, w.AddScalar("loss/train", 1/float64(step), step))
	}
	require.NoError(t, w.AddScalar("lr/epoch", 0, 1)) // zero is written (a oneof), and read
	vals := []float32{-0.5, 0.25, 3}
	require.NoError(t, w.AddHistogram("weights/0.weight", vals, 2))
	require.NoError(t, w.Close())

	for name, read := range map[string]func() (*Run, error){
		"ReadFile": func() (*Run, error) { return ReadFile(w.Path()) },
		"ReadDir":  func() (*Run, error) { return ReadDir(dir) },
	} {
		t.Run(name, func(t *testing.T) {
			r, err := read()
			require.NoError(t, err)
			assert.Equal(t, []string{w.Path()}, r.Files)
			assert.Empty(t, r.Warnings)
			assert.Equal(t, []Scalar{{1, 1}, {2, float64(float32(0.5))}, {3, float64(float32(1.0 / 3))}}, r.Scalars["loss/train"])
			assert.Equal(t, []Scalar{{1, 0}}, r.Scalars["lr/epoch"])
			assert.Len(t, r.Scalars, 2)
			require.Len(t, r.Histograms["weights/0.weight"], 1)
			p := r.Histograms["weights/0.weight"][0]
			assert.Equal(t, int64(2), p.Step)
			assert.Equal(t, w.Path(), p.File)
			assert.Equal(t, NewHistogram(vals), p.Histogram)
			last, ok := r.Last("loss/train")
			assert.True(t, ok)
			assert.Equal(t, int64(3), last.Step)
			_, ok = r.Last("loss/test")
			assert.False(t, ok)
		})
	}
}

// A resumed run writes a second file that repeats epochs after its
// checkpoint: ReadDir reads files in name order, so the later file's
// values win for the steps both hold.
func TestReadDirLaterFileOverrides(t *testing.T) {
	dir := t.TempDir()
	first := append(tfRecord(scalarEvent(1, "loss/train", 1)), tfRecord(scalarEvent(2, "loss/train", 2))...)
	first = append(first, tfRecord(scalarEvent(3, "loss/train", 3))...)
	second := append(tfRecord(scalarEvent(3, "loss/train", 30)), tfRecord(scalarEvent(4, "loss/train", 40))...)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "events.out.tfevents.0000000002.h"), second, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "events.out.tfevents.0000000001.h"), first, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "other"), []byte("not an event file"), 0o644))
	r, err := ReadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, []Scalar{{1, 1}, {2, 2}, {3, 30}, {4, 40}}, r.Scalars["loss/train"])
	assert.Equal(t, []int64{1, 2, 3, 4}, EpochSteps(r.Scalars))

	_, err = ReadDir(t.TempDir())
	require.ErrorContains(t, err, "no TensorBoard event files (events.out.tfevents.*)")
}

// A file cut anywhere (a run killed, or still running, while writing a
// record) gives the records before the cut, and a warning unless the cut
// falls between records. Every cut is tried, not a few: a cut in the
// header, the data or the trailer leaves a different tail, and one 12 to
// 15 bytes in leaves a whole header with a valid CRC but less than its
// data, which only the comparison of the announced length with the bytes
// left keeps from indexing past the end.
func TestReadCutShort(t *testing.T) {
	var file []byte
	var ends []int // where each record ends
	for i, tag := range []string{"loss/train", "accuracy/train", "loss/test"} {
		file = append(file, tfRecord(scalarEvent(1, tag, float32(i)+0.5))...)
		ends = append(ends, len(file))
	}
	for cut := 0; cut <= len(file); cut++ {
		r, err := decodeBytes("ev", file[:cut])
		require.NoError(t, err, "cut at %d", cut)
		whole := 0
		for _, e := range ends {
			if e <= cut {
				whole++
			}
		}
		require.Len(t, r.Scalars, whole, "cut at %d", cut)
		for i, tag := range []string{"loss/train", "accuracy/train", "loss/test"}[:whole] {
			assert.Equal(t, []Scalar{{1, float64(i) + 0.5}}, r.Scalars[tag])
		}
		start := 0
		if whole > 0 {
			start = ends[whole-1]
		}
		if cut == start {
			assert.Empty(t, r.Warnings, "cut at %d, a record boundary", cut)
			continue
		}
		require.Len(t, r.Warnings, 1, "cut at %d", cut)
		w := r.Warnings[0]
		assert.Equal(t, Warning{File: "ev", Record: whole, Offset: int64(start), Reason: w.Reason}, w)
		whole12 := "its 12-byte header"
		if cut-start >= 12 {
			whole12 = fmt.Sprintf("the %d its header announces", ends[whole]-start)
		}
		assert.Equal(t, fmt.Sprintf("ev: the last record (record %d at byte %d) is incomplete, %d bytes of %s; the run was killed or is still writing it: left out",
			whole, start, cut-start, whole12), w.String(), "cut at %d", cut)
	}
}

// A record that does not match its CRCs is an error naming the file, the
// record and its byte offset.
func TestReadCorrupt(t *testing.T) {
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
		_, err := decodeBytes("ev", file)
		require.EqualError(t, err, fmt.Sprintf("ev: record 1 at byte %d: %s (corrupt file)", len(good), c.want), "byte %d", c.at)
	}
	// Framed correctly, but not an Event.
	_, err := decodeBytes("ev", append(slices.Clone(good), tfRecord([]byte{0xff})...))
	require.ErrorContains(t, err, fmt.Sprintf("ev: record 1 at byte %d: ", len(good)))
	// A histogram whose buckets and limits do not pair up.
	_, err = decodeBytes("ev", tfRecord(histogramEvent(1, "weights/0.weight", 0, 1, 2, []float64{1}, []float64{1, 1})))
	require.EqualError(t, err, "ev: record 0 at byte 0: histogram has 2 buckets but 1 limits")

	// Through ReadDir, the error names the file.
	dir := t.TempDir()
	path := filepath.Join(dir, "events.out.tfevents.1.x")
	require.NoError(t, os.WriteFile(path, append(slices.Clone(good), good[:len(good)-1]...), 0o644))
	r, err := ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, r.Warnings, 1)
	assert.Equal(t, path, r.Warnings[0].File)
	bad := slices.Clone(good)
	bad[len(bad)-1] ^= 1
	require.NoError(t, os.WriteFile(path, bad, 0o644))
	_, err = ReadDir(dir)
	require.EqualError(t, err, path+": record 0 at byte 0: the data's CRC does not match (corrupt file)")
}
