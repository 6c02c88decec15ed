package bench

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// Table is one section of the report: a title, notes that say how to read
// it, and rows of already formatted cells.
type Table struct {
	Title  string     // the section's heading, printed above the rows
	Notes  []string   // one paragraph each, printed after the rows
	Header []string   // column names
	Rows   [][]string // cells by row, each row as long as Header
}

func (t *Table) add(cells ...string) { t.Rows = append(t.Rows, cells) }

// WriteText writes t as aligned columns for a terminal. It returns w's
// error.
func (t *Table) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", t.Title)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cells []string) { fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t")) }
	line(t.Header)
	for _, r := range t.Rows {
		line(r)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes t as a GitHub-flavoured Markdown table under a
// level-3 heading, numbers right-aligned. It returns w's error.
func (t *Table) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", t.Title)
	fmt.Fprintf(&b, "| %s |\n", strings.Join(t.Header, " | "))
	aligns := make([]string, len(t.Header))
	for i := range aligns {
		aligns[i] = "---:"
	}
	fmt.Fprintf(&b, "|%s|\n", strings.Join(aligns, "|"))
	for _, r := range t.Rows {
		fmt.Fprintf(&b, "| %s |\n", strings.Join(r, " | "))
	}
	if len(t.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range t.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// Cell formatting: three significant figures keep tables narrow and do not
// pretend to more precision than a shared machine gives.
func fmtG(v float64) string {
	switch {
	case v == 0:
		return "-"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func fmtPct(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }

// peakCells returns the "of peak" and "probe" cells of a row: r's
// fraction of the peak and the probe GFLOP/s it was computed against, both
// empty when no probe was timed.
func peakCells(r Result) (fraction, probe string) {
	if r.PeakFraction <= 0 {
		return "", ""
	}
	return fmtPct(r.PeakFraction), fmtG(r.ProbeGFLOPS)
}

// fmtSpread prints a Stats.Spread as ± half the range, "-" when none was
// measured (a single sample).
func fmtSpread(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("±%.0f%%", 50*v)
}

func fmtX(v float64) string {
	if v == 0 {
		return "-"
	}
	return fmtG(v) + "x"
}

// fmtNs prints a duration given in nanoseconds with a readable unit.
func fmtNs(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.0f ns", ns)
	}
}

func fmtAllocs(v float64) string {
	if v == 0 {
		return "0"
	}
	return fmtG(v)
}
