package model

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ShownName is a class name as a table prints it: the name itself, or
// quoted as Go quotes strings when it holds a character that would break
// the table's lines (a newline, a tab, another control character).
func ShownName(name string) string {
	if strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(name)
	}
	return name
}

// shownWidth is the number of columns fmt's width counts for ShownName(name):
// its runes.
func shownWidth(name string) int { return utf8.RuneCountInString(ShownName(name)) }

// ClassScores are one row of a classification report: precision
// TP/(TP+FP), recall TP/(TP+FN), their harmonic mean F1 and the support
// (true samples), scikit-learn's names.
type ClassScores struct {
	Precision float64 `json:"precision"` // a fraction in [0, 1]
	Recall    float64 `json:"recall"`    // a fraction in [0, 1]
	F1        float64 `json:"f1-score"`  // a fraction in [0, 1]
	Support   int     `json:"support"`   // samples of the class; for the means, all samples
}

// ClassificationReport is scikit-learn's classification_report computed
// from a confusion matrix: a row per class that has true or predicted
// samples (scikit-learn's default labels, unique_labels(y_true, y_pred)),
// the accuracy, and the macro (unweighted) and weighted (by support) means
// of the rows. A ratio whose denominator is zero is 0, as scikit-learn's
// zero_division="warn" makes it, and the classes it happened to are listed
// in NoPredicted (precision) and NoTrue (recall).
type ClassificationReport struct {
	Names       []string      // the rows' class names
	Classes     []ClassScores // the rows' scores, as long as Names
	Accuracy    float64       // fraction of samples classified right, 0 without samples
	Samples     int           // samples in the confusion matrix
	Macro       ClassScores   // unweighted mean of the rows
	Weighted    ClassScores   // mean of the rows weighted by support
	Absent      []string      // classes with neither true nor predicted samples, left out
	NoPredicted []string      // classes whose precision is 0 because nothing was predicted as them
	NoTrue      []string      // classes whose recall is 0 because no sample is of them
}

// NewClassificationReport computes the report of confusion matrix m (rows:
// true class, columns: predicted) with class names names. It panics,
// saying which, if m is not square or names has fewer entries than m has
// classes.
func NewClassificationReport(m [][]int, names []string) ClassificationReport {
	for i, row := range m {
		if len(row) != len(m) {
			panic(fmt.Sprintf("model.NewClassificationReport: row %d of the %d×%d confusion matrix has %d entries", i, len(m), len(m), len(row)))
		}
	}
	if len(names) < len(m) {
		panic(fmt.Sprintf("model.NewClassificationReport: %d class names for %d classes", len(names), len(m)))
	}
	var r ClassificationReport
	correct := 0
	for i := range m {
		tp, support, predicted := m[i][i], 0, 0
		for j := range m {
			support += m[i][j]
			predicted += m[j][i]
		}
		correct += tp
		r.Samples += support
		if support == 0 && predicted == 0 {
			r.Absent = append(r.Absent, names[i])
			continue
		}
		s := ClassScores{Support: support}
		if predicted > 0 {
			s.Precision = float64(tp) / float64(predicted)
		} else {
			r.NoPredicted = append(r.NoPredicted, names[i])
		}
		if support > 0 {
			s.Recall = float64(tp) / float64(support)
		} else {
			r.NoTrue = append(r.NoTrue, names[i])
		}
		// 2TP/(2TP+FP+FN), F1's form without the ratios (its denominator
		// is not zero here: the class has true or predicted samples).
		s.F1 = 2 * float64(tp) / float64(support+predicted)
		r.Names = append(r.Names, names[i])
		r.Classes = append(r.Classes, s)
	}
	if r.Samples > 0 {
		r.Accuracy = float64(correct) / float64(r.Samples)
	}
	for _, s := range r.Classes {
		r.Macro.Precision += s.Precision / float64(len(r.Classes))
		r.Macro.Recall += s.Recall / float64(len(r.Classes))
		r.Macro.F1 += s.F1 / float64(len(r.Classes))
		if r.Samples > 0 {
			w := float64(s.Support) / float64(r.Samples)
			r.Weighted.Precision += float64(w * s.Precision) // unfused: the same bits on every architecture (nn/doc.go)
			r.Weighted.Recall += float64(w * s.Recall)
			r.Weighted.F1 += float64(w * s.F1)
		}
	}
	r.Macro.Support, r.Weighted.Support = r.Samples, r.Samples
	return r
}

// Write prints the report laid out as scikit-learn's
// classification_report(digits=4) prints it, then notes on the classes
// whose scores were set to 0 or left out.
func (r ClassificationReport) Write(w io.Writer) {
	const digits = 4
	width := len("weighted avg")
	for _, n := range r.Names {
		width = max(width, shownWidth(n))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*s  %9s %9s %9s %9s\n\n", width, "", "precision", "recall", "f1-score", "support")
	row := func(name string, s ClassScores) {
		fmt.Fprintf(&b, "%*s  %9.*f %9.*f %9.*f %9d\n", width, name, digits, s.Precision, digits, s.Recall, digits, s.F1, s.Support)
	}
	for i, s := range r.Classes {
		row(ShownName(r.Names[i]), s)
	}
	fmt.Fprintf(&b, "\n%*s  %9s %9s %9.*f %9d\n", width, "accuracy", "", "", digits, r.Accuracy, r.Samples)
	row("macro avg", r.Macro)
	row("weighted avg", r.Weighted)
	if len(r.NoPredicted) > 0 {
		fmt.Fprintf(&b, "note: precision is ill-defined and set to 0 for %s, which no sample was predicted as (scikit-learn's zero_division default)\n", classList(r.NoPredicted))
	}
	if len(r.NoTrue) > 0 {
		fmt.Fprintf(&b, "note: recall is ill-defined and set to 0 for %s, which no sample is of (scikit-learn's zero_division default)\n", classList(r.NoTrue))
	}
	if len(r.Absent) > 0 {
		fmt.Fprintf(&b, "note: %s, with neither true nor predicted samples, left out of the rows and averages (as scikit-learn's labels default)\n", classList(r.Absent))
	}
	io.WriteString(w, b.String())
}

// ClassLabels returns the labels of m's classes as reports and
// predictions show them: its class names, or for integer labels the
// class indices "0", "1", ... as text.
func (m *Model) ClassLabels() []string {
	if m.ClassNames != nil {
		return m.ClassNames
	}
	out := make([]string, m.NumClasses())
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

// WriteConfusionMatrix writes confusion matrix m (m[i][j] samples of true
// class i predicted as class j) as a text table: a title line, a header of
// the predicted classes, then a row per true class with its counts and
// recall, "-" for a class without samples. names are the class labels
// (Model.ClassLabels), shown as ShownName shows them; columns are as wide
// as the longest label or count, in characters. It panics if m is not
// square or names has another length, and returns w's error.
func WriteConfusionMatrix(w io.Writer, m [][]int, names []string) error {
	if len(names) != len(m) {
		panic(fmt.Sprintf("model.WriteConfusionMatrix: %d class names for a %d×%d confusion matrix", len(names), len(m), len(m)))
	}
	shown := make([]string, len(names))
	for i, n := range names {
		if len(m[i]) != len(m) {
			panic(fmt.Sprintf("model.WriteConfusionMatrix: row %d of the %d×%d confusion matrix has %d entries", i, len(m), len(m), len(m[i])))
		}
		shown[i] = ShownName(n)
	}
	width := 5
	for i, n := range shown {
		width = max(width, utf8.RuneCountInString(n)+1)
		for _, c := range m[i] {
			width = max(width, len(strconv.Itoa(c))+1)
		}
	}
	label := len("true\\pred")
	for _, n := range shown {
		label = max(label, utf8.RuneCountInString(n))
	}
	var b strings.Builder
	b.WriteString("confusion matrix (rows: true class, columns: predicted):\n")
	fmt.Fprintf(&b, "%-*s", label, "true\\pred")
	for _, n := range shown {
		fmt.Fprintf(&b, "%*s", width, n)
	}
	b.WriteString("   recall\n")
	for i, row := range m {
		fmt.Fprintf(&b, "%-*s", label, shown[i])
		total := 0
		for _, c := range row {
			fmt.Fprintf(&b, "%*d", width, c)
			total += c
		}
		if total > 0 {
			fmt.Fprintf(&b, "  %6.2f%%\n", 100*float64(row[i])/float64(total))
		} else {
			b.WriteString("        -\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// classList names classes in a note: "class 3", "classes 3, 7".
func classList(names []string) string {
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = ShownName(n)
	}
	if len(names) == 1 {
		return "class " + shown[0]
	}
	return "classes " + strings.Join(shown, ", ")
}

// JSON is the report as scikit-learn's
// classification_report(output_dict=True) gives it: a key per class name
// with its scores, "accuracy", "macro avg" and "weighted avg".
func (r ClassificationReport) JSON() map[string]any {
	out := map[string]any{"accuracy": r.Accuracy, "macro avg": r.Macro, "weighted avg": r.Weighted}
	for i, s := range r.Classes {
		out[r.Names[i]] = s
	}
	return out
}
