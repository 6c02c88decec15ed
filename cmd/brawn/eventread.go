package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/brawn-ml/brawn/tensorboard"
)

// tbPoint is one tagged value read back from an event file: a scalar
// (Histo nil) or a histogram.
type tbPoint struct {
	Tag   string
	Step  int64
	Value float64
	Histo *tensorboard.Histogram
}

// Field numbers of TensorFlow's event.proto, summary.proto and
// histogram.proto that the reader needs.
const (
	eventStep       = 2
	eventSummary    = 5
	summaryValue    = 1
	valueTag        = 1
	valueSimple     = 2
	valueHistogram  = 5
	histMin         = 1
	histMax         = 2
	histNum         = 3
	histBucketLimit = 6
	histBucket      = 7
)

// TFRecord framing: a little-endian uint64 length and its masked CRC-32C,
// the data, and the data's masked CRC-32C.
const (
	recordHeader  = 12
	recordTrailer = 4
)

// readEventFile reads every scalar and histogram of a TensorBoard event
// file, checking each TFRecord's length and data CRCs; see decodeRecords.
func readEventFile(path string, warn io.Writer) ([]tbPoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return decodeRecords(path, b, warn)
}

// decodeRecords decodes the TFRecords of the event file path, whose bytes
// are b. A record whose length or data does not match its CRC, or whose
// data is not an Event, is an error naming the file, the record and its
// byte offset. A last record cut short is what a run killed while writing
// leaves (or a run still writing: the writer's buffer reaches the file in
// pieces, not in whole records), so it is left out with a warning to warn
// and the records before it are returned.
func decodeRecords(path string, b []byte, warn io.Writer) ([]tbPoint, error) {
	var out []tbPoint
	for rec, off := 0, 0; off < len(b); rec++ {
		r := b[off:]
		fail := func(format string, args ...any) ([]tbPoint, error) {
			return nil, fmt.Errorf("%s: record %d at byte %d: %s", path, rec, off, fmt.Sprintf(format, args...))
		}
		cut := func(whole string) {
			fmt.Fprintf(warn, "warning: %s: the last record (record %d at byte %d) is incomplete, %d bytes of %s; the run was killed or is still writing it: left out\n",
				path, rec, off, len(r), whole)
		}
		if len(r) < recordHeader {
			cut(fmt.Sprintf("its %d-byte header", recordHeader))
			break
		}
		n := binary.LittleEndian.Uint64(r)
		if tensorboard.MaskedCRC(r[:8]) != binary.LittleEndian.Uint32(r[8:]) {
			return fail("the length's CRC does not match (corrupt file)")
		}
		// Compared as left - n (never below 0) so that no length can wrap.
		if left := uint64(len(r) - recordHeader); n > left || left-n < recordTrailer {
			cut(fmt.Sprintf("the %d its header announces", n+recordHeader+recordTrailer))
			break
		}
		data := r[recordHeader : recordHeader+n]
		if tensorboard.MaskedCRC(data) != binary.LittleEndian.Uint32(r[recordHeader+n:]) {
			return fail("the data's CRC does not match (corrupt file)")
		}
		points, err := decodeEvent(data)
		if err != nil {
			return fail("%v", err)
		}
		out = append(out, points...)
		off += recordHeader + int(n) + recordTrailer
	}
	return out, nil
}

// fields calls fn for every field of a protobuf message, with the bytes of
// length-delimited fields or the raw value of the others.
func fields(msg []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error) error {
	for len(msg) > 0 {
		num, typ, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return protowire.ParseError(n)
		}
		msg = msg[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(msg)
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(msg)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(msg)
		case protowire.Fixed32Type:
			var x32 uint32
			x32, n = protowire.ConsumeFixed32(msg)
			x = uint64(x32)
		default:
			n = protowire.ConsumeFieldValue(num, typ, msg)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		msg = msg[n:]
		if err := fn(num, typ, v, x); err != nil {
			return err
		}
	}
	return nil
}

func decodeEvent(data []byte) ([]tbPoint, error) {
	var step int64
	var summary []byte
	err := fields(data, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == eventStep && typ == protowire.VarintType:
			step = int64(x)
		case num == eventSummary && typ == protowire.BytesType:
			summary = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []tbPoint
	err = fields(summary, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		if num != summaryValue || typ != protowire.BytesType {
			return nil
		}
		p := tbPoint{Step: step}
		err := fields(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
			switch {
			case num == valueTag && typ == protowire.BytesType:
				p.Tag = string(v)
			case num == valueSimple && typ == protowire.Fixed32Type:
				p.Value = float64(math.Float32frombits(uint32(x)))
			case num == valueHistogram && typ == protowire.BytesType:
				h, err := decodeHistogram(v)
				if err != nil {
					return err
				}
				p.Histo = h
			}
			return nil
		})
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

func decodeHistogram(msg []byte) (*tensorboard.Histogram, error) {
	h := &tensorboard.Histogram{}
	err := fields(msg, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		f := math.Float64frombits(x)
		switch {
		case num == histMin && typ == protowire.Fixed64Type:
			h.Min = f
		case num == histMax && typ == protowire.Fixed64Type:
			h.Max = f
		case num == histNum && typ == protowire.Fixed64Type:
			h.Num = f
		case (num == histBucketLimit || num == histBucket) && typ == protowire.BytesType:
			if len(v)%8 != 0 {
				return fmt.Errorf("histogram field %d: %d bytes is not a packed list of doubles", num, len(v))
			}
			d := make([]float64, len(v)/8)
			for i := range d {
				d[i] = math.Float64frombits(binary.LittleEndian.Uint64(v[8*i:]))
			}
			if num == histBucketLimit {
				h.BucketLimit = d
			} else {
				h.Bucket = d
			}
		}
		return nil
	})
	if err == nil && len(h.Bucket) != len(h.BucketLimit) {
		err = fmt.Errorf("histogram has %d buckets but %d limits", len(h.Bucket), len(h.BucketLimit))
	}
	return h, err
}

// readLogdir reads the event files brawn train --logdir wrote in dir (in
// name order, so a resumed run's later file overrides the epochs it
// repeats) and returns the metrics per epoch and the last epoch's weight
// histograms. Warnings (an incomplete last record, a histogram that
// weightBins refuses) go to warn. A metric an epoch lacks (the run was
// killed while writing it) is NaN, or nil for the validation ones.
func readLogdir(dir string, warn io.Writer) ([]epochMetrics, []namedBins, error) {
	files, err := filepath.Glob(filepath.Join(dir, "events.out.tfevents.*"))
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("%s: no TensorBoard event files (events.out.tfevents.*)", dir)
	}
	slices.Sort(files)
	byEpoch := map[int64]*epochMetrics{}
	type weightHist struct {
		tbPoint
		file string
	}
	weights := map[string]weightHist{}
	for _, f := range files {
		points, err := readEventFile(f, warn)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range points {
			if name, ok := strings.CutPrefix(p.Tag, "weights/"); ok && p.Histo != nil {
				if w, seen := weights[name]; !seen || p.Step >= w.Step {
					weights[name] = weightHist{p, f}
				}
				continue
			}
			m := byEpoch[p.Step]
			if m == nil {
				// NaN until read: an epoch a killed run wrote only in
				// part lacks some, and 0 would draw as a real value.
				nan := math.NaN()
				m = &epochMetrics{Epoch: int(p.Step), TrainLoss: nan, TrainAccuracy: nan, TestLoss: nan, TestAccuracy: nan, LR: nan}
			}
			v := p.Value
			switch p.Tag {
			case "loss/train":
				m.TrainLoss = v
			case "accuracy/train":
				m.TrainAccuracy = v
			case "loss/test":
				m.TestLoss = v
			case "accuracy/test":
				m.TestAccuracy = v
			case "loss/val":
				m.ValLoss = &v
			case "accuracy/val":
				m.ValAccuracy = &v
			case "lr/epoch":
				m.LR = v
			case "r2/test", "mse/test", "mae/test", "r2/val", "mse/val", "mae/val", "r2/train", "mse/train", "mae/train":
				*m.regressionScore(p.Tag) = &v
			default:
				continue
			}
			byEpoch[p.Step] = m
		}
	}
	var history []epochMetrics
	for _, e := range slices.Sorted(maps.Keys(byEpoch)) {
		history = append(history, *byEpoch[e])
	}
	var hists []namedBins
	for _, name := range slices.SortedFunc(maps.Keys(weights), compareTensorNames) {
		w := weights[name]
		bins, err := weightBins(w.Histo)
		if err != nil {
			fmt.Fprintf(warn, "warning: %s: histogram %q at step %d: %v: left out\n", w.file, w.Tag, w.Step, err)
			continue
		}
		hists = append(hists, namedBins{Name: name + fmt.Sprintf(" (epoch %d)", w.Step), Bins: bins})
	}
	return history, hists, nil
}
