package bench

import (
	"fmt"

	"github.com/brawn-ml/brawn/data"
)

// epochData returns MNIST's training set unless Config.SyntheticEpoch is
// set or MNIST cannot be had; then it returns nil, and the description of
// the synthetic set that replaces it (with the reason).
func (s *Suite) epochData() (*data.Dataset, string) {
	synthetic := "synthetic data of MNIST's shape (784 features, 10 classes; the values do not change the cost)"
	if s.cfg.SyntheticEpoch {
		return nil, synthetic
	}
	s.progress("train: loading MNIST")
	dir, err := data.MNISTDir()
	if err != nil {
		return nil, fmt.Sprintf("%s, because %v", synthetic, err)
	}
	train, _, err := data.LoadMNIST(dir)
	if err != nil {
		return nil, fmt.Sprintf("%s, because %v", synthetic, err)
	}
	return train, "the MNIST training set"
}

// Train measures one training step (forward, cross-entropy, backward, Adam)
// of the default network at each of Config.TrainBatches, for every kernel
// level and thread count (the thread counts taking turns, see trainSteps),
// one of CNNModule at Config.CNNBatch (the best level, every thread count),
// and then whole epochs over MNIST's training set (or a synthetic one of
// its shape, see Config.SyntheticEpoch) at the best level, the thread
// counts again taking turns (see trainEpochs). An error in training (a
// non-finite loss) is returned.
func (s *Suite) Train() error {
	defer restoreLevel()()
	t := &Table{
		Title:  "Training the default network (784-256-128-10 ReLU, cross-entropy, Adam) and the CNN",
		Header: []string{"what", "batch", "threads", "impl", "samples/s", "time", "spread", "of peak", "probe", "allocs"},
	}
	if err := s.trainSteps(t); err != nil {
		return err
	}
	t.Notes = append(t.Notes, "step: one TrainBatch (forward, loss, backward, Adam update) on a fixed batch; allocs per step.",
		"of peak: the median, over the row's rounds, of the step's FLOPs (the products of its Linear and Conv2d layers, forward, weight and input gradients: "+
			"1.007 MFLOP a sample for the MLP, 25.0 for the CNN) per second over the FMA probe's GFLOP/s in the same round, "+
			"the probe ("+s.probeNote()+") being timed at the row's thread count as one more case of every round (right after each epoch for the epoch rows). "+
			"probe: the median of the probe's GFLOP/s over the row's rounds (JSON: probe_gflops).")
	if err := s.trainCNNSteps(t); err != nil {
		return err
	}
	if !s.cfg.NoEpoch {
		ds, what := s.epochData()
		if ds == nil {
			d, err := syntheticMNIST(s.cfg.EpochSamples)
			if err != nil {
				return err
			}
			ds = d
		}
		if err := s.trainEpochs(t, ds); err != nil {
			return err
		}
		t.Notes = append(t.Notes, fmt.Sprintf("epoch: Trainer.Fit over %d samples of %s, batch %d, shuffled; allocs per epoch.",
			ds.Len(), what, epochBatch))
	}
	s.Tables = append(s.Tables, t)
	return nil
}
