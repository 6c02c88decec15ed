package callbacks

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FormatLoss formats a loss with 4 decimals, or in %g form with 4
// significant digits once it is so large (a diverging run, |v| >= 1e6) or
// NaN that fixed-point would print dozens of digits.
func FormatLoss(v float64) string {
	if math.Abs(v) >= 1e6 || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// FormatAccuracy formats an accuracy acc (a fraction) as a percentage with
// the fmt verb in format (such as " acc %.2f%%"), or returns "" for NaN,
// the accuracy of a regression.
func FormatAccuracy(format string, acc float64) string {
	if math.IsNaN(acc) {
		return ""
	}
	return fmt.Sprintf(format, 100*acc)
}

// Thousands formats n with commas every three digits: 235146 gives
// "235,146".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatRate is the training speed that ends an epoch's line,
// "  5,000 samples/s", or "" for a rate of 0: an epoch this process
// trained no sample of (resumed after its last step, to end it), whose
// 0 would read as a stall.
func FormatRate(samplesPerSec float64) string {
	if samplesPerSec == 0 {
		return ""
	}
	return "  " + Thousands(int(samplesPerSec)) + " samples/s"
}

// FormatBytes formats a byte count in binary units with one decimal:
// 3435973837 gives "3.2 GiB".
func FormatBytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	return strconv.FormatFloat(b, 'f', 1, 64) + " " + units[i]
}
