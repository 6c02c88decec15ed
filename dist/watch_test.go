package dist

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The stall check warns once a collective has waited the warning time,
// again after each further one, says nothing between collectives, and
// ends the process at the shutdown time; its clock is the test's.
func TestStallWatch(t *testing.T) {
	var out strings.Builder
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	now := t0
	exited := -1
	s := &stallWatch{warn: time.Minute, shutdown: 5 * time.Minute, w: &out, exit: func(code int) { exited = code },
		clock: func() time.Time { return now }, rank: 1, size: 3}
	at := func(d time.Duration) string {
		out.Reset()
		s.check(t0.Add(d))
		return out.String()
	}
	if got := at(10 * time.Minute); got != "" {
		t.Errorf("between collectives: %q", got)
	}
	done := s.enter("Allgather")
	if got := at(59 * time.Second); got != "" {
		t.Errorf("at 59s: %q", got)
	}
	want := "brawn: warning: rank 1 of 3 has waited 1m0s in Allgather for the other ranks: one of them may be stopped, hung or far behind (the job waits for it)\n"
	if got := at(time.Minute); got != want {
		t.Errorf("at 60s: %q, want %q", got, want)
	}
	if got := at(90 * time.Second); got != "" {
		t.Errorf("at 90s, warned at 60s: %q", got)
	}
	if got := at(2*time.Minute + time.Second); !strings.Contains(got, "has waited 2m1s in Allgather") {
		t.Errorf("at 121s: %q", got)
	}
	done()
	if got := at(4 * time.Minute); got != "" {
		t.Errorf("after the collective: %q", got)
	}

	now = t0.Add(time.Hour)
	s.enter("Barrier")
	got := at(time.Hour + 5*time.Minute)
	if exited != 1 || got != "brawn: rank 1 of 3: Barrier waited 5m0s for the other ranks, the stall shutdown time: ending this process so that the job ends\n" {
		t.Errorf("at the shutdown time: exit %d, %q", exited, got)
	}
}

// A watched communicator passes every collective through, and Watch
// without a warning or shutdown time returns c itself.
func TestWatchPassesCollectives(t *testing.T) {
	errs := Run(2, func(c Comm) error {
		w := Watch(c, time.Hour, 0, &strings.Builder{})
		send := [][]float32{{1}, {2, 3}}[c.Rank()]
		recv := make([]float32, 3)
		if err := w.Allgather(send, recv, []int{1, 2}); err != nil {
			return err
		}
		if recv[0] != 1 || recv[1] != 2 || recv[2] != 3 {
			return fmt.Errorf("gathered %v", recv)
		}
		return w.Barrier()
	})
	for r, err := range errs {
		if err != nil {
			t.Errorf("rank %d: %v", r, err)
		}
	}
	c := Local(1)[0]
	if Watch(c, 0, 0, nil) != c {
		t.Error("Watch(c, 0, 0) is not c")
	}
}
