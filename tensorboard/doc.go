// Package tensorboard writes TensorBoard event files the way TensorFlow's
// EventsWriter does, so that `tensorboard --logdir DIR` shows scalars and
// histograms written by brawn, and reads them back: ReadDir and ReadFile
// return a Run, its scalars and histograms by tag and step, with the
// records they had to leave out as Warning values. `brawn plot` reads runs
// with them; so can any program. The tags brawn logs (tags.go: "loss/train",
// "weights/0.weight", ...) are named here, for the writer and the readers.
//
// Layer 1: a leaf of brawn, below runplot, callbacks and the CLI. It may
// import google.golang.org/protobuf/encoding/protowire and the standard
// library.
//
// An event file, named events.out.tfevents.<unix seconds, 10 digits>.<host>
// as TensorFlow names it, is a sequence of TFRecords. Each record is
//
//	uint64 length, little-endian
//	uint32 masked CRC-32C of the 8 length bytes, little-endian
//	length bytes of data: one serialized tensorflow.Event protocol buffer
//	uint32 masked CRC-32C of the data, little-endian
//
// where the mask is ((crc >> 15) | (crc << 17)) + 0xa282ead8 (mod 2^32) and
// CRC-32C uses the Castagnoli polynomial. The first Event carries only
// wall_time (whole seconds), file_version "brain.Event:2" and the writer's
// name in source_metadata; the others carry wall_time (microseconds),
// step and a Summary of tagged values: simple_value for scalars, and a
// HistogramProto for histograms. Field numbers follow TensorFlow's
// event.proto, summary.proto and histogram.proto; the messages are encoded
// with google.golang.org/protobuf/encoding/protowire.
package tensorboard
