package data

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// labelParser is a parser that has read the given labels, one per row of
// a headerless file of one feature and the label, as dataset maps them.
func labelParser(labels []string, task Task) *csvParser {
	lines := make([]int, len(labels))
	for i := range lines {
		lines[i] = i + 1
	}
	return &csvParser{name: "l.csv", opts: CSVOptions{Task: task}, ncols: 2, label: 1, labels: labels, lines: lines}
}

// cycleLabels returns n labels cycling through the given ones.
func cycleLabels(n int, values ...string) []string {
	labels := make([]string, n)
	for i := range labels {
		labels[i] = values[i%len(values)]
	}
	return labels
}

// Mapping the labels to classes parses each label once and allocates per
// distinct label, not per row: the checks of TaskAuto (continuous values,
// an identifier column) and the integer parse share one pass. They used
// to parse every label three times and write each integer label as text
// (strconv.Itoa, an allocation for values of 100 and more) to count it.
func TestLabelMappingAllocatesPerClass(t *testing.T) {
	for _, tc := range []struct {
		labels  []string
		classes int
	}{
		{cycleLabels(10000, "100", "200", "300", "400", "500", "600", "700", "800"), 8},
		{cycleLabels(10000, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), 10},
		{cycleLabels(10000, "cat", "dog", "bird"), 3},
	} {
		labels := tc.labels
		p := labelParser(labels, TaskAuto)
		d, err := p.dataset()
		require.NoError(t, err)
		require.Equal(t, tc.classes, d.Classes)
		allocs := testing.AllocsPerRun(5, func() {
			if _, err := p.dataset(); err != nil {
				t.Fatal(err)
			}
		})
		require.Less(t, allocs, 100.0, "labels %q...: allocations per mapping of 10000 labels", labels[0])
	}
}

// BenchmarkLabelMapping maps 200,000 labels to classes with TaskAuto
// (dataset): integer class indices, integers named by their values, and
// text.
func BenchmarkLabelMapping(b *testing.B) {
	const n = 200000
	digits := make([]string, 10)
	hundreds := make([]string, 10)
	for i := range digits {
		digits[i], hundreds[i] = fmt.Sprint(i), fmt.Sprint(100*(i+1))
	}
	for _, bc := range []struct {
		name   string
		labels []string
	}{
		{"indices", cycleLabels(n, digits...)},
		{"named-integers", cycleLabels(n, hundreds...)},
		{"text", cycleLabels(n, "setosa", "versicolor", "virginica")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			p := labelParser(bc.labels, TaskAuto)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.dataset(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// labelNumber, which skips ParseFloat for text that cannot be a number,
// takes exactly the labels ParseFloat reads as finite numbers.
func TestLabelNumberIsParseFloat(t *testing.T) {
	for _, s := range []string{"0", "-3", "+3", "3.0", ".5", "-.5", "1e5", "1E-3", "1e400", "-1e400", "1e-400",
		"inf", "-Inf", "+INF", "infinity", "nan", "NaN", "-nan", "0x10", "0x1p4", "1_000", "_1", ".", "-", "+", "",
		"e5", "x", "setosa", "Iris", "none", "N/A", "١", "\u00a0", "9007199254740993", "-0"} {
		v, err := strconv.ParseFloat(s, 64)
		wantOK := err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
		got, ok := labelNumber(s)
		require.Equal(t, wantOK, ok, "%q", s)
		if ok {
			require.Equal(t, v, got, "%q", s)
		}
	}
}
