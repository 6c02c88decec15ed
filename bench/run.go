package bench

import (
	"fmt"
	"slices"
)

// partNames are the parts Run knows, in the order "all" runs them.
var partNames = []string{"peak", "gemm", "elementwise", "train"}

// Run runs the named parts in order: "peak", "gemm", "elementwise",
// "train", or "all" for every one. A part named more than once (or also
// covered by "all") runs once, where it is first named, so that its table
// and results are not repeated. An unknown name is an error, and so is a
// Config.Samples over MaxSamples; both are checked before anything runs.
func (s *Suite) Run(names ...string) error {
	if s.cfg.Samples > MaxSamples {
		return fmt.Errorf("bench: %d samples: at most %d", s.cfg.Samples, MaxSamples)
	}
	var todo []string
	for _, n := range names {
		expand := []string{n}
		if n == "all" {
			expand = partNames
		} else if !slices.Contains(partNames, n) {
			return fmt.Errorf("bench: unknown benchmark %q (want peak, gemm, elementwise, train or all)", n)
		}
		for _, p := range expand {
			if !slices.Contains(todo, p) {
				todo = append(todo, p)
			}
		}
	}
	run := map[string]func() error{"peak": s.Peak, "gemm": s.GEMM, "elementwise": s.Elementwise, "train": s.Train}
	for _, p := range todo {
		if err := run[p](); err != nil {
			return err
		}
	}
	return nil
}
