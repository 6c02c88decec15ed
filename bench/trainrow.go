package bench

import "fmt"

// addTrainRow records training row r, which ran samples samples an
// operation, with its samples/s (its PeakFraction and ProbeGFLOPS already
// set, 0 without a probe), and adds it to t as what.
func (s *Suite) addTrainRow(t *Table, what string, r Result, samples int, st Stats) {
	r.SamplesPerS = float64(samples) * 1e9 / r.NsPerOp
	s.record(r)
	frac, probe := peakCells(r)
	t.add(what, fmt.Sprint(r.Batch), fmt.Sprint(r.Threads), r.Impl, fmtG(r.SamplesPerS), fmtNs(r.NsPerOp),
		fmtSpread(st.Spread()), frac, probe, fmtAllocs(*r.AllocsPerOp))
}
