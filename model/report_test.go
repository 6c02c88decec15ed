package model

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected reports are what scikit-learn 1.2.1's
// classification_report(y_true, y_pred, digits=4) printed for the samples
// these confusion matrices count (rows: true class, columns: predicted).
func TestClassificationReportMatchesScikitLearn(t *testing.T) {
	m := [][]int{{13, 1, 0}, {2, 9, 4}, {0, 0, 11}}
	var b strings.Builder
	NewClassificationReport(m, []string{"0", "1", "2"}).Write(&b)
	assert.Equal(t, `              precision    recall  f1-score   support

           0     0.8667    0.9286    0.8966        14
           1     0.9000    0.6000    0.7200        15
           2     0.7333    1.0000    0.8462        11

    accuracy                         0.8250        40
   macro avg     0.8333    0.8429    0.8209        40
weighted avg     0.8425    0.8250    0.8165        40
`, b.String())
}

// fox is never predicted (precision 0/0), owl predicted but never true
// (recall 0/0), yak neither: scikit-learn sets the first two to 0 with a
// warning and leaves yak out of the rows and the averages.
func TestClassificationReportZeroDivision(t *testing.T) {
	m := [][]int{
		{5, 2, 0, 1, 0},
		{1, 7, 0, 0, 0},
		{3, 1, 0, 0, 0},
		{0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0},
	}
	r := NewClassificationReport(m, []string{"cat", "dog", "fox", "owl", "yak"})
	var b strings.Builder
	r.Write(&b)
	assert.Equal(t, `              precision    recall  f1-score   support

         cat     0.5556    0.6250    0.5882         8
         dog     0.7000    0.8750    0.7778         8
         fox     0.0000    0.0000    0.0000         4
         owl     0.0000    0.0000    0.0000         0

    accuracy                         0.6000        20
   macro avg     0.3139    0.3750    0.3415        20
weighted avg     0.5022    0.6000    0.5464        20
note: precision is ill-defined and set to 0 for class fox, which no sample was predicted as (scikit-learn's zero_division default)
note: recall is ill-defined and set to 0 for class owl, which no sample is of (scikit-learn's zero_division default)
note: class yak, with neither true nor predicted samples, left out of the rows and averages (as scikit-learn's labels default)
`, b.String())

	// output_dict=True, to float64 precision.
	j, err := json.Marshal(r.JSON())
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(j, &got))
	want := map[string][4]float64{
		"cat":          {0.5555555555555556, 0.625, 0.5882352941176471, 8},
		"dog":          {0.7, 0.875, 0.7777777777777777, 8},
		"fox":          {0, 0, 0, 4},
		"owl":          {0, 0, 0, 0},
		"macro avg":    {0.3138888888888889, 0.375, 0.3415032679738562, 20},
		"weighted avg": {0.5022222222222222, 0.6, 0.54640522875817, 20},
	}
	require.Len(t, got, len(want)+1)
	assert.InDelta(t, 0.6, got["accuracy"], 1e-15)
	for name, w := range want {
		g := got[name].(map[string]any)
		for k, key := range []string{"precision", "recall", "f1-score", "support"} {
			assert.InDelta(t, w[k], g[key], 1e-15, "%s %s", name, key)
		}
	}
}

// A matrix that is not square, or too few names, is a panic that says
// which, not an index out of range.
func TestClassificationReportPanicsOnBadInput(t *testing.T) {
	require.PanicsWithValue(t, "model.NewClassificationReport: row 1 of the 2×2 confusion matrix has 1 entries", func() {
		NewClassificationReport([][]int{{1, 2}, {3}}, []string{"a", "b"})
	})
	require.PanicsWithValue(t, "model.NewClassificationReport: 1 class names for 2 classes", func() {
		NewClassificationReport([][]int{{1, 2}, {3, 4}}, []string{"a"})
	})
}

// Class names with a newline or letters beyond ASCII keep the confusion
// matrix and the report one line a class, their columns aligned: a
// newline is shown quoted, and widths count characters, not bytes.
func TestTablesKeepOddNamesAligned(t *testing.T) {
	names := []string{"héron", "two\nlines", "b"}
	m := [][]int{{3, 1, 0}, {0, 4, 1}, {2, 0, 5}}
	var confusion, report strings.Builder
	require.NoError(t, WriteConfusionMatrix(&confusion, m, names))
	NewClassificationReport(m, names).Write(&report)

	lines := strings.Split(strings.TrimSuffix(confusion.String(), "\n"), "\n")
	require.Len(t, lines, 5, confusion.String()) // title, header, a row a class
	assert.Contains(t, lines[1], `"two\nlines"`)
	for _, l := range lines[2:] {
		assert.Equal(t, utf8.RuneCountInString(lines[1]), utf8.RuneCountInString(l), confusion.String())
	}
	rows := strings.Split(report.String(), "\n")[2:5]
	for i, want := range []string{"héron", `"two\nlines"`, "b"} {
		assert.Equal(t, want, strings.TrimSpace(rows[i][:strings.Index(rows[i], "  0.")]), report.String())
		assert.Equal(t, utf8.RuneCountInString(rows[0]), utf8.RuneCountInString(rows[i]), report.String())
	}
}

// WriteConfusionMatrix's table: labels padded to the longest, counts
// right-aligned in columns at least 5 wide, a class without samples
// showing "-" for its recall.
func TestWriteConfusionMatrix(t *testing.T) {
	var b strings.Builder
	require.NoError(t, WriteConfusionMatrix(&b, [][]int{{3, 1, 0}, {0, 0, 0}, {2, 0, 123456}}, []string{"cat", "dog", "bird"}))
	assert.Equal(t, `confusion matrix (rows: true class, columns: predicted):
true\pred    cat    dog   bird   recall
cat            3      1      0   75.00%
dog            0      0      0        -
bird           2      0 123456  100.00%
`, b.String())

	assert.PanicsWithValue(t, "model.WriteConfusionMatrix: 2 class names for a 3×3 confusion matrix", func() {
		_ = WriteConfusionMatrix(&b, [][]int{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, []string{"a", "b"})
	})
	assert.PanicsWithValue(t, "model.WriteConfusionMatrix: row 1 of the 2×2 confusion matrix has 1 entries", func() {
		_ = WriteConfusionMatrix(&b, [][]int{{1, 0}, {0}}, []string{"a", "b"})
	})
}

// ClassLabels are the class names, or the indices for integer labels.
func TestClassLabels(t *testing.T) {
	assert.Equal(t, []string{"cat", "dog"}, (&Model{Classes: 2, ClassNames: []string{"cat", "dog"}}).ClassLabels())
	assert.Equal(t, []string{"0", "1", "2"}, (&Model{Classes: 3}).ClassLabels())
	assert.Empty(t, (&Model{Outputs: 2}).ClassLabels(), "a regression has no classes")
}
