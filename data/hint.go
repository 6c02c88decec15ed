package data

// OptionHint is an error that advises setting a CSVOptions field to a
// value: its message is Err's, then Lead, "CSVOptions.<Option> = <Value>"
// and Tail. A program whose users give the options another way (a
// command-line flag) respells the advice with Respell.
type OptionHint struct {
	Err    error  // the error advised on
	Lead   string // the words after Err's message and before the advice
	Option string // the CSVOptions field, e.g. "SkipRows"
	Value  string // its value as Go spells it, e.g. "1", "';'", "TaskRegression"
	Tail   string // the words after the advice
}

// Error implements error: the hint with the advice for a Go caller, the
// CSVOptions field to set (see Respell).
func (h *OptionHint) Error() string { return h.Respell(libraryAdvice) }

// Unwrap returns Err.
func (h *OptionHint) Unwrap() error { return h.Err }

// Respell returns the message with the advice spelled by advice(Option,
// Value) instead of "CSVOptions.<Option> = <Value>".
func (h *OptionHint) Respell(advice func(option, value string) string) string {
	return h.Err.Error() + h.Lead + advice(h.Option, h.Value) + h.Tail
}

func libraryAdvice(option, value string) string { return "CSVOptions." + option + " = " + value }
