package tensorboard

import (
	"math"
	"strings"
	"testing"
)

// FuzzDecodeRecords feeds event files to the reader and the histograms it
// returns to Validate. raw is read as a whole file; event is framed as a
// valid record, twice, the second cut after cut bytes (to get past the
// CRCs). Whatever the bytes: no panic, errors name the file and record,
// every histogram's buckets and limits pair up, and a histogram Validate
// accepts has finite fields and counts that add up to a finite total.
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
			r, err := decodeBytes("fuzz", b)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "fuzz: record ") {
					t.Fatalf("error without the file and record: %v", err)
				}
				continue
			}
			if len(r.Warnings) > 1 || len(r.Warnings) == 1 && r.Warnings[0].File != "fuzz" {
				t.Fatalf("warnings %+v: at most one, for the last record", r.Warnings)
			}
			for tag, points := range r.Histograms {
				for _, p := range points {
					h := p.Histogram
					if len(h.Bucket) != len(h.BucketLimit) {
						t.Fatalf("%s: %d buckets, %d limits", tag, len(h.Bucket), len(h.BucketLimit))
					}
					if h.Validate() != nil {
						continue
					}
					total := 0.0
					for _, c := range h.Bucket {
						total += c
					}
					for _, v := range append([]float64{h.Min, h.Max, h.Num, total, h.Max - h.Min}, h.BucketLimit...) {
						if !finite(v) {
							t.Fatalf("%s: Validate accepted %+v", tag, h)
						}
					}
				}
			}
		}
	})
}
