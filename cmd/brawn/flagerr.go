package main

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/run"
)

// parseIntList parses "256,128" into [256 128]; every entry must be a
// positive integer. An empty string gives an empty list.
func parseIntList(flag, s, what string) ([]int, error) {
	return run.ParseList(flag, s, "a positive integer", what, func(p string) (int, bool) {
		n, err := strconv.Atoi(p)
		return n, err == nil && n > 0
	})
}

// suggestFlag is every command's flag error function: a value that does
// not parse is reworded (badFlagValue), and to an unknown flag it adds the
// command's closest flag names, as cobra does for an unknown command. A
// long name typed with one dash (-epochs) is matched too: pflag reads it
// as a group of shorthands.
func suggestFlag(cmd *cobra.Command, err error) error {
	var ive *pflag.InvalidValueError
	if errors.As(err, &ive) {
		return badFlagValue(ive)
	}
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) {
		return err
	}
	typed := ne.GetSpecifiedName()
	if group := ne.GetSpecifiedShortnames(); group != "" {
		typed, _, _ = strings.Cut(group, "=")
	}
	names := closestFlags(cmd.Flags(), typed)
	if len(names) == 0 {
		return err
	}
	for i, n := range names {
		names[i] = "--" + n
	}
	alternatives := names[0]
	if len(names) > 1 {
		alternatives = "one of " + strings.Join(names, ", ")
	}
	return fmt.Errorf("%w\nDid you mean %s?", err, alternatives)
}

// flagValueKinds says, by pflag type, what a flag's value must be.
var flagValueKinds = map[string]string{
	"int": "an integer", "int64": "an integer", "uint": "a non-negative integer", "uint64": "a non-negative integer",
	"float32": "a number", "float64": "a number", "bool": "true or false", "duration": "a duration such as 90s or 2m",
}

// mustBe says what flag f's value must be ("must be an integer"), and
// false for a type flagValueKinds does not name.
func mustBe(f *pflag.Flag) (string, bool) {
	kind, ok := flagValueKinds[f.Value.Type()]
	return "must be " + kind, ok
}

// badFlagValue rewords a value pflag could not parse in the words of the
// other flag errors, invalid --seed "-1": must be a non-negative integer,
// rather than with strconv's "parsing "-1": invalid syntax".
func badFlagValue(e *pflag.InvalidValueError) error {
	want, ok := mustBe(e.GetFlag())
	if !ok {
		return e
	}
	if _, err := strconv.ParseInt(e.GetValue(), 0, 64); err == nil && e.GetFlag().Value.Type() == "int" {
		// An integer, but past a 32-bit int.
		want = fmt.Sprintf("must be an integer from %d to %d on this %d-bit platform", math.MinInt, math.MaxInt, strconv.IntSize)
	}
	return run.BadField(e.GetFlag().Name, e.GetValue(), "%s", want)
}

// suggestDistance is the largest edit distance between a typed name and a
// flag name that is suggested, cobra's default for command names.
const suggestDistance = 2

// flagSynonyms maps the names other tools give a setting (PyTorch's
// examples: --batch-size, --num-epochs; Keras: batch_size, learning_rate),
// lower-cased and with '-' for '_', to brawn's flag for it.
var flagSynonyms = map[string]string{
	"batch-size":    "batch",
	"learning-rate": "lr",
	"num-epochs":    "epochs",
	"hidden":        "layers",
	"hidden-layers": "layers",
	"hidden-sizes":  "layers",
}

// closestFlags returns the visible flags of fs nearest to typed (ignoring
// case and '_' for '-'): those at the smallest Levenshtein distance, if it
// is at most suggestDistance, else the flags of the synonyms within that
// distance or a third of the synonym's length, whichever is more
// (flagSynonyms: "lern-rate" is 4 edits from "learning-rate"), else the
// flags whose name starts with typed.
// Typed names of one letter get no suggestion: every short name is near
// them.
func closestFlags(fs *pflag.FlagSet, typed string) []string {
	typed = strings.ReplaceAll(strings.ToLower(typed), "_", "-")
	if len(typed) < 2 {
		return nil
	}
	best := suggestDistance
	var near, prefixed []string
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Deprecated != "" {
			return
		}
		name := strings.ToLower(f.Name)
		switch d := levenshtein.ComputeDistance(typed, name); {
		case d < best || d == best && near == nil:
			best, near = d, []string{f.Name}
		case d == best:
			near = append(near, f.Name)
		}
		if strings.HasPrefix(name, typed) {
			prefixed = append(prefixed, f.Name)
		}
	})
	if len(near) > 0 {
		return near
	}
	for synonym, name := range flagSynonyms {
		if f := fs.Lookup(name); f != nil && !f.Hidden && !slices.Contains(near, name) &&
			levenshtein.ComputeDistance(typed, synonym) <= max(suggestDistance, len(synonym)/3) {
			near = append(near, name)
		}
	}
	if len(near) > 0 {
		slices.Sort(near)
		return near
	}
	return prefixed
}
