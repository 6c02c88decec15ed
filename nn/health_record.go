package nn

// visitHealth calls fn with each record of active ReLU units of the
// model's layers (see healthTracker), in layer order.
func (s *Sequential) visitHealth(fn func(active []bool, seen *bool)) {
	for _, l := range s.Layers {
		if h, ok := l.(healthTracker); ok {
			h.visitHealth(fn)
		}
	}
}

// healthRecord appends to buf the model's records of active units as
// zeros and ones, each its seen flag and then a flag a unit: the form in
// which ranks sum them (shareHealth) and a mid-epoch checkpoint keeps
// them (Trainer.Export).
func (s *Sequential) healthRecord(buf []float32) []float32 {
	s.visitHealth(func(active []bool, seen *bool) {
		buf = append(buf, oneIf(*seen))
		for _, a := range active {
			buf = append(buf, oneIf(a))
		}
	})
	return buf
}

// healthRecordLen is the length of healthRecord's output for the model.
func (s *Sequential) healthRecordLen() int {
	n := 0
	s.visitHealth(func(active []bool, _ *bool) { n += 1 + len(active) })
	return n
}

// setHealthRecord sets the model's records from buf, healthRecord's form
// (a value > 0 is true); buf must have healthRecordLen's length.
func (s *Sequential) setHealthRecord(buf []float32) {
	at := 0
	s.visitHealth(func(active []bool, seen *bool) {
		*seen = buf[at] > 0
		at++
		for i := range active {
			active[i] = buf[at] > 0
			at++
		}
	})
}

func oneIf(b bool) float32 {
	if b {
		return 1
	}
	return 0
}
