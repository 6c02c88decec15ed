package run

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/dist"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// The ranks of a distributed run compare their configurations before
// training: one started with another setting is refused on every rank,
// naming the setting, both values and both ranks, and no rank takes a
// step; settings that do not change the run (--threads, the outputs)
// may differ.
func TestRanksMustAgree(t *testing.T) {
	dir := t.TempDir()
	train := filepath.Join(dir, "train.csv")
	writeBlobs(t, train, 120, 1)
	config := func(rank int) Config {
		c := DefaultConfig()
		c.Data.Train, c.Data.TestSplit = train, 0.2
		c.Arch.Hidden = []int{8}
		c.Epochs, c.Batch, c.Threads = 1, 24, rank%2 // 0 is every CPU
		if rank == 0 {
			c.Save = filepath.Join(t.TempDir(), "m.safetensors")
		}
		return c
	}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"same", func(*Config) {}, ""},
		{"lr", func(c *Config) { c.LR = 0.01 }, `--lr differs between the ranks of this distributed run: rank 0 has "0.001", rank 2 "0.01"`},
		{"seed", func(c *Config) { c.Seed = 9 }, `--seed differs between the ranks of this distributed run: rank 0 has "1", rank 2 "9"`},
		{"optimizer", func(c *Config) { c.Optimizer, c.LR = "sgd", 0.001 }, `--optimizer differs between the ranks of this distributed run: rank 0 has "adam", rank 2 "sgd"`},
		{"dropout", func(c *Config) { c.Arch.Dropout = 0.5 }, `--dropout differs between the ranks of this distributed run: rank 0 has "0", rank 2 "0.5"`},
		{"normalize", func(c *Config) { c.Data.Normalize = "standard" }, `--normalize differs between the ranks of this distributed run: rank 0 has "none", rank 2 "standard"`},
		{"two", func(c *Config) { c.Seed, c.Epochs = 9, 2 }, `--epochs differs between the ranks of this distributed run: rank 0 has "1", rank 2 "2" (and --seed, --t-max); start every rank`},
		{"sgd's lr", func(c *Config) { c.Optimizer = "sgd" }, `--lr differs between the ranks of this distributed run: rank 0 has "0.001", rank 2 "0.01" (and --optimizer)`},
		{"resume", func(c *Config) { c.Resume = "elsewhere.safetensors" }, `--resume differs between the ranks of this distributed run: rank 0 has "", rank 2 "elsewhere.safetensors"`},
	} {
		steps := make([]int, 3)
		outs := make([]strings.Builder, 3)
		errs := dist.Run(3, func(comm dist.Comm) error {
			r := comm.Rank()
			c := config(r)
			if r == 2 {
				tc.edit(&c)
			}
			c.Comm, c.Out = comm, &outs[r]
			c.Callbacks = []nn.Callback{&callbacks.Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { steps[r]++; return nil }}}
			if err := c.Validate(nil); err != nil {
				return err
			}
			return Train(context.Background(), &c)
		})
		for r, err := range errs {
			if tc.want == "" {
				require.NoError(t, err, "%s: rank %d", tc.name, r)
				assert.Positive(t, steps[r])
				if r == 0 {
					assert.Contains(t, outs[r].String(), ", ranks: 3 (data-parallel)\n", "rank 0's summary names the ranks")
				}
				continue
			}
			require.Error(t, err, "%s: rank %d", tc.name, r)
			assert.Contains(t, err.Error(), tc.want, "%s: rank %d", tc.name, r)
			assert.Zero(t, steps[r], "%s: rank %d trained", tc.name, r)
		}
	}
}

// The ranks of a distributed run compare the data they read: a rank whose
// training or validation set holds other samples of the same count (a
// stale copy on one host, under the same relative path) is refused on
// every rank, with both checksums; the same data on every rank pass.
func TestRanksMustReadTheSameData(t *testing.T) {
	id := func(seed uint64) *model.DataIdentity {
		path := filepath.Join(t.TempDir(), "train.csv")
		writeBlobs(t, path, 40, seed)
		d, err := data.LoadFile(path, data.CSVOptions{})
		require.NoError(t, err)
		return model.Identify(d)
	}
	a, b := id(1), id(2)
	require.Equal(t, a.Samples, b.Samples)
	require.NotEqual(t, a.Checksum, b.Checksum)
	for _, c := range []struct {
		name              string
		train2, val, val2 *model.DataIdentity
		want              string
	}{
		{"same", a, nil, nil, ""},
		{"same, with validation", a, b, b, ""},
		{"training", b, nil, nil, "the training data differ between the ranks of this distributed run: rank 0 has 40 samples of checksum " + a.Checksum + ", rank 2 40 samples of checksum " + b.Checksum + "; give every rank the same data"},
		{"validation", a, a, b, "the validation data differ between the ranks of this distributed run: rank 0 has 40 samples of checksum " + a.Checksum + ", rank 2 40 samples of checksum " + b.Checksum},
		{"validation on one rank only", a, nil, b, "the validation data differ between the ranks of this distributed run: rank 0 has none, rank 2 40 samples"},
	} {
		errs := dist.Run(3, func(comm dist.Comm) error {
			if comm.Rank() == 2 {
				return checkRanksData(comm, c.train2, c.val2)
			}
			return checkRanksData(comm, a, c.val)
		})
		for r, err := range errs {
			if c.want == "" {
				assert.NoError(t, err, "%s: rank %d", c.name, r)
			} else if assert.Error(t, err, "%s: rank %d", c.name, r) {
				assert.Contains(t, err.Error(), c.want, "%s: rank %d", c.name, r)
			}
		}
	}
	require.NoError(t, checkRanksData(nil, a, nil), "no communicator")
}
