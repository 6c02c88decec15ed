package main

import (
	"encoding/binary"
	"io"
	"math"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

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

// FuzzDecodeRecords feeds event files through what brawn plot does with
// them up to the drawing: decoding the records and checking and rebinning
// the histograms. raw is read as a whole file; event is framed as a valid
// record, twice, the second cut after cut bytes (to get past the CRCs).
// Whatever the bytes: no panic, errors name the file and record, and a
// histogram accepted for drawing has only finite bins.
func FuzzDecodeRecords(f *testing.F) {
	scalar := scalarEvent(1, "loss/train", 0.5)
	hist := histogramEvent(1, "weights/0.weight", 0, 1, 10, []float64{0.5, 1}, []float64{5, 5})
	file := append(tfRecord(scalar), tfRecord(hist)...)
	second := len(tfRecord(scalar))
	for _, cut := range []int{0, second, second + 12, second + 13, second + 14, second + 15, len(file) - 1, len(file)} {
		f.Add(file[:cut], scalar, uint16(cut))
	}
	f.Add(file, histogramEvent(1, "weights/0.weight", 0, 1, 10, []float64{0.5, 1}, []float64{math.NaN(), 5}), uint16(0))
	f.Add(file, histogramEvent(1, "weights/0.bias", -1.7e308, 1.7e308, 10, []float64{0, 1.7e308}, []float64{5, 5}), uint16(13))
	f.Fuzz(func(t *testing.T, raw, event []byte, cut uint16) {
		framed := tfRecord(event)
		framed = append(framed, framed[:int(cut)%(len(framed)+1)]...)
		for _, b := range [][]byte{raw, framed} {
			points, err := decodeRecords("fuzz", b, io.Discard)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "fuzz: record ") {
					t.Fatalf("error without the file and record: %v", err)
				}
				continue
			}
			for _, p := range points {
				if p.Histo == nil {
					continue
				}
				bins, err := weightBins(p.Histo)
				if err != nil {
					continue
				}
				for _, bin := range bins {
					if !finite(bin.Min) || !finite(bin.Max) || !finite(bin.Weight) || bin.Weight < 0 || bin.Max < bin.Min {
						t.Fatalf("histogram %+v gave the bin %+v", p.Histo, bin)
					}
				}
			}
		}
	})
}
