package dist_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/brawn-ml/brawn/dist"
	"github.com/brawn-ml/brawn/dist/disttest"
)

func TestLocalCollectives(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5} {
		errs := dist.Run(n, disttest.Collectives)
		for r, err := range errs {
			if err != nil {
				t.Errorf("%d ranks: rank %d: %v", n, r, err)
			}
		}
	}
}

// A rank that fails ends the others' waits with its message instead of a
// hang.
func TestLocalAbortUnblocks(t *testing.T) {
	errs := dist.Run(3, func(c dist.Comm) error {
		if c.Rank() == 1 {
			return errors.New("bad label in shard 1")
		}
		return c.Barrier()
	})
	if errs[1] == nil || errs[1].Error() != "bad label in shard 1" {
		t.Fatalf("rank 1: %v", errs[1])
	}
	for _, r := range []int{0, 2} {
		var ae *dist.AbortError
		if !errors.As(errs[r], &ae) || ae.Rank != 1 || ae.Msg != "bad label in shard 1" {
			t.Errorf("rank %d: got %v, want rank 1's abort", r, errs[r])
		}
	}
}

// Ranks that disagree on a collective get an error naming the difference
// on every rank.
func TestLocalMismatch(t *testing.T) {
	cases := []struct {
		name string
		f    func(c dist.Comm) error
		want string
	}{
		{"ops", func(c dist.Comm) error {
			if c.Rank() == 0 {
				return c.Barrier()
			}
			return c.Broadcast(make([]float32, 1), 0)
		}, "rank 0 called Barrier, rank 1 called Broadcast"},
		{"lengths", func(c dist.Comm) error {
			return c.Broadcast(make([]float32, 1+c.Rank()), 0)
		}, "Broadcast: rank 0 has 1 values, rank 1 has 2"},
		{"counts", func(c dist.Comm) error {
			counts := []int{1, 1 + c.Rank()}
			return c.Allgather(make([]float32, counts[c.Rank()]), make([]float32, counts[0]+counts[1]), counts)
		}, "Allgather: rank 0 has counts [1 1], rank 1 has [1 2]"},
		{"send length", func(c dist.Comm) error {
			return c.Allgather(make([]float32, 2), make([]float32, 2), []int{1, 1})
		}, "rank 0 sends 2 values, counts[0] = 1"},
		{"root", func(c dist.Comm) error {
			return c.Broadcast(make([]float32, 1), 2)
		}, "root 2 is not a rank of 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			comms := dist.Local(2)
			errs := make(chan error, 2)
			for _, c := range comms {
				go func() { errs <- tc.f(c) }()
			}
			for range comms {
				err := <-errs
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("got %v, want an error containing %q", err, tc.want)
				}
			}
		})
	}
}
