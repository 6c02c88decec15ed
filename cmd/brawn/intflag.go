package main

import (
	"strconv"

	"github.com/spf13/pflag"
)

// intValue is an int flag that refuses a value its int cannot hold.
// pflag's own parses 64 bits and truncates them to an int, so that on a
// 32-bit platform --epochs 4294967297 would read as 1.
type intValue int

func (v *intValue) Set(s string) error {
	n, err := strconv.ParseInt(s, 0, strconv.IntSize)
	if err != nil {
		return err
	}
	*v = intValue(n)
	return nil
}

// Type is pflag's name for an int flag, which help and the flag errors
// (flagValueKinds) show.
func (v *intValue) Type() string { return "int" }

func (v *intValue) String() string { return strconv.Itoa(int(*v)) }

// intVar defines an int flag on fs as fs.IntVar does.
func intVar(fs *pflag.FlagSet, p *int, name string, value int, usage string) {
	*p = value
	fs.Var((*intValue)(p), name, usage)
}
