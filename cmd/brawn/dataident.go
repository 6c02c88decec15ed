package main

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"

	"github.com/brawn-ml/brawn/data"
)

// metaTrainData records which training data a checkpoint's run used, so
// that --resume with other data (a changed file, another file) is refused
// rather than continuing mid-epoch on a different sample order.
const metaTrainData = "brawn.train_data"

// dataIdentity describes a training set as the run saw it (after
// --train-limit, the validation split and normalisation): its size and an
// FNV-1a 64 checksum of the features' float32 bits and the labels.
type dataIdentity struct {
	Source   string `json:"source"`
	Samples  int    `json:"samples"`
	Features int    `json:"features"`
	Checksum string `json:"checksum"`
}

func identify(d *data.Dataset) *dataIdentity {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range d.X {
		binary.LittleEndian.PutUint32(b[:4], math.Float32bits(v))
		h.Write(b[:4])
	}
	for _, y := range d.Y {
		binary.LittleEndian.PutUint64(b[:], uint64(y))
		h.Write(b[:])
	}
	for _, v := range d.Targets {
		binary.LittleEndian.PutUint32(b[:4], math.Float32bits(v))
		h.Write(b[:4])
	}
	return &dataIdentity{Source: d.Source, Samples: d.Len(), Features: d.Features, Checksum: fmt.Sprintf("%016x", h.Sum64())}
}

// sameData refuses to resume on training data other than the run's; a
// checkpoint that records none (an older file) is not checked.
func (id *dataIdentity) sameData(checkpoint string, now *dataIdentity) error {
	if id == nil || id.matches(now) {
		return nil
	}
	return fmt.Errorf("%s was trained on other data: %s gave %d samples of %d features (checksum %s), %s gives %d samples of %d features (checksum %s); resume with the data it was trained on",
		checkpoint, id.Source, id.Samples, id.Features, id.Checksum, now.Source, now.Samples, now.Features, now.Checksum)
}

// matches reports whether two identities describe the same data, wherever
// they were read from.
func (id *dataIdentity) matches(now *dataIdentity) bool {
	return id.Samples == now.Samples && id.Features == now.Features && id.Checksum == now.Checksum
}
