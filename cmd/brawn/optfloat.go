package main

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// optionalFloat is a number flag that may be unset: its text is "" then,
// which Set also takes (a resumed run restores a recorded "" so), and the
// value it sets is nil.
type optionalFloat struct{ p **float64 }

func (v optionalFloat) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		*v.p = nil
		return nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return err
	}
	*v.p = &f
	return nil
}

// Type is pflag's name for a number flag, which help and the flag errors
// (flagValueKinds) show.
func (v optionalFloat) Type() string { return "float64" }

func (v optionalFloat) String() string {
	if v.p == nil || *v.p == nil {
		return ""
	}
	return strconv.FormatFloat(**v.p, 'g', -1, 64)
}

// optionalFloatVar defines on fs a number flag that is nil until given.
func optionalFloatVar(fs *pflag.FlagSet, p **float64, name, usage string) {
	*p = nil
	fs.Var(optionalFloat{p}, name, usage)
}
