package nn

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// torchScheduleCase is one case of testdata/torch/schedules.json (see
// gen_schedules.py).
type torchScheduleCase struct {
	Class string  `json:"class"`
	LR    float64 `json:"lr"`
	Args  struct {
		MaxLR          float64 `json:"max_lr"`
		TotalSteps     int     `json:"total_steps"`
		Epochs         int     `json:"epochs"`
		StepsPerEpoch  int     `json:"steps_per_epoch"`
		PctStart       *float64
		AnnealStrategy string  `json:"anneal_strategy"`
		DivFactor      float64 `json:"div_factor"`
		FinalDivFactor float64 `json:"final_div_factor"`
		ThreePhase     bool    `json:"three_phase"`
		T0             int     `json:"T_0"`
		TMult          int     `json:"T_mult"`
		EtaMin         float64 `json:"eta_min"`
	} `json:"args"`
	LRs []float64 `json:"lrs"`
}

func (c *torchScheduleCase) UnmarshalJSON(b []byte) error {
	type plain torchScheduleCase
	if err := json.Unmarshal(b, (*plain)(c)); err != nil {
		return err
	}
	var raw struct {
		Args map[string]json.RawMessage `json:"args"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if p, ok := raw.Args["pct_start"]; ok {
		c.Args.PctStart = new(float64)
		return json.Unmarshal(p, c.Args.PctStart)
	}
	return nil
}

// build makes the case's schedule, with brawn's defaults for the
// arguments the case leaves to PyTorch's, on a one-group SGD at c.LR.
func (c *torchScheduleCase) build(t *testing.T) (Scheduler, *ParamGroup) {
	t.Helper()
	p := &Param{Name: "w", Value: NewTensor(1), Grad: NewTensor(1)}
	opt, err := NewSGD([]*ParamGroup{{Params: []*Param{p}, LR: c.LR}}, SGDConfig{})
	require.NoError(t, err)
	a := c.Args
	var s Scheduler
	switch c.Class {
	case "OneCycleLR":
		cfg := DefaultOneCycleLRConfig(a.MaxLR, a.TotalSteps)
		cfg.Epochs, cfg.StepsPerEpoch, cfg.ThreePhase = a.Epochs, a.StepsPerEpoch, a.ThreePhase
		if a.PctStart != nil {
			cfg.PctStart = *a.PctStart
		}
		if a.AnnealStrategy != "" {
			cfg.AnnealStrategy = a.AnnealStrategy
		}
		if a.DivFactor != 0 {
			cfg.DivFactor = a.DivFactor
		}
		if a.FinalDivFactor != 0 {
			cfg.FinalDivFactor = a.FinalDivFactor
		}
		s, err = NewOneCycleLR(opt, cfg)
	case "CosineAnnealingWarmRestarts":
		s, err = NewCosineAnnealingWarmRestarts(opt, a.T0, max(a.TMult, 1), a.EtaMin)
	default:
		t.Fatalf("unknown schedule %q", c.Class)
	}
	require.NoError(t, err)
	return s, opt.Groups()[0]
}

func readTorchSchedules(t *testing.T) map[string]*torchScheduleCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/torch/schedules.json")
	require.NoError(t, err)
	var f struct {
		Cases map[string]*torchScheduleCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(raw, &f))
	require.NotEmpty(t, f.Cases)
	return f.Cases
}

// TestSchedulesPyTorch compares OneCycleLR's and
// CosineAnnealingWarmRestarts' whole rate sequences, from construction to
// the last step, with PyTorch 1.13's (testdata/torch/gen_schedules.py),
// to 1e-12 relative (Go's math.Cos and C's may differ in the last bit).
// After a OneCycleLR's last step, a rate no step uses, brawn holds the
// cycle's last rate where PyTorch runs past it (OneCycleLR says why).
func TestSchedulesPyTorch(t *testing.T) {
	for name, c := range readTorchSchedules(t) {
		s, g := c.build(t)
		got := []float64{g.LR}
		for len(got) < len(c.LRs) {
			s.Step(0)
			got = append(got, g.LR)
		}
		want := c.LRs
		if oc, ok := s.(*OneCycleLR); ok {
			last := len(want) - 1
			require.Equal(t, oc.Config.TotalSteps, last, name)
			minLR := oc.Config.MaxLR / oc.Config.DivFactor / oc.Config.FinalDivFactor
			require.Equal(t, minLR, got[last], "%s: after the last step", name)
			require.NotEqual(t, want[last], minLR, "%s: PyTorch's runs past the cycle", name)
			want, got = want[:last], got[:last]
		}
		for i := range want {
			require.InDelta(t, want[i], got[i], 1e-12*math.Abs(want[i]), "%s: rate at step %d", name, i)
		}
	}
}
