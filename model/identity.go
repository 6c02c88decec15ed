package model

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"

	"github.com/brawn-ml/brawn/data"
)

// DataIdentity describes a training set as the run saw it (after any
// limit, the validation split and the scaling): its size and an FNV-1a 64
// checksum of the features' float32 bits, the labels and the targets.
// Metadata "brawn.train_data" records it, so that resuming on other data
// (a changed file, another file) can be refused rather than continuing
// mid-epoch on a different sample order.
type DataIdentity struct {
	Source   string `json:"source"`   // the file read (data.Dataset.Source), not checked by Matches
	Samples  int    `json:"samples"`  // samples in the set
	Features int    `json:"features"` // features per sample
	Checksum string `json:"checksum"` // 16 hex digits
}

// Identify returns d's identity.
func Identify(d *data.Dataset) *DataIdentity {
	h := fnv.New64a()
	var b [8]byte
	for _, row := range d.Rows() {
		for _, v := range row {
			binary.LittleEndian.PutUint32(b[:4], math.Float32bits(v))
			h.Write(b[:4])
		}
	}
	for _, y := range d.Y {
		binary.LittleEndian.PutUint64(b[:], uint64(y))
		h.Write(b[:])
	}
	for _, v := range d.Targets {
		binary.LittleEndian.PutUint32(b[:4], math.Float32bits(v))
		h.Write(b[:4])
	}
	return &DataIdentity{Source: d.Source, Samples: d.Len(), Features: d.Features, Checksum: fmt.Sprintf("%016x", h.Sum64())}
}

// Matches reports whether two identities describe the same data, wherever
// they were read from (Source aside).
func (id *DataIdentity) Matches(now *DataIdentity) bool {
	return id.Samples == now.Samples && id.Features == now.Features && id.Checksum == now.Checksum
}
