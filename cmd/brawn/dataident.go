package main

import (
	"fmt"

	"github.com/brawn-ml/brawn/model"
)

// sameData refuses to resume on training data other than the run's
// (saved, from the checkpoint); a checkpoint that records none (an older
// file) is not checked.
func sameData(saved *model.DataIdentity, checkpoint string, now *model.DataIdentity) error {
	if saved == nil || saved.Matches(now) {
		return nil
	}
	return fmt.Errorf("%s was trained on other data: %s gave %d samples of %d features (checksum %s), %s gives %d samples of %d features (checksum %s); resume with the data it was trained on",
		checkpoint, saved.Source, saved.Samples, saved.Features, saved.Checksum, now.Source, now.Samples, now.Features, now.Checksum)
}
