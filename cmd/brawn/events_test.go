package main

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
)

// tbValue is one Summary.Value of an event: its tag, step and either a
// simple_value or a histogram (kind "scalar" or "histo").
type tbValue struct {
	tag, kind string
	step      int64
	value     float32
}

// readEvents reads a TensorBoard event file record by record, checking
// both masked CRC-32Cs of each TFRecord, and decodes the Event protos
// (tensorflow/core/util/event.proto: wall_time 1, step 2, file_version 3,
// summary 5; summary.proto: Summary.value 1, Value.tag 1, simple_value 2,
// histo 5).
func readEvents(t *testing.T, path string) (version string, values []tbValue) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	table := crc32.MakeTable(crc32.Castagnoli)
	mask := func(c uint32) uint32 { return (c>>15 | c<<17) + 0xa282ead8 }
	for len(b) > 0 {
		require.GreaterOrEqual(t, len(b), 12)
		n := binary.LittleEndian.Uint64(b)
		require.Equal(t, mask(crc32.Checksum(b[:8], table)), binary.LittleEndian.Uint32(b[8:]), "length CRC")
		require.GreaterOrEqual(t, uint64(len(b)), 16+n)
		data := b[12 : 12+n]
		require.Equal(t, mask(crc32.Checksum(data, table)), binary.LittleEndian.Uint32(b[12+n:]), "data CRC")
		b = b[16+n:]
		var step int64
		var summary []byte
		for len(data) > 0 {
			num, typ, l := protowire.ConsumeTag(data)
			require.Greater(t, l, 0)
			data = data[l:]
			switch {
			case num == 2 && typ == protowire.VarintType:
				v, l := protowire.ConsumeVarint(data)
				step, data = int64(v), data[l:]
			case num == 3 && typ == protowire.BytesType:
				v, l := protowire.ConsumeBytes(data)
				version, data = string(v), data[l:]
			case num == 5 && typ == protowire.BytesType:
				v, l := protowire.ConsumeBytes(data)
				summary, data = v, data[l:]
			default:
				l := protowire.ConsumeFieldValue(num, typ, data)
				require.Greater(t, l, 0)
				data = data[l:]
			}
		}
		for len(summary) > 0 {
			num, typ, l := protowire.ConsumeTag(summary)
			summary = summary[l:]
			v, l := protowire.ConsumeBytes(summary)
			require.True(t, num == 1 && typ == protowire.BytesType)
			summary = summary[l:]
			val := tbValue{step: step}
			for len(v) > 0 {
				num, typ, l := protowire.ConsumeTag(v)
				v = v[l:]
				switch {
				case num == 1:
					s, l := protowire.ConsumeBytes(v)
					val.tag, v = string(s), v[l:]
				case num == 2 && typ == protowire.Fixed32Type:
					f, l := protowire.ConsumeFixed32(v)
					val.kind, val.value, v = "scalar", math.Float32frombits(f), v[l:]
				case num == 5:
					_, l := protowire.ConsumeBytes(v)
					val.kind, v = "histo", v[l:]
				default:
					l := protowire.ConsumeFieldValue(num, typ, v)
					v = v[l:]
				}
			}
			values = append(values, val)
		}
	}
	return version, values
}

func TestLogdirWritesTensorBoardEvents(t *testing.T) {
	train, test := blobFiles(t)
	logdir, metrics := filepath.Join(t.TempDir(), "runs"), filepath.Join(t.TempDir(), "m.json")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "3", "--logdir", logdir, "--json", metrics, "--val-split", "0.2")...)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(logdir, "events.out.tfevents.*"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	version, values := readEvents(t, files[0])
	assert.Equal(t, "brain.Event:2", version)

	got := map[string][]tbValue{}
	for _, v := range values {
		got[v.tag] = append(got[v.tag], v)
	}
	m := readMetrics(t, metrics)
	for i, e := range m["epochs"].([]any) {
		em := e.(map[string]any)
		for tag, key := range map[string]string{"loss/train": "train_loss", "accuracy/val": "val_accuracy", "loss/test": "test_loss", "lr/epoch": "lr"} {
			require.Len(t, got[tag], 3, tag)
			assert.Equal(t, int64(i+1), got[tag][i].step, tag)
			assert.Equal(t, float32(em[key].(float64)), got[tag][i].value, tag)
		}
	}
	// 240 training samples in batches of 16: 15 steps per epoch.
	require.Len(t, got["loss/train_batch"], 45)
	assert.Equal(t, int64(45), got["loss/train_batch"][44].step)
	for _, tag := range []string{"weights/0.weight", "weights/0.bias", "gradients/2.weight", "gradients/2.bias"} {
		require.Len(t, got[tag], 3, tag)
		assert.Equal(t, "histo", got[tag][2].kind, tag)
	}
	for _, tag := range []string{"health/0/weight_norm", "health/0/grad_norm", "health/0/dead_relu_fraction", "health/2/grad_norm", "health/grad_norm"} {
		require.Len(t, got[tag], 3, tag)
	}
	assert.Empty(t, got["health/2/dead_relu_fraction"], "the output layer has no ReLU")
}
