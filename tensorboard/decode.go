package tensorboard

import (
	"encoding/binary"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// taggedValue is one Summary.Value of an Event: a scalar (histo nil) or a
// histogram.
type taggedValue struct {
	tag    string
	step   int64
	simple float64
	histo  *Histogram
}

// eachField calls fn for every field of a protobuf message, with the bytes of
// length-delimited fields or the raw value of the others.
func eachField(msg []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error) error {
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

// decodeEventValues returns the tagged values of an Event's Summary; an Event
// without one (the file's first, holding the file version) has none.
func decodeEventValues(data []byte) ([]taggedValue, error) {
	var step int64
	var summary []byte
	err := eachField(data, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
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
	var out []taggedValue
	err = eachField(summary, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		if num != summaryValue || typ != protowire.BytesType {
			return nil
		}
		p := taggedValue{step: step}
		err := eachField(v, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
			switch {
			case num == valueTag && typ == protowire.BytesType:
				p.tag = string(v)
			case num == valueSimpleValue && typ == protowire.Fixed32Type:
				p.simple = float64(math.Float32frombits(uint32(x)))
			case num == valueHisto && typ == protowire.BytesType:
				h, err := decodeHistogram(v)
				if err != nil {
					return err
				}
				p.histo = h
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

// decodeHistogram decodes a HistogramProto; its buckets and limits must
// pair up.
func decodeHistogram(msg []byte) (*Histogram, error) {
	h := &Histogram{}
	err := eachField(msg, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		f := math.Float64frombits(x)
		switch {
		case num == histoMin && typ == protowire.Fixed64Type:
			h.Min = f
		case num == histoMax && typ == protowire.Fixed64Type:
			h.Max = f
		case num == histoNum && typ == protowire.Fixed64Type:
			h.Num = f
		case num == histoSum && typ == protowire.Fixed64Type:
			h.Sum = f
		case num == histoSumSquares && typ == protowire.Fixed64Type:
			h.SumSquares = f
		case (num == histoBucketLimit || num == histoBucket) && typ == protowire.BytesType:
			if len(v)%8 != 0 {
				return fmt.Errorf("histogram field %d: %d bytes is not a packed list of doubles", num, len(v))
			}
			d := make([]float64, len(v)/8)
			for i := range d {
				d[i] = math.Float64frombits(binary.LittleEndian.Uint64(v[8*i:]))
			}
			if num == histoBucketLimit {
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
