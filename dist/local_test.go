package dist

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestLocalCollectives(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			errs := Run(n, func(c Comm) error {
				r := c.Rank()
				if c.Size() != n {
					return fmt.Errorf("Size %d, want %d", c.Size(), n)
				}
				// Rank r sends r+1 values r*10, r*10+1, ...
				counts := make([]int, n)
				total := 0
				for i := range counts {
					counts[i] = i + 1
					total += i + 1
				}
				send := make([]float32, r+1)
				send64 := make([]float64, r+1)
				for i := range send {
					send[i] = float32(r*10 + i)
					send64[i] = float64(r*10+i) + 0.5
				}
				recv := make([]float32, total)
				recv64 := make([]float64, total)
				if err := c.Allgather(send, recv, counts); err != nil {
					return err
				}
				if err := c.Allgather64(send64, recv64, counts); err != nil {
					return err
				}
				at := 0
				for q := 0; q < n; q++ {
					for i := 0; i <= q; i++ {
						if recv[at] != float32(q*10+i) || recv64[at] != float64(q*10+i)+0.5 {
							return fmt.Errorf("rank %d: recv[%d] = %v, %v; want rank %d's value %d", r, at, recv[at], recv64[at], q, i)
						}
						at++
					}
				}
				buf := []float32{float32(r), 1}
				if err := c.AllreduceSum(buf); err != nil {
					return err
				}
				if want := float32(n * (n - 1) / 2); buf[0] != want || buf[1] != float32(n) {
					return fmt.Errorf("rank %d: AllreduceSum gave %v, want [%v %d]", r, buf, want, n)
				}
				root := n - 1
				b := []float32{float32(r), float32(r)}
				bb := []byte{byte(r)}
				if err := c.Broadcast(b, root); err != nil {
					return err
				}
				if err := c.BroadcastBytes(bb, root); err != nil {
					return err
				}
				if b[0] != float32(root) || b[1] != float32(root) || bb[0] != byte(root) {
					return fmt.Errorf("rank %d: Broadcast from %d gave %v, %v", r, root, b, bb)
				}
				return c.Barrier()
			})
			for r, err := range errs {
				if err != nil {
					t.Errorf("rank %d: %v", r, err)
				}
			}
		})
	}
}

// A rank that fails ends the others' waits with its message instead of a
// hang.
func TestLocalAbortUnblocks(t *testing.T) {
	errs := Run(3, func(c Comm) error {
		if c.Rank() == 1 {
			return errors.New("bad label in shard 1")
		}
		return c.Barrier()
	})
	if errs[1] == nil || errs[1].Error() != "bad label in shard 1" {
		t.Fatalf("rank 1: %v", errs[1])
	}
	for _, r := range []int{0, 2} {
		var ae *AbortError
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
		f    func(c Comm) error
		want string
	}{
		{"ops", func(c Comm) error {
			if c.Rank() == 0 {
				return c.Barrier()
			}
			return c.Broadcast(make([]float32, 1), 0)
		}, "rank 0 called Barrier, rank 1 called Broadcast"},
		{"lengths", func(c Comm) error {
			return c.Broadcast(make([]float32, 1+c.Rank()), 0)
		}, "Broadcast: rank 0 has 1 values, rank 1 has 2"},
		{"counts", func(c Comm) error {
			counts := []int{1, 1 + c.Rank()}
			return c.Allgather(make([]float32, counts[c.Rank()]), make([]float32, counts[0]+counts[1]), counts)
		}, "Allgather: rank 0 has counts [1 1], rank 1 has [1 2]"},
		{"send length", func(c Comm) error {
			return c.Allgather(make([]float32, 2), make([]float32, 2), []int{1, 1})
		}, "rank 0 sends 2 values, counts[0] = 1"},
		{"root", func(c Comm) error {
			return c.Broadcast(make([]float32, 1), 2)
		}, "root 2 is not a rank of 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			comms := Local(2)
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
