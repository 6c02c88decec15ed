package nn

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// State is the exported state of an optimizer, a schedule, an RNG or the
// training loop: named float32 tensors (moments, buffers), named float64
// scalars (step counts, learning rates, best values; integers are exact up
// to 2^53) and named 64-bit words (raw bit patterns such as the PCG
// state). Restoring a State into a fresh object of the same configuration
// continues bit-identically.
type State struct {
	Tensors map[string][]float32 // by name: flat float32 arrays (optimizer buffers, best weights), row-major
	Scalars map[string]float64   // by name: counts, rates, best values
	Words   map[string]uint64    // by name: bit patterns kept exact, such as an RNG's "hi" and "lo"
}

// NewState returns an empty State with its maps allocated.
func NewState() *State {
	return &State{Tensors: map[string][]float32{}, Scalars: map[string]float64{}, Words: map[string]uint64{}}
}

func (s *State) setTensor(name string, v []float32) {
	if s.Tensors == nil {
		s.Tensors = map[string][]float32{}
	}
	s.Tensors[name] = slices.Clone(v)
}

func (s *State) setScalar(name string, v float64) {
	if s.Scalars == nil {
		s.Scalars = map[string]float64{}
	}
	s.Scalars[name] = v
}

func (s *State) setWord(name string, v uint64) {
	if s.Words == nil {
		s.Words = map[string]uint64{}
	}
	s.Words[name] = v
}

func (s *State) scalar(name string) (float64, error) {
	v, ok := s.Scalars[name]
	if !ok {
		return 0, fmt.Errorf("nn: state has no scalar %q", name)
	}
	return v, nil
}

func (s *State) word(name string) (uint64, error) {
	v, ok := s.Words[name]
	if !ok {
		return 0, fmt.Errorf("nn: state has no word %q", name)
	}
	return v, nil
}

// Merge copies every entry of o into s under prefix+name.
func (s *State) Merge(prefix string, o *State) {
	for k, v := range o.Tensors {
		s.setTensor(prefix+k, v)
	}
	for k, v := range o.Scalars {
		s.setScalar(prefix+k, v)
	}
	for k, v := range o.Words {
		s.setWord(prefix+k, v)
	}
}

// Sub returns the entries of s whose names start with prefix, with the
// prefix removed (the inverse of Merge).
func (s *State) Sub(prefix string) *State {
	o := NewState()
	for k, v := range s.Tensors {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			o.Tensors[rest] = v
		}
	}
	for k, v := range s.Scalars {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			o.Scalars[rest] = v
		}
	}
	for k, v := range s.Words {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			o.Words[rest] = v
		}
	}
	return o
}

// Strings encodes the scalars and words as strings, for a checkpoint
// header: scalars as "f:" + strconv.FormatFloat(v, 'g', -1, 64), which
// round-trips exactly and spells infinities "+Inf"/"-Inf", words as "u:" +
// decimal. Tensors are left to the caller (they are stored as tensors).
func (s *State) Strings() map[string]string {
	m := make(map[string]string, len(s.Scalars)+len(s.Words))
	for _, k := range slices.Sorted(maps.Keys(s.Scalars)) {
		m[k] = "f:" + strconv.FormatFloat(s.Scalars[k], 'g', -1, 64)
	}
	for _, k := range slices.Sorted(maps.Keys(s.Words)) {
		m[k] = "u:" + strconv.FormatUint(s.Words[k], 10)
	}
	return m
}

// ParseStrings adds to s the scalars and words encoded by Strings. It
// returns an error naming the first entry that does not parse.
func (s *State) ParseStrings(m map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		switch {
		case strings.HasPrefix(v, "f:"):
			f, err := strconv.ParseFloat(v[2:], 64)
			if err != nil {
				return fmt.Errorf("nn: state scalar %q: %v", k, err)
			}
			s.setScalar(k, f)
		case strings.HasPrefix(v, "u:"):
			u, err := strconv.ParseUint(v[2:], 10, 64)
			if err != nil {
				return fmt.Errorf("nn: state word %q: %v", k, err)
			}
			s.setWord(k, u)
		default:
			return fmt.Errorf("nn: state entry %q: value %q has no f: or u: prefix", k, v)
		}
	}
	return nil
}

// StateError is returned by the Import methods for a State entry that
// holds a value the importer cannot use: a count that is negative,
// fractional, NaN or beyond 2^53, a learning rate that is negative or not
// finite, a tensor with a NaN or infinite element. Key names the entry as
// the State given to Import spells it (Trainer.Import says "optim.step"
// where the optimizer's own Import says "step").
type StateError struct {
	Key     string // the entry's name, as the State given to Import spells it
	Problem string // what is wrong, e.g. "is -1, want an integer in [0, 2^53)"
}

// Error implements error: `nn: state entry "optim.step" is -1, want an
// integer in [0, 2^53)`.
func (e *StateError) Error() string { return fmt.Sprintf("nn: state entry %q %s", e.Key, e.Problem) }

// withPrefix returns err with prefix added to its StateError's key, for an
// error of an Import given s.Sub(prefix); other errors are returned as is.
func withPrefix(prefix string, err error) error {
	var se *StateError
	if !errors.As(err, &se) {
		return err
	}
	return &StateError{Key: prefix + se.Key, Problem: se.Problem}
}

// maxCount is 2^53: float64 scalars hold every integer below it exactly.
const maxCount = 1 << 53

// count returns scalar name as a count: an integer in [0, 2^53).
func (s *State) count(name string) (int, error) {
	v, err := s.scalar(name)
	if err != nil {
		return 0, err
	}
	if !(v >= 0 && v < maxCount && v == math.Trunc(v)) {
		return 0, &StateError{Key: name, Problem: fmt.Sprintf("is %v, want an integer in [0, 2^53)", v)}
	}
	if v > math.MaxInt { // only where an int has 32 bits
		return 0, &StateError{Key: name, Problem: fmt.Sprintf("is %v, more than an int counts on this %d-bit platform (%d)", v, strconv.IntSize, math.MaxInt)}
	}
	return int(v), nil
}

// finite returns scalar name, which must be finite.
func (s *State) finite(name string) (float64, error) {
	v, err := s.scalar(name)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, &StateError{Key: name, Problem: fmt.Sprintf("is %v, want a finite number", v)}
	}
	return v, nil
}

// rate returns scalar name as a learning rate: finite and >= 0, the rule
// the optimizers' constructors apply.
func (s *State) rate(name string) (float64, error) {
	v, err := s.scalar(name)
	if err != nil {
		return 0, err
	}
	if !(v >= 0 && !math.IsInf(v, 1)) {
		return 0, &StateError{Key: name, Problem: fmt.Sprintf("is %v, want a finite number >= 0", v)}
	}
	return v, nil
}

// finiteTensor returns tensor name, which must have n elements (n < 0: any
// number), all finite. It does not copy.
func (s *State) finiteTensor(name string, n int) ([]float32, error) {
	v, ok := s.Tensors[name]
	if !ok {
		return nil, fmt.Errorf("nn: state has no tensor %q", name)
	}
	if n >= 0 && len(v) != n {
		return nil, fmt.Errorf("nn: state tensor %q has %d elements, want %d", name, len(v), n)
	}
	if err := checkFiniteEntry(name, v); err != nil {
		return nil, err
	}
	return v, nil
}

// checkFiniteEntry returns a StateError for tensor name if an element of v
// is NaN or infinite.
func checkFiniteEntry(name string, v []float32) error {
	for i, x := range v {
		if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
			return &StateError{Key: name, Problem: fmt.Sprintf("holds non-finite values (element %d is %v)", i, x)}
		}
	}
	return nil
}
