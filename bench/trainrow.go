package bench

import "fmt"

// addTrainRow records training row r, which ran samples samples an
// operation, with its samples/s and its fraction of the peak (0: none),
// and adds it to t as what.
func (s *Suite) addTrainRow(t *Table, what string, r Result, samples int, st Stats, fraction float64) {
	r.SamplesPerS = float64(samples) * 1e9 / r.NsPerOp
	r.PeakFraction = fraction
	peak := ""
	if fraction > 0 {
		peak = fmtPct(fraction)
	}
	s.record(r)
	t.add(what, fmt.Sprint(r.Batch), fmt.Sprint(r.Threads), r.Impl, fmtG(r.SamplesPerS), fmtNs(r.NsPerOp),
		fmtSpread(st.Spread()), peak, fmtAllocs(*r.AllocsPerOp))
}
