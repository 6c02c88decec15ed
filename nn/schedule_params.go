package nn

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// schedParam is a hyperparameter a schedule exports beside its position,
// as PyTorch's scheduler state_dict holds T_max or step_size, so that
// Import can refuse a state that followed another schedule: its rates
// would continue from one curve along another.
type schedParam struct {
	key   string    // the State entry, PyTorch's attribute name ("T_max")
	v     []float64 // one value, or a list's (list true)
	list  bool      // stored as key+".len" and key+".<i>"
	names []string  // for a choice: the value i means names[i]
	hint  string    // added to the refusal of another value: how to change it
}

func one(key string, v float64) schedParam { return schedParam{key: key, v: []float64{v}} }

func ints(key string, v []int) schedParam {
	p := schedParam{key: key, list: true, v: make([]float64, len(v))}
	for i, x := range v {
		p.v[i] = float64(x)
	}
	return p
}

func choice(key string, v string, names ...string) schedParam {
	for i, n := range names {
		if n == v {
			return schedParam{key: key, v: []float64{float64(i)}, names: names}
		}
	}
	return schedParam{key: key, v: []float64{math.NaN()}, names: names} // setup refuses v
}

// exportParams adds params to st.
func exportParams(st *State, params []schedParam) {
	for _, p := range params {
		if !p.list {
			st.setScalar(p.key, p.v[0])
			continue
		}
		st.setScalar(p.key+".len", float64(len(p.v)))
		for i, x := range p.v {
			st.setScalar(p.key+"."+strconv.Itoa(i), x)
		}
	}
}

// checkParams returns an error, naming both values, for the first of
// params whose value in st differs. A state without the entry (written
// before schedules exported it) says nothing about it and passes.
func checkParams(name string, st *State, params []schedParam) error {
	for _, p := range params {
		saved, err := p.read(st)
		if err != nil {
			return err
		}
		if saved == nil || sameValues(saved, p.v) {
			continue
		}
		return fmt.Errorf("nn: the state was saved by a %s with %s %s, but this one has %s %s; build it as it was saved to resume the run%s",
			name, p.key, p.format(saved), p.key, p.format(p.v), p.hint)
	}
	return nil
}

// read returns p's value in st, or nil when st has no entry for it.
func (p schedParam) read(st *State) ([]float64, error) {
	if !p.list {
		v, ok := st.Scalars[p.key]
		if !ok {
			return nil, nil
		}
		return []float64{v}, nil
	}
	if _, ok := st.Scalars[p.key+".len"]; !ok {
		return nil, nil
	}
	n, err := st.count(p.key + ".len")
	if err != nil {
		return nil, err
	}
	v := make([]float64, n)
	for i := range v {
		if v[i], err = st.scalar(p.key + "." + strconv.Itoa(i)); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// format spells v as the schedule's field would be.
func (p schedParam) format(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		if k := int(x); p.names != nil && float64(k) == x && k >= 0 && k < len(p.names) {
			s[i] = strconv.Quote(p.names[k])
		} else {
			s[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
	}
	if p.list {
		return "[" + strings.Join(s, " ") + "]"
	}
	return s[0]
}

// sameValues reports whether a and b hold the same values, NaN equal to
// NaN.
func sameValues(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
