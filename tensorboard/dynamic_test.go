package tensorboard

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// tfEventDescriptor declares, as descriptors, the subset of TensorFlow's
// event.proto, summary.proto and histogram.proto that this package writes,
// with TensorFlow's names, numbers and types, so that the protobuf runtime
// itself can parse the events.
func tfEventDescriptor(t *testing.T) protoreflect.FileDescriptor {
	opt := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()
	rep := descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
	field := func(name string, num int32, typ descriptorpb.FieldDescriptorProto_Type, label *descriptorpb.FieldDescriptorProto_Label, msg string, oneof *int32) *descriptorpb.FieldDescriptorProto {
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(num), Type: typ.Enum(), Label: label, JsonName: proto.String(name), OneofIndex: oneof}
		if msg != "" {
			f.TypeName = proto.String(msg)
		}
		return f
	}
	const (
		dbl = descriptorpb.FieldDescriptorProto_TYPE_DOUBLE
		flt = descriptorpb.FieldDescriptorProto_TYPE_FLOAT
		i64 = descriptorpb.FieldDescriptorProto_TYPE_INT64
		str = descriptorpb.FieldDescriptorProto_TYPE_STRING
		byt = descriptorpb.FieldDescriptorProto_TYPE_BYTES
		msg = descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
	)
	zero := proto.Int32(0)
	fd := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("tfevent_subset.proto"),
		Package: proto.String("tensorboard"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("HistogramProto"), Field: []*descriptorpb.FieldDescriptorProto{
				field("min", 1, dbl, opt, "", nil), field("max", 2, dbl, opt, "", nil), field("num", 3, dbl, opt, "", nil),
				field("sum", 4, dbl, opt, "", nil), field("sum_squares", 5, dbl, opt, "", nil),
				field("bucket_limit", 6, dbl, rep, "", nil), field("bucket", 7, dbl, rep, "", nil),
			}},
			{Name: proto.String("Summary"),
				Field: []*descriptorpb.FieldDescriptorProto{field("value", 1, msg, rep, ".tensorboard.Summary.Value", nil)},
				NestedType: []*descriptorpb.DescriptorProto{{
					Name: proto.String("Value"),
					Field: []*descriptorpb.FieldDescriptorProto{
						field("node_name", 7, str, opt, "", nil), field("tag", 1, str, opt, "", nil),
						field("simple_value", 2, flt, opt, "", zero), field("obsolete_old_style_histogram", 3, byt, opt, "", zero),
						field("histo", 5, msg, opt, ".tensorboard.HistogramProto", zero),
					},
					OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("value")}},
				}}},
			{Name: proto.String("SourceMetadata"), Field: []*descriptorpb.FieldDescriptorProto{field("writer", 1, str, opt, "", nil)}},
			{Name: proto.String("Event"),
				Field: []*descriptorpb.FieldDescriptorProto{
					field("wall_time", 1, dbl, opt, "", nil), field("step", 2, i64, opt, "", nil),
					field("file_version", 3, str, opt, "", zero), field("graph_def", 4, byt, opt, "", zero),
					field("summary", 5, msg, opt, ".tensorboard.Summary", zero),
					field("source_metadata", 10, msg, opt, ".tensorboard.SourceMetadata", nil),
				},
				OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("what")}}},
		},
	}
	f, err := protodesc.NewFile(fd, nil)
	require.NoError(t, err)
	return f
}

// TestEventsParseWithProtobufRuntime decodes the written events with the
// protobuf runtime and the TensorFlow schema: every field must be known
// (a wrong number or wire type would land in the unknown fields).
func TestEventsParseWithProtobufRuntime(t *testing.T) {
	fdesc := tfEventDescriptor(t)
	eventDesc := fdesc.Messages().ByName("Event")
	w, err := newWriter(t.TempDir(), "h", func() time.Time { return time.Unix(1700000000, 5000) })
	require.NoError(t, err)
	require.NoError(t, w.AddScalar("loss", 0.5, 7))
	require.NoError(t, w.AddHistogram("w", []float32{-0.5, 0.25, 0.25, 3}, 8))
	require.NoError(t, w.Close())
	b, err := os.ReadFile(w.Path())
	require.NoError(t, err)

	var events []*dynamicpb.Message
	for _, rec := range readRecords(t, b) {
		m := dynamicpb.NewMessage(eventDesc)
		require.NoError(t, proto.Unmarshal(rec, m))
		assertNoUnknown(t, m)
		events = append(events, m)
	}
	require.Len(t, events, 3)
	get := func(m protoreflect.Message, name string) protoreflect.Value {
		fd := m.Descriptor().Fields().ByName(protoreflect.Name(name))
		require.NotNil(t, fd, name)
		return m.Get(fd)
	}
	assert.Equal(t, "brain.Event:2", get(events[0], "file_version").String())
	assert.Equal(t, "brawn", get(get(events[0], "source_metadata").Message(), "writer").String())

	assert.Equal(t, int64(7), get(events[1], "step").Int())
	assert.Equal(t, 1700000000.000005, get(events[1], "wall_time").Float())
	v := get(get(events[1], "summary").Message(), "value").List().Get(0).Message()
	assert.Equal(t, "loss", get(v, "tag").String())
	assert.Equal(t, 0.5, get(v, "simple_value").Float())

	v = get(get(events[2], "summary").Message(), "value").List().Get(0).Message()
	h := get(v, "histo").Message()
	assert.Equal(t, 4.0, get(h, "num").Float())
	assert.Equal(t, 3.0, get(h, "sum").Float())
	assert.Equal(t, 0.25+0.0625+0.0625+9, get(h, "sum_squares").Float())
	assert.Equal(t, -0.5, get(h, "min").Float())
	assert.Equal(t, 3.0, get(h, "max").Float())
	limits, counts := get(h, "bucket_limit").List(), get(h, "bucket").List()
	require.Equal(t, limits.Len(), counts.Len())
	total := 0.0
	for i := 0; i < counts.Len(); i++ {
		total += counts.Get(i).Float()
	}
	assert.Equal(t, 4.0, total)
	assert.Equal(t, math.MaxFloat64, limits.Get(limits.Len()-1).Float())
}

func assertNoUnknown(t *testing.T, m protoreflect.Message) {
	assert.Empty(t, m.GetUnknown(), "unknown fields in %s", m.Descriptor().FullName())
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len(); i++ {
				assertNoUnknown(t, v.List().Get(i).Message())
			}
		case fd.Message() != nil && !fd.IsList():
			assertNoUnknown(t, v.Message())
		}
		return true
	})
}
