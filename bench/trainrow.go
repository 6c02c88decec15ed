package bench

import "fmt"

// addTrainRow records training row r, which ran samples samples an
// operation, with its samples/s and its fraction of the peak
// (fractions[i], none when fractions is nil), and adds it to t as what.
func (s *Suite) addTrainRow(t *Table, what string, r Result, samples int, fractions []float64, i int, st Stats) {
	r.SamplesPerS = float64(samples) * 1e9 / r.NsPerOp
	peak := ""
	if fractions != nil {
		r.PeakFraction = fractions[i]
		peak = fmtPct(r.PeakFraction)
	}
	s.record(r)
	t.add(what, fmt.Sprint(r.Batch), fmt.Sprint(r.Threads), r.Impl, fmtG(r.SamplesPerS), fmtNs(r.NsPerOp),
		fmtSpread(st.Spread()), peak, fmtAllocs(*r.AllocsPerOp))
}
