// Package disttest checks an implementation of dist.Comm: every rank calls
// Collectives with its communicator, as the tests of dist.Local and of
// the MPI binding (dist/mpi) do.
//
// Layer 2: above dist, for tests. It may import dist and the standard
// library.
package disttest

import (
	"fmt"

	"github.com/brawn-ml/brawn/dist"
)

// Collectives runs each collective of c with known contributions and
// returns an error naming the first result that is wrong on this rank.
// Every rank of c must call it.
func Collectives(c dist.Comm) error {
	n, r := c.Size(), c.Rank()
	// Rank q sends q+1 values q*10, q*10+1, ...
	counts := make([]int, n)
	total := 0
	for q := range counts {
		counts[q] = q + 1
		total += q + 1
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
	for q := range n {
		for i := 0; i <= q; i++ {
			if recv[at] != float32(q*10+i) || recv64[at] != float64(q*10+i)+0.5 {
				return fmt.Errorf("rank %d: Allgather: recv[%d] = %v, %v; want rank %d's value %d", r, at, recv[at], recv64[at], q, i)
			}
			at++
		}
	}
	// A rank may contribute nothing.
	counts[0] = 0
	if err := c.Allgather(send[:counts[r]], recv[:total-1], counts); err != nil {
		return err
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
	bb := []byte{byte(r), 'x'}
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
}
