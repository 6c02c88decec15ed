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
	pw := m.NewPredictionsCSVWriter(w, probs)
	pw.Write(p)
	return pw.Flush()
}

// PredictionsCSVWriter writes predictions as WritePredictionsCSV does, in
// parts: the predictions of the rows of a file read a block at a time,
// numbered on from one block to the next, under one header, so that the
// whole is what WritePredictionsCSV writes for all the rows at once.
type PredictionsCSVWriter struct {
	m      *Model
	w      *bufio.Writer
	probs  bool
	next   int      // the number of the next row
	header bool     // written
	fields []string // class names quoted as CSV needs
	buf    []byte
}

// NewPredictionsCSVWriter returns a PredictionsCSVWriter of m's
// predictions to w, with each class's probability when probs (a
// classifier's).
func (m *Model) NewPredictionsCSVWriter(w io.Writer, probs bool) *PredictionsCSVWriter {
	return &PredictionsCSVWriter{m: m, w: bufio.NewWriter(w), probs: probs, buf: make([]byte, 0, 64)}
}

// Write writes the header, the first time, and a line for each row p
// predicts, numbered on from the rows written before. Its errors are
// w's, which Flush returns.
func (pw *PredictionsCSVWriter) Write(p *Prediction) {
	m, bw := pw.m, pw.w
	if !pw.header {
		pw.header = true
		if m.Regression() {
			bw.WriteString("row")
			for _, n := range m.TargetNames() {
				bw.WriteString("," + csvField(n))
			}
		} else {
			names := m.ClassLabels()
			bw.WriteString("row,class")
			if pw.probs {
				for _, n := range names {
					bw.WriteString("," + csvField("p_"+n))
				}
			}
			pw.fields = make([]string, len(names))
			for k, n := range names {
				pw.fields[k] = csvField(n)
			}
		}
		bw.WriteByte('\n')
	}
	buf := pw.buf
	if m.Regression() {
		o := m.NumOutputs()
		for i := range len(p.Targets) / o {
			buf = strconv.AppendInt(buf[:0], int64(pw.next), 10)
			for _, v := range p.Targets[i*o : (i+1)*o] {
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, float64(v), 'g', -1, 32)
			}
			buf = append(buf, '\n')
			bw.Write(buf)
			pw.next++
		}
		pw.buf = buf
		return
	}
	c := m.NumClasses()
	for i, k := range p.Class {
		buf = strconv.AppendInt(buf[:0], int64(pw.next), 10)
		buf = append(buf, ',')
		buf = append(buf, pw.fields[k]...)
		if pw.probs {
			for _, v := range p.Probs[i*c : (i+1)*c] {
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, float64(v), 'g', 6, 32)
			}
		}
		buf = append(buf, '\n')
		bw.Write(buf)
		pw.next++
	}
	pw.buf = buf
}

// Flush writes what is buffered and returns the first error of w, if
// any.
func (pw *PredictionsCSVWriter) Flush() error {
	return pw.w.Flush()
}

// csvField quotes a CSV field when it holds a delimiter, quote or newline.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
