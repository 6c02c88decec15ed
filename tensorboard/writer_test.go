package tensorboard

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
)

// testMask is TFRecord's CRC masking, written out from its definition.
func testMask(b []byte) uint32 {
	c := crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli))
	return ((c >> 15) | (c << 17)) + 0xa282ead8
}

// readRecords splits a TFRecord file, checking both CRCs of every record.
func readRecords(t *testing.T, b []byte) [][]byte {
	var recs [][]byte
	for len(b) > 0 {
		require.GreaterOrEqual(t, len(b), 12, "record header")
		n := binary.LittleEndian.Uint64(b)
		require.Equal(t, testMask(b[:8]), binary.LittleEndian.Uint32(b[8:]), "length CRC of record %d", len(recs))
		require.GreaterOrEqual(t, uint64(len(b)-12), n+4, "record %d data", len(recs))
		data := b[12 : 12+n]
		require.Equal(t, testMask(data), binary.LittleEndian.Uint32(b[12+n:]), "data CRC of record %d", len(recs))
		recs = append(recs, data)
		b = b[16+n:]
	}
	return recs
}

// event is a decoded tensorflow.Event with the fields written here.
type event struct {
	wallTime    float64
	step        int64
	fileVersion string
	writer      string
	values      []value
}

type value struct {
	tag        string
	simple     *float32
	histo      *Histogram
	otherField bool
}

// fields decodes a message into (number, type, raw value) triples.
func fields(t *testing.T, b []byte, visit func(num protowire.Number, typ protowire.Type, v []byte)) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		require.GreaterOrEqual(t, n, 0, protowire.ParseError(n))
		b = b[n:]
		m := protowire.ConsumeFieldValue(num, typ, b)
		require.GreaterOrEqual(t, m, 0, protowire.ParseError(m))
		visit(num, typ, b[:m])
		b = b[m:]
	}
}

func decodeEvent(t *testing.T, b []byte) event {
	var e event
	fields(t, b, func(num protowire.Number, typ protowire.Type, v []byte) {
		switch {
		case num == 1 && typ == protowire.Fixed64Type:
			x, _ := protowire.ConsumeFixed64(v)
			e.wallTime = math.Float64frombits(x)
		case num == 2 && typ == protowire.VarintType:
			x, _ := protowire.ConsumeVarint(v)
			e.step = int64(x)
		case num == 3 && typ == protowire.BytesType:
			s, _ := protowire.ConsumeString(v)
			e.fileVersion = s
		case num == 5 && typ == protowire.BytesType:
			msg, _ := protowire.ConsumeBytes(v)
			fields(t, msg, func(num protowire.Number, typ protowire.Type, v []byte) {
				require.Equal(t, protowire.Number(1), num, "Summary.value")
				vb, _ := protowire.ConsumeBytes(v)
				e.values = append(e.values, decodeValue(t, vb))
			})
		case num == 10 && typ == protowire.BytesType:
			msg, _ := protowire.ConsumeBytes(v)
			fields(t, msg, func(num protowire.Number, typ protowire.Type, v []byte) {
				require.Equal(t, protowire.Number(1), num, "SourceMetadata.writer")
				e.writer, _ = protowire.ConsumeString(v)
			})
		default:
			t.Fatalf("unexpected Event field %d type %d", num, typ)
		}
	})
	return e
}

func decodeValue(t *testing.T, b []byte) value {
	var v value
	fields(t, b, func(num protowire.Number, typ protowire.Type, raw []byte) {
		switch {
		case num == 1 && typ == protowire.BytesType:
			v.tag, _ = protowire.ConsumeString(raw)
		case num == 2 && typ == protowire.Fixed32Type:
			x, _ := protowire.ConsumeFixed32(raw)
			f := math.Float32frombits(x)
			v.simple = &f
		case num == 5 && typ == protowire.BytesType:
			msg, _ := protowire.ConsumeBytes(raw)
			v.histo = decodeHisto(t, msg)
		default:
			v.otherField = true
		}
	})
	return v
}

func decodeHisto(t *testing.T, b []byte) *Histogram {
	h := &Histogram{}
	doubles := map[protowire.Number]*float64{1: &h.Min, 2: &h.Max, 3: &h.Num, 4: &h.Sum, 5: &h.SumSquares}
	fields(t, b, func(num protowire.Number, typ protowire.Type, raw []byte) {
		if p, ok := doubles[num]; ok {
			require.Equal(t, protowire.Fixed64Type, typ)
			x, _ := protowire.ConsumeFixed64(raw)
			*p = math.Float64frombits(x)
			return
		}
		require.Contains(t, []protowire.Number{6, 7}, num)
		require.Equal(t, protowire.BytesType, typ, "packed")
		packed, _ := protowire.ConsumeBytes(raw)
		require.Zero(t, len(packed)%8)
		var out []float64
		for i := 0; i < len(packed); i += 8 {
			out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(packed[i:])))
		}
		if num == 6 {
			h.BucketLimit = out
		} else {
			h.Bucket = out
		}
	})
	return h
}

func TestMaskedCRC(t *testing.T) {
	// The CRC-32C check value of "123456789" is 0xE3069283 (RFC 3720 B.4).
	c := crc32.Checksum([]byte("123456789"), crc32.MakeTable(crc32.Castagnoli))
	require.Equal(t, uint32(0xE3069283), c)
	// Rotated right by 15: 0xE3069283 -> 0x2507C60D; plus 0xa282ead8.
	assert.Equal(t, uint32(0x2507C60D+0xa282ead8), MaskedCRC([]byte("123456789")))
}

func TestEventFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run1") // created by NewWriter
	clock := time.Unix(1700000000, 250000000)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	w, err := newWriter(dir, "myhost", now)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "events.out.tfevents.1700000001.myhost"), w.Path())

	require.NoError(t, w.AddScalar("loss/train", 0.75, 1))
	require.NoError(t, w.AddScalar("accuracy/train", 0, 2))
	values := []float32{-1, 0, 0, 0.5, 2, 2, float32(math.NaN())}
	require.NoError(t, w.AddHistogram("0.weight", values, 3))
	require.NoError(t, w.Flush())
	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "closing twice is harmless")
	assert.ErrorContains(t, w.AddScalar("x", 1, 4), "write after Close")

	b, err := os.ReadFile(w.Path())
	require.NoError(t, err)
	recs := readRecords(t, b)
	require.Len(t, recs, 4)

	first := decodeEvent(t, recs[0])
	assert.Equal(t, "brain.Event:2", first.fileVersion)
	assert.Equal(t, 1700000001.0, first.wallTime, "whole seconds, as in the file name")
	assert.Equal(t, "brawn", first.writer)
	assert.Zero(t, first.step)
	assert.Empty(t, first.values)

	e := decodeEvent(t, recs[1])
	assert.Equal(t, 1700000002.25, e.wallTime)
	assert.Equal(t, int64(1), e.step)
	require.Len(t, e.values, 1)
	assert.Equal(t, "loss/train", e.values[0].tag)
	require.NotNil(t, e.values[0].simple)
	assert.Equal(t, float32(0.75), *e.values[0].simple)

	e = decodeEvent(t, recs[2])
	require.Len(t, e.values, 1)
	require.NotNil(t, e.values[0].simple, "a zero scalar is still written (oneof)")
	assert.Equal(t, float32(0), *e.values[0].simple)

	e = decodeEvent(t, recs[3])
	assert.Equal(t, int64(3), e.step)
	require.Len(t, e.values, 1)
	v := e.values[0]
	assert.Equal(t, "0.weight", v.tag)
	assert.False(t, v.otherField)
	require.NotNil(t, v.histo)
	checkHistogram(t, []float64{-1, 0, 0, 0.5, 2, 2}, v.histo)
}

// checkHistogram checks a decoded histogram against the values, from the
// HistogramProto contract: bucket i counts values in [limit[i-1], limit[i]).
func checkHistogram(t *testing.T, vals []float64, h *Histogram) {
	var sum, ss float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range vals {
		sum += x
		ss += x * x
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	assert.Equal(t, float64(len(vals)), h.Num)
	assert.Equal(t, sum, h.Sum)
	assert.Equal(t, ss, h.SumSquares)
	assert.Equal(t, lo, h.Min)
	assert.Equal(t, hi, h.Max)
	require.Equal(t, len(h.BucketLimit), len(h.Bucket))
	total := 0.0
	for i, c := range h.Bucket {
		left := -math.MaxFloat64
		if i > 0 {
			left = h.BucketLimit[i-1]
			require.Less(t, left, h.BucketLimit[i], "limits increase")
		}
		n := 0.0
		for _, x := range vals {
			if x >= left && x < h.BucketLimit[i] {
				n++
			}
		}
		assert.Equal(t, n, c, "bucket %d [%g, %g)", i, left, h.BucketLimit[i])
		if i > 0 && c == 0 {
			assert.NotZero(t, h.Bucket[i-1], "runs of empty buckets are merged")
		}
		total += c
	}
	assert.Equal(t, float64(len(vals)), total)
	assert.Equal(t, math.MaxFloat64, h.BucketLimit[len(h.BucketLimit)-1])
}

func TestDefaultBucketLimits(t *testing.T) {
	l := DefaultBucketLimits()
	mid := len(l) / 2
	require.Equal(t, 1, len(l)%2)
	assert.Equal(t, -math.MaxFloat64, l[0])
	assert.Equal(t, math.MaxFloat64, l[len(l)-1])
	assert.Equal(t, 0.0, l[mid])
	assert.Equal(t, 1e-12, l[mid+1])
	for i := 1; i < mid; i++ {
		assert.Equal(t, -l[mid-i], l[mid+i], "symmetric")
	}
	for i := mid + 2; i < len(l)-1; i++ {
		assert.InEpsilon(t, 1.1, l[i]/l[i-1], 1e-12, "10%% growth at %d", i)
	}
	assert.Less(t, l[len(l)-2], 1e20)
	assert.GreaterOrEqual(t, l[len(l)-2]*1.1, 1e20*(1-1e-12))
	// 1e-12 * 1.1^k < 1e20 for k = 0..773: 774 positive finite limits.
	assert.Equal(t, 2*(774+1)+1, len(l))
}

func TestHistogramEdgeCases(t *testing.T) {
	empty := NewHistogram(nil)
	assert.Equal(t, []float64{math.MaxFloat64}, empty.BucketLimit)
	assert.Equal(t, []float64{0}, empty.Bucket)
	assert.Equal(t, math.MaxFloat64, empty.Min)
	assert.Equal(t, -math.MaxFloat64, empty.Max)
	assert.Zero(t, empty.Num)

	inf := NewHistogram([]float32{float32(math.Inf(1)), float32(math.Inf(-1))})
	assert.Equal(t, 2.0, inf.Num)
	assert.Equal(t, 1.0, inf.Bucket[0], "-Inf in the first bucket")
	assert.Equal(t, 1.0, inf.Bucket[len(inf.Bucket)-1], "+Inf in the last bucket")

	vals := make([]float32, 1000)
	var f64 []float64
	for i := range vals {
		vals[i] = float32(math.Sin(float64(i)) * math.Pow(10, float64(i%9-4)))
		f64 = append(f64, float64(vals[i]))
	}
	checkHistogram(t, f64, NewHistogram(vals))
}

func TestWriterNamesAndErrors(t *testing.T) {
	dir := t.TempDir()
	fixed := func() time.Time { return time.Unix(42, 0) }
	w1, err := newWriter(dir, "h", fixed)
	require.NoError(t, err)
	w2, err := newWriter(dir, "h", fixed)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "events.out.tfevents.0000000042.h"), w1.Path())
	assert.Equal(t, filepath.Join(dir, "events.out.tfevents.0000000042.h.1"), w2.Path(), "never two writers on one file")
	require.NoError(t, w1.Close())
	require.NoError(t, w2.Close())

	w, err := NewWriter(dir)
	require.NoError(t, err)
	host, _ := os.Hostname()
	assert.Regexp(t, regexp.MustCompile(`^events\.out\.tfevents\.\d{10}\.`+regexp.QuoteMeta(host)+`$`), filepath.Base(w.Path()))
	require.NoError(t, w.AddHistogramProto("h", &Histogram{BucketLimit: []float64{1}, Bucket: []float64{2}, Num: 2}, 1))
	err = w.AddHistogramProto("bad", &Histogram{BucketLimit: []float64{1, 2}, Bucket: []float64{1}}, 1)
	assert.EqualError(t, err, fmt.Sprintf("%s: histogram %q has 1 buckets and 2 bucket limits; they must be equal and non-zero", w.Path(), "bad"))
	require.NoError(t, w.Close())

	blocker := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	_, err = NewWriter(filepath.Join(blocker, "sub"))
	assert.ErrorContains(t, err, "tensorboard log directory: ")
	assert.ErrorContains(t, err, blocker)
}
