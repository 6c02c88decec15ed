package run

import (
	"fmt"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
)

// speed is an epoch line's samples per second, or nothing for an epoch
// this process trained no sample of (resumed after its last step, to
// end it), whose 0 would read as a stall.
func speed(m model.EpochMetrics) string {
	if m.SamplesPerSec == 0 {
		return ""
	}
	return fmt.Sprintf("  %s samples/s", callbacks.Thousands(int(m.SamplesPerSec)))
}
