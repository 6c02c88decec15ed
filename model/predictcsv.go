package model

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// WritePredictionsCSV writes p, m's predictions for rows counted from 0,
// as CSV: the format brawn predict writes.
//
// For a classifier the header is "row,class" and, with probs, a column
// "p_<label>" per class (labels from ClassLabels); then a line per row: its
// number, its predicted class's label and, with probs, each class's
// probability with 6 significant digits ('g'). For a regression the header
// is "row" and each target's name (TargetNames); then a line per row: its
// number and each target in its units, in the fewest digits that read back
// as the same float32. A field holding a comma, a double quote, CR or LF is
// quoted as RFC 4180 quotes it.
//
// It returns w's error.
func (m *Model) WritePredictionsCSV(w io.Writer, p *Prediction, probs bool) error {
	if m.Regression() {
		return m.writeRegressionCSV(w, p.Targets)
	}
	names := m.ClassLabels()
	c := m.NumClasses()
	bw := bufio.NewWriter(w)
	bw.WriteString("row,class")
	if probs {
		for _, n := range names {
			bw.WriteString("," + csvField("p_"+n))
		}
	}
	bw.WriteByte('\n')
	fields := make([]string, len(names)) // class names quoted as CSV needs
	for k, n := range names {
		fields[k] = csvField(n)
	}
	buf := make([]byte, 0, 64)
	for i, k := range p.Class {
		buf = strconv.AppendInt(buf[:0], int64(i), 10)
		buf = append(buf, ',')
		buf = append(buf, fields[k]...)
		if probs {
			for _, v := range p.Probs[i*c : (i+1)*c] {
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, float64(v), 'g', 6, 32)
			}
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// writeRegressionCSV is WritePredictionsCSV for a regression's targets
// [rows, NumOutputs()].
func (m *Model) writeRegressionCSV(w io.Writer, targets []float32) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("row")
	for _, n := range m.TargetNames() {
		bw.WriteString("," + csvField(n))
	}
	bw.WriteByte('\n')
	o := m.NumOutputs()
	buf := make([]byte, 0, 64)
	for i := range len(targets) / o {
		buf = strconv.AppendInt(buf[:0], int64(i), 10)
		for _, v := range targets[i*o : (i+1)*o] {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, float64(v), 'g', -1, 32)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// csvField quotes a CSV field when it holds a delimiter, quote or newline.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
