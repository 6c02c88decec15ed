package run

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/brawn-ml/brawn/model"
)

// An epoch this process trained no sample of (resumed after its last
// step) shows no speed, rather than a 0 that reads as a stall.
func TestEpochLineWithoutSteps(t *testing.T) {
	m := model.EpochMetrics{Epoch: 1, TrainLoss: 0.5, TrainAccuracy: 0.75, TestLoss: 0.5, TestAccuracy: 0.75, LR: 0.1, Seconds: 2, SamplesPerSec: 1500}
	assert.Contains(t, epochLine(m, false), "2.0s  1,500 samples/s")
	m.SamplesPerSec = 0
	assert.NotContains(t, epochLine(m, false), "samples/s")
	r2, mse := 0.5, 0.25
	m.TestR2, m.TestMSE, m.TestMAE = &r2, &mse, &mse
	assert.NotContains(t, epochLine(m, false), "samples/s")
}
