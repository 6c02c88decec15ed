package run

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseList parses s, the value of the comma-list flag named flag, with
// parse, which says whether an entry (spaces trimmed) is kind ("a
// number"); what says what the list holds ("weights like 1,2.5"). An
// empty s gives nil; an entry parse refuses is a *FieldError naming it.
func ParseList[T any](flag, s, kind, what string, parse func(string) (T, bool)) ([]T, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([]T, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		v, ok := parse(p)
		if !ok {
			return nil, BadField(flag, s, "%q is not %s (want %s)", p, kind, what)
		}
		out[i] = v
	}
	return out, nil
}

// ParseFloatList is ParseList for numbers: "1,2.5,0.5" is [1 2.5 0.5].
func ParseFloatList(flag, s, what string) ([]float64, error) {
	return ParseList(flag, s, "a number", what, func(p string) (float64, bool) {
		v, err := strconv.ParseFloat(p, 64)
		return v, err == nil
	})
}

// floatList writes a list as the CLI takes it: 1,2.5,0.5.
func floatList(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatFloat(x)
	}
	return strings.Join(s, ",")
}

// checkLossWeights checks ClassWeights (--class-weights, cross-entropy's
// weight) and PosWeight (--pos-weight, bce's pos_weight) once Loss is
// known: each applies to its loss only, and holds finite numbers float32
// can hold, >= 0 for the class weights (not all 0, which would make
// every loss 0) and > 0 for the positive weight (0 is its default, none).
func (c *Config) checkLossWeights(given func(string) bool) error {
	if len(c.ClassWeights) > 0 || given("class-weights") {
		list := floatList(c.ClassWeights)
		if c.Loss != "cross-entropy" {
			hint := ""
			if c.Loss == "bce" {
				hint = "; --pos-weight weighs bce's positive class"
			}
			return fmt.Errorf("--class-weights applies to --loss cross-entropy, not %s%s", c.Loss, hint)
		}
		if len(c.ClassWeights) == 0 {
			return BadField("class-weights", list, "is empty; give one weight per class, in class order, e.g. 1,2.5,0.5")
		}
		all0 := true
		for i, w := range c.ClassWeights {
			if !finite(w) || w < 0 || w > math.MaxFloat32 {
				return BadField("class-weights", list, "weight %d (%s) must be a finite number >= 0 that float32 can hold", i, formatFloat(w))
			}
			all0 = all0 && w == 0
		}
		if all0 {
			return BadField("class-weights", list, "are all 0, which makes every loss 0; give some class a weight > 0")
		}
	}
	if c.PosWeight != 0 || given("pos-weight") {
		if c.Loss != "bce" {
			return fmt.Errorf("--pos-weight applies to --loss bce, not %s; --class-weights weighs cross-entropy's classes", c.Loss)
		}
		if !finite(c.PosWeight) || c.PosWeight <= 0 || c.PosWeight > math.MaxFloat32 {
			return BadField("pos-weight", formatFloat(c.PosWeight), "must be a finite number > 0 (1 weighs positives as negatives; PyTorch suggests negatives/positives)")
		}
	}
	return nil
}

// checkClassCount refuses class weights whose number is not the classes
// of the data source describes, listing the classes in the order the
// weights go to them: names (the labels' text, data.Dataset.ClassNames)
// or, when nil, the class indices.
func checkClassCount(weights []float64, classes int, names []string, source string) error {
	if len(weights) == 0 || len(weights) == classes {
		return nil
	}
	order := fmt.Sprintf("class order (0 to %d)", classes-1)
	if names != nil {
		order = "the order of " + classList(names)
	}
	return BadField("class-weights", floatList(weights), "has %d weights, but %s has %d classes; give one weight per class, in %s",
		len(weights), source, classes, order)
}

// lossWeights are ClassWeights and PosWeight as the losses take them
// (nn.CrossEntropyLoss.Weight, nn.BCEWithLogitsLoss.PosWeight); nil when
// not set.
func (c *Config) lossWeights() (weight, pos []float32) {
	if len(c.ClassWeights) > 0 {
		weight = make([]float32, len(c.ClassWeights))
		for i, w := range c.ClassWeights {
			weight[i] = float32(w)
		}
	}
	if c.PosWeight != 0 {
		pos = []float32{float32(c.PosWeight)}
	}
	return weight, pos
}
