package tensorboard

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of the messages written (TensorFlow's event.proto,
// summary.proto and histogram.proto).
const (
	eventWallTime    = 1  // double
	eventStep        = 2  // int64
	eventFileVersion = 3  // string, in oneof what
	eventSummary     = 5  // Summary, in oneof what
	eventSource      = 10 // SourceMetadata

	sourceWriter = 1 // string: SourceMetadata.writer

	summaryValue = 1 // repeated Summary.Value

	valueTag         = 1 // string
	valueSimpleValue = 2 // float, in oneof value
	valueHisto       = 5 // HistogramProto, in oneof value

	histoMin         = 1 // double
	histoMax         = 2 // double
	histoNum         = 3 // double
	histoSum         = 4 // double
	histoSumSquares  = 5 // double
	histoBucketLimit = 6 // repeated double, packed
	histoBucket      = 7 // repeated double, packed
)

// appendDouble appends a proto3 double field, omitted when it is +0 as
// proto3 omits default values.
func appendDouble(b []byte, num protowire.Number, v float64) []byte {
	if math.Float64bits(v) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.Fixed64Type)
	return protowire.AppendFixed64(b, math.Float64bits(v))
}

// appendPackedDoubles appends a packed repeated double field (omitted when
// empty).
func appendPackedDoubles(b []byte, num protowire.Number, v []float64) []byte {
	if len(v) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(8*len(v)))
	for _, x := range v {
		b = protowire.AppendFixed64(b, math.Float64bits(x))
	}
	return b
}

// appendMessage appends a length-delimited field holding msg.
func appendMessage(b []byte, num protowire.Number, msg []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, msg)
}

// encodeFirstEvent serializes the Event that starts every file: wall time,
// file version and, as TensorFlow 2.x adds, SourceMetadata naming the writer.
func encodeFirstEvent(wallTime float64, writer string) []byte {
	b := encodeEvent(wallTime, 0, FileVersion, nil)
	src := protowire.AppendTag(nil, sourceWriter, protowire.BytesType)
	src = protowire.AppendString(src, writer)
	return appendMessage(b, eventSource, src)
}

// encodeEvent serializes an Event; exactly one of fileVersion and summary
// is set by the callers.
func encodeEvent(wallTime float64, step int64, fileVersion string, summary []byte) []byte {
	var b []byte
	b = appendDouble(b, eventWallTime, wallTime)
	if step != 0 {
		b = protowire.AppendTag(b, eventStep, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(step))
	}
	if fileVersion != "" {
		b = protowire.AppendTag(b, eventFileVersion, protowire.BytesType)
		b = protowire.AppendString(b, fileVersion)
	}
	if summary != nil {
		b = appendMessage(b, eventSummary, summary)
	}
	return b
}

// encodeValueHead starts a Summary.Value with its tag.
func encodeValueHead(tag string) []byte {
	var v []byte
	if tag != "" {
		v = protowire.AppendTag(v, valueTag, protowire.BytesType)
		v = protowire.AppendString(v, tag)
	}
	return v
}

// encodeScalarSummary serializes a Summary with one simple_value. The
// value is in a oneof, so it is written even when zero.
func encodeScalarSummary(tag string, value float32) []byte {
	v := encodeValueHead(tag)
	v = protowire.AppendTag(v, valueSimpleValue, protowire.Fixed32Type)
	v = protowire.AppendFixed32(v, math.Float32bits(value))
	return appendMessage(nil, summaryValue, v)
}

// encodeHistogramSummary serializes a Summary with one HistogramProto.
func encodeHistogramSummary(tag string, h *Histogram) []byte {
	var p []byte
	p = appendDouble(p, histoMin, h.Min)
	p = appendDouble(p, histoMax, h.Max)
	p = appendDouble(p, histoNum, h.Num)
	p = appendDouble(p, histoSum, h.Sum)
	p = appendDouble(p, histoSumSquares, h.SumSquares)
	p = appendPackedDoubles(p, histoBucketLimit, h.BucketLimit)
	p = appendPackedDoubles(p, histoBucket, h.Bucket)
	v := appendMessage(encodeValueHead(tag), valueHisto, p)
	return appendMessage(nil, summaryValue, v)
}

// FileVersion is the file_version of the first Event of every file.
const FileVersion = "brain.Event:2"
