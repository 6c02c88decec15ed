package bench

import "fmt"

// Run runs the named parts in order: "peak", "gemm", "elementwise",
// "train", or "all" for every one. An unknown name is an error, and so is
// a Config.Samples over MaxSamples.
func (s *Suite) Run(parts ...string) error {
	if s.cfg.Samples > MaxSamples {
		return fmt.Errorf("bench: %d samples: at most %d", s.cfg.Samples, MaxSamples)
	}
	for _, p := range parts {
		if p == "all" {
			if err := s.Run("peak", "gemm", "elementwise", "train"); err != nil {
				return err
			}
			continue
		}
		f, ok := map[string]func() error{
			"peak": s.Peak, "gemm": s.GEMM, "elementwise": s.Elementwise, "train": s.Train,
		}[p]
		if !ok {
			return fmt.Errorf("bench: unknown benchmark %q (want peak, gemm, elementwise, train or all)", p)
		}
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}
