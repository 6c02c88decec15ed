package tensorboard

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Scalar is one point of a scalar curve: the value logged at a step.
// Values are float32 in the file (Summary.Value.simple_value) and widened
// exactly to float64.
type Scalar struct {
	Step  int64   // the event's step (brawn's callbacks log the epoch, or the optimizer step for batch tags)
	Value float64 // the logged value
}

// HistogramPoint is one histogram logged at a step, with the event file it
// was read from (for warnings naming it).
type HistogramPoint struct {
	Step      int64      // the event's step
	Histogram *Histogram // the logged histogram
	File      string     // path of the event file it was read from
}

// Run is what a run's event files hold: every scalar and histogram by tag,
// each tag's points in increasing step order. A step logged again under
// the same tag (a resumed run repeating the epochs after its checkpoint,
// in a later file) keeps the value read last. Warnings lists what was left
// out and why; the caller decides whether to show them.
type Run struct {
	Files      []string                    // the event files read, in the order read
	Scalars    map[string][]Scalar         // by tag, e.g. "loss/train"
	Histograms map[string][]HistogramPoint // by tag, e.g. "weights/0.weight"
	Warnings   []Warning                   // what was left out, in the order found
}

// Warning is a problem that left part of a run out without failing the
// read: an incomplete last record of File (Record and Offset set), or a
// histogram that cannot be used (Record -1, Tag and Step set; see
// LastHistograms).
type Warning struct {
	File   string // path of the event file
	Record int    // the record's index in File (from 0), or -1 for a histogram
	Offset int64  // the record's byte offset in File
	Tag    string // the histogram's tag (Record -1 only)
	Step   int64  // the histogram's step (Record -1 only)
	Reason string // why it was left out
}

// String describes the warning as brawn prints it (after "warning: "),
// naming the file and the record and byte offset, or the tag and step.
func (w Warning) String() string {
	if w.Record >= 0 {
		return fmt.Sprintf("%s: the last record (record %d at byte %d) is %s: left out", w.File, w.Record, w.Offset, w.Reason)
	}
	return fmt.Sprintf("%s: histogram %q at step %d: %s: left out", w.File, w.Tag, w.Step, w.Reason)
}

// ReadFile reads every scalar and histogram of one event file. A record
// whose length or data does not match its CRC, or whose data is not an
// Event, is an error naming the file, the record and its byte offset. A
// last record cut short, which is what a run killed while writing leaves
// (or a run still writing: a writer's buffer reaches the file in pieces,
// not in whole records), is left out with a Warning and the records before
// it are returned.
func ReadFile(path string) (*Run, error) {
	r := newRun()
	if err := r.readFile(path); err != nil {
		return nil, err
	}
	return r, nil
}

// ReadDir reads the event files (events.out.tfevents.*) in dir in name
// order, numbers compared as numbers (NewWriter's ".10" suffix after
// ".9"), which is the order they were created in (the name holds the
// creation time), so that a resumed run's later file overrides the steps it
// repeats. Errors are ReadFile's, and an error for a directory with no
// event file.
func ReadDir(dir string) (*Run, error) {
	files, err := filepath.Glob(filepath.Join(dir, "events.out.tfevents.*"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no TensorBoard event files (events.out.tfevents.*)", dir)
	}
	slices.SortFunc(files, compareNatural)
	r := newRun()
	for _, f := range files {
		if err := r.readFile(f); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// compareNatural orders names as strings, except that runs of digits
// compare as numbers: NewWriter's ".10" suffix comes after ".9", as the
// files were created.
func compareNatural(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da == 0 || db == 0 {
			if a[0] != b[0] {
				return cmp.Compare(a[0], b[0])
			}
			a, b = a[1:], b[1:]
			continue
		}
		na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
		if c := cmp.Compare(len(na), len(nb)); c != 0 {
			return c
		}
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
		if c := cmp.Compare(a[:da], b[:db]); c != 0 { // "007" and "7": keep a total order
			return c
		}
		a, b = a[da:], b[db:]
	}
	return cmp.Compare(len(a), len(b))
}

// digitRun returns the number of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

func newRun() *Run {
	return &Run{Scalars: map[string][]Scalar{}, Histograms: map[string][]HistogramPoint{}}
}

func (r *Run) readFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	r.Files = append(r.Files, path)
	return r.decodeRecords(path, b)
}

// decodeRecords adds the events of the TFRecords b, the bytes of the file
// path, to r; see ReadFile.
func (r *Run) decodeRecords(path string, b []byte) error {
	for rec, off := 0, 0; off < len(b); rec++ {
		rest := b[off:]
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s: record %d at byte %d: %s", path, rec, off, fmt.Sprintf(format, args...))
		}
		cut := func(whole string) {
			r.Warnings = append(r.Warnings, Warning{File: path, Record: rec, Offset: int64(off),
				Reason: fmt.Sprintf("incomplete, %d bytes of %s; the run was killed or is still writing it", len(rest), whole)})
		}
		if len(rest) < recordHeader {
			cut(fmt.Sprintf("its %d-byte header", recordHeader))
			break
		}
		n := binary.LittleEndian.Uint64(rest)
		if MaskedCRC(rest[:8]) != binary.LittleEndian.Uint32(rest[8:]) {
			return fail("the length's CRC does not match (corrupt file)")
		}
		// Compared as left - n (never below 0) so that no length can wrap.
		if left := uint64(len(rest) - recordHeader); n > left || left-n < recordTrailer {
			cut(fmt.Sprintf("the %d its header announces", n+recordHeader+recordTrailer))
			break
		}
		data := rest[recordHeader : recordHeader+n]
		if MaskedCRC(data) != binary.LittleEndian.Uint32(rest[recordHeader+n:]) {
			return fail("the data's CRC does not match (corrupt file)")
		}
		values, err := decodeEventValues(data)
		if err != nil {
			return fail("%v", err)
		}
		for _, v := range values {
			r.add(path, v)
		}
		off += recordHeader + int(n) + recordTrailer
	}
	return nil
}

// add files one decoded value under its tag, keeping each tag's points in
// step order and the later of two at the same step.
func (r *Run) add(path string, v taggedValue) {
	if v.histo == nil {
		r.Scalars[v.tag] = upsert(r.Scalars[v.tag], Scalar{v.step, v.simple}, func(s Scalar) int64 { return s.Step })
		return
	}
	p := HistogramPoint{Step: v.step, Histogram: v.histo, File: path}
	r.Histograms[v.tag] = upsert(r.Histograms[v.tag], p, func(h HistogramPoint) int64 { return h.Step })
}

// upsert puts p into points, sorted by step, replacing a point at the same
// step. Steps usually arrive in order, so this is an append.
func upsert[P any](points []P, p P, step func(P) int64) []P {
	s := step(p)
	i, found := slices.BinarySearchFunc(points, s, func(q P, s int64) int {
		return cmp.Compare(step(q), s)
	})
	if found {
		points[i] = p
		return points
	}
	return slices.Insert(points, i, p)
}

// Last returns the last point (the highest step) of the scalar tag, and
// false when the run has none.
func (r *Run) Last(tag string) (Scalar, bool) {
	s := r.Scalars[tag]
	if len(s) == 0 {
		return Scalar{}, false
	}
	return s[len(s)-1], true
}

// EpochSteps returns the steps, in increasing order, at which scalars (by
// tag, as Run.Scalars) has a point of a per-epoch metric (IsEpochMetric):
// the epochs a brawn run recorded, in whole or in part.
func EpochSteps(scalars map[string][]Scalar) []int64 {
	seen := map[int64]bool{}
	for tag, points := range scalars {
		if IsEpochMetric(tag) {
			for _, p := range points {
				seen[p.Step] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// LastHistograms returns, for every histogram tag that starts with prefix
// (e.g. WeightsPrefix), the point of its highest step, by tag. A histogram
// that Validate refuses is left out, with a Warning naming its file, tag
// and step.
func (r *Run) LastHistograms(prefix string) (map[string]HistogramPoint, []Warning) {
	out := map[string]HistogramPoint{}
	var warnings []Warning
	for _, tag := range slices.Sorted(maps.Keys(r.Histograms)) {
		points := r.Histograms[tag]
		if !strings.HasPrefix(tag, prefix) || len(points) == 0 {
			continue
		}
		p := points[len(points)-1]
		if err := p.Histogram.Validate(); err != nil {
			warnings = append(warnings, Warning{File: p.File, Record: -1, Tag: tag, Step: p.Step, Reason: err.Error()})
			continue
		}
		out[tag] = p
	}
	return out, warnings
}
