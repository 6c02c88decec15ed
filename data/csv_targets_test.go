package data

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadCSVRegressionTargets(t *testing.T) {
	for _, c := range []struct {
		name, content, cols string
		x, y                []float32
		outputs             int
		names               []string
	}{
		{"default: the last column", "a,b,price\n1,2,3.5\n4,5,-6.25\n", "",
			[]float32{1, 2, 4, 5}, []float32{3.5, -6.25}, 1, []string{"price"}},
		{"by name, in the list's order", "y1,a,y2\n1,2,3\n4,5,6\n", "y2,y1",
			[]float32{2, 5}, []float32{3, 1, 6, 4}, 2, []string{"y2", "y1"}},
		{"by index without a header", "1,2,3\n4,5,6\n", "0,-1",
			[]float32{2, 5}, []float32{1, 3, 4, 6}, 2, []string{"column 0", "column 2"}},
		{"a header name holding a comma", "\"a,b\",c\n1,2\n3,4\n", "a,b",
			[]float32{2, 4}, []float32{1, 3}, 1, []string{"a,b"}},
	} {
		d, err := DecodeCSV("t.csv", []byte(c.content), CSVOptions{Task: TaskRegression, LabelColumn: c.cols})
		require.NoError(t, err, c.name)
		require.Equal(t, c.x, d.X, c.name)
		require.Equal(t, c.y, d.Targets, c.name)
		require.Equal(t, c.outputs, d.Outputs, c.name)
		require.Equal(t, c.names, d.TargetNames, c.name)
		require.Nil(t, d.Y, c.name)
		require.Equal(t, 0, d.Classes, c.name)
		require.Equal(t, len(c.x)/d.Features, d.Len(), c.name)
		require.True(t, d.Labelled(), c.name)
	}
}

func TestReadCSVRegressionErrors(t *testing.T) {
	for _, c := range []struct{ content, cols, want string }{
		{"a,y\n1,2\n3,NA\n", "", `t.csv:3: column "y" (index 1): missing target ("NA")`},
		{"a,y\n1,2\n3,big\n", "", `t.csv:3: column "y" (index 1): target "big" is not a finite float32 number`},
		{"a,y\n1,2\n3,1e39\n", "", `target "1e39" is not a finite float32 number`},
		{"a,y\n1,2\n", "y,y", `names column "y" (index 1) twice`},
		{"a,y\n1,2\n", "a,", `has an empty entry`},
		{"a,y\n1,2\n", "a,z", `no column named "z"`},
		{"a,y\n1,2\n", "a,y", `t.csv: no feature columns: every column is a target`},
	} {
		_, err := DecodeCSV("t.csv", []byte(c.content), CSVOptions{Task: TaskRegression, LabelColumn: c.cols})
		require.ErrorContains(t, err, c.want, c.content)
	}
}

// labelsCSV writes rows "i,label" for the given labels.
func labelsCSV(labels []string) []byte {
	var b strings.Builder
	b.WriteString("x,target\n")
	for i, l := range labels {
		fmt.Fprintf(&b, "%d,%s\n", i, l)
	}
	return []byte(b.String())
}

func TestReadCSVAutoRefusesContinuousLabels(t *testing.T) {
	var ints, floats, dense, few []string
	for i := range 200 {
		ints = append(ints, fmt.Sprint(25+i*3/2)) // 200 distinct integers from 25
		floats = append(floats, fmt.Sprint(float64(i%5)+0.5))
		dense = append(dense, fmt.Sprint(i%100)) // exactly 0..99: class indices
		few = append(few, fmt.Sprint(3+i%MaxAutoClasses))
	}
	_, err := DecodeCSV("t.csv", labelsCSV(ints), CSVOptions{})
	var ce *ContinuousLabelsError
	require.ErrorAs(t, err, &ce)
	require.EqualError(t, err, `t.csv: column "target" (index 1): the labels look like continuous values, not classes: 200 distinct integers from 25 to 323 in 200 rows; read them as regression targets, or as classes explicitly`)
	_, err = DecodeCSV("t.csv", labelsCSV(floats), CSVOptions{})
	require.ErrorContains(t, err, "5 distinct numbers from 0.5 to 4.5 in 200 rows")

	for _, labels := range [][]string{dense, few} {
		d, err := DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{})
		require.NoError(t, err)
		require.NotNil(t, d.Y)
	}
	// TaskClassification keeps the one-class-per-value reading.
	d, err := DecodeCSV("t.csv", labelsCSV(floats), CSVOptions{Task: TaskClassification})
	require.NoError(t, err)
	require.Equal(t, []string{"0.5", "1.5", "2.5", "3.5", "4.5"}, d.ClassNames)
	// A test set read with the training set's classes is not judged.
	_, err = DecodeCSV("t.csv", labelsCSV(ints), CSVOptions{Classes: 400})
	require.NoError(t, err)
}

// Continuous labels with a stray cell that is not a number ("abc", "inf")
// are refused as continuous, naming that cell, rather than read as text
// with a class per value; class indices with a stray text label are left
// to checkMixedLabels, and labels mostly text stay text classes.
func TestReadCSVAutoRefusesContinuousLabelsWithAStrayCell(t *testing.T) {
	for _, stray := range []string{"abc", "inf", "-Inf", "1e400"} {
		var floats, ints []string
		for i := range 50 {
			floats = append(floats, fmt.Sprint(float64(i)/4+0.1))
			ints = append(ints, fmt.Sprint(20+i))
		}
		floats[7], ints[7] = stray, stray
		_, err := DecodeCSV("t.csv", labelsCSV(floats), CSVOptions{})
		var ce *ContinuousLabelsError
		require.ErrorAs(t, err, &ce, stray)
		require.EqualError(t, err, fmt.Sprintf(`t.csv: column "target" (index 1): the labels look like continuous values, not classes: 49 distinct numbers from 0.1 to 12.35 in 49 of the 50 rows (line 9 holds %q, not a finite number); read them as regression targets, or as classes explicitly`, stray))
		_, err = DecodeCSV("t.csv", labelsCSV(ints), CSVOptions{})
		require.ErrorContains(t, err, "49 distinct integers from 20 to 69 in 49 of the 50 rows (line 9 holds", stray)
	}
	few := []string{"0", "1", "2", "x", "1", "2", "0"}
	_, err := DecodeCSV("t.csv", labelsCSV(few), CSVOptions{})
	require.EqualError(t, err, `t.csv:5: column "target" (index 1): label "x" is not an integer class index, but 6 of the 7 labels are; fix it, or make every label a name`)
	text := []string{"a", "b", "1.5", "c", "2.5"}
	d, err := DecodeCSV("t.csv", labelsCSV(text), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, 5, d.Classes)
}

func TestDatasetSubsetsKeepTargets(t *testing.T) {
	d, err := DecodeCSV("t.csv", []byte("a,y1,y2\n1,10,11\n2,20,21\n3,30,31\n"), CSVOptions{Task: TaskRegression, LabelColumn: "y1,y2"})
	require.NoError(t, err)
	s, err := d.Slice(1, 3)
	require.NoError(t, err)
	require.Equal(t, []float32{20, 21, 30, 31}, s.Targets)
	s, err = d.Subset([]int{2, 0})
	require.NoError(t, err)
	require.Equal(t, []float32{30, 31, 10, 11}, s.Targets)
	require.Equal(t, []float32{3, 1}, s.Matrix())
	tr, val, err := d.SplitValidation(1.0/3, 1)
	require.NoError(t, err)
	require.Equal(t, 2, tr.Len())
	require.Equal(t, 1, val.Len())
	require.Len(t, val.Targets, 2)
}

func TestTargetScaler(t *testing.T) {
	d := &Dataset{X: []float32{0, 0, 0, 0}, Features: 1, Targets: []float32{1, 5, 3, 5, 5, 5, 7, 5}, Outputs: 2, Source: "t"}
	s, err := FitTargetScaler(d)
	require.NoError(t, err)
	// Column 0: 1, 3, 5, 7: mean 4, population variance (9+1+1+9)/4 = 5.
	// Column 1 is constant: std 1, as StandardScaler.
	require.Equal(t, []float64{4, 5}, s.Mean)
	require.InDeltaSlice(t, []float64{2.23606797749979, 1}, s.Std, 1e-15)
	require.NoError(t, s.Check(2))
	require.Error(t, s.Check(1))
	z := s.Transform(d.Targets)
	require.InDeltaSlice(t, []float32{-3 / 2.236068, 0, -1 / 2.236068, 0, 1 / 2.236068, 0, 3 / 2.236068, 0}, z, 1e-6)
	s.Inverse(z)
	require.InDeltaSlice(t, d.Targets, z, 1e-6)
	_, err = FitTargetScaler(&Dataset{Features: 1, Source: "t"})
	require.ErrorContains(t, err, "no regression targets")
	// A Dataset built by hand may hold what NewRegression refuses.
	for _, v := range []float32{float32(math.NaN()), float32(math.Inf(-1))} {
		_, err = FitTargetScaler(&Dataset{X: []float32{0, 0}, Features: 1, Targets: []float32{1, 2, v, 4}, Outputs: 2, Source: "t"})
		require.EqualError(t, err, fmt.Sprintf("t: sample 1: target 0 is %v; targets must be finite numbers", v))
	}
	bad := &TargetScaler{Mean: []float64{0}, Std: []float64{0}}
	require.ErrorContains(t, bad.Check(1), "corrupt")
}

// A non-integer among a few integer classes is a typo, named by its line.
func TestReadCSVAutoNamesATypoAmongClasses(t *testing.T) {
	_, err := DecodeCSV("t.csv", labelsCSV([]string{"0", "1", "1", "1.5"}), CSVOptions{})
	require.ErrorContains(t, err, `t.csv:5: column "target" (index 1): label "1.5" is not an integer class index, but 3 of the 4 labels are`)
}

// TaskClassification makes a class of every distinct label, as the
// refusal of continuous labels suggests, also when some of the numbers
// happen to be integers ("22" among "21.1", "23.4"); a non-integer among
// labels that are mostly integer class indices is still a typo.
func TestReadCSVClassificationOfNumbersSomeIntegral(t *testing.T) {
	labels := []string{"21.1", "22", "23.4", "25", "21.1", "30.2"}
	d, err := DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{Task: TaskClassification})
	require.NoError(t, err)
	require.Equal(t, []string{"21.1", "22", "23.4", "25", "30.2"}, d.ClassNames)
	require.Equal(t, []int{0, 1, 2, 3, 0, 4}, d.Y)
	_, err = DecodeCSV("t.csv", labelsCSV([]string{"0", "1", "1", "1.5"}), CSVOptions{Task: TaskClassification})
	require.ErrorContains(t, err, `label "1.5" is not an integer class index, but 3 of the 4 labels are`)
}

// A test label unknown to a training set of many classes lists the first
// ten and counts the classes, not columns.
func TestReadCSVUnknownLabelCountsClasses(t *testing.T) {
	var names []string
	for i := range 12 {
		names = append(names, fmt.Sprintf("c%02d", i))
	}
	_, err := DecodeCSV("t.csv", labelsCSV([]string{"c00", "zz"}), CSVOptions{ClassNames: names})
	require.EqualError(t, err, `t.csv:3: column "target" (index 1): label "zz" is not one of the 12 classes of the training data ("c00", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", ... (12 classes))`)
}

// A label column name the file lacks says why when the cause is likely:
// a file without a header, whose first line of numbers was taken for one
// because the column was given by name; or a list of columns, which only
// a regression reads.
func TestReadCSVLabelNameNotFoundSaysWhy(t *testing.T) {
	_, err := DecodeCSV("t.csv", []byte("1,2,3\n4,5,6\n"), CSVOptions{LabelColumn: "y"})
	require.EqualError(t, err, `t.csv: no column named "y" for the label; the first line, read as the header because the label column is given by name, holds only numbers ("1", "2", "3"): if the file has no header, give the label column by index`)
	_, err = DecodeCSV("t.csv", []byte("a,y1,y2\n4,5,6\n"), CSVOptions{LabelColumn: "y1,y2"})
	require.EqualError(t, err, `t.csv: no column named "y1,y2" for the label; the header has "a", "y1", "y2"; only a regression (CSVOptions.Task = TaskRegression) reads a list of target columns`)
	_, err = DecodeCSV("t.csv", []byte("1,2,3\n4,5,6\n"), CSVOptions{LabelColumn: "1,2"})
	require.ErrorContains(t, err, `if the file has no header, give the label column by index; only a regression (CSVOptions.Task = TaskRegression) reads a list of target columns`)
	_, err = DecodeCSV("t.csv", []byte("a,b\n4,5\n"), CSVOptions{LabelColumn: "y", Header: HeaderPresent})
	require.EqualError(t, err, `t.csv: no column named "y" for the label; the header has "a", "b"`)
}

// Regression data split as one stratum: the test rows are the first
// ceil(fraction·n) of Permutation, in file order.
func TestSplitStratifiedRegression(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,y\n")
	for i := range 10 {
		fmt.Fprintf(&b, "%d,%d.5\n", i, i)
	}
	d, err := DecodeCSV("t.csv", []byte(b.String()), CSVOptions{Task: TaskRegression})
	require.NoError(t, err)
	train, test, err := d.SplitStratified(0.25, 7)
	require.NoError(t, err)
	require.Equal(t, 7, train.Len())
	require.Equal(t, 3, test.Len())
	want := Permutation(10, 7)[:3]
	slices.Sort(want)
	for i, r := range want {
		require.Equal(t, float32(r), test.Row(i)[0])
		require.Equal(t, float32(r)+0.5, test.Targets[i])
	}
}

// A label that TaskAuto refuses as a likely typo among class indices (a
// stray large or negative integer) is a class of its own, named by its
// value, when classification is asked for; the refusal says so.
func TestReadCSVClassificationTakesStrayIntegers(t *testing.T) {
	for _, tc := range []struct {
		stray string
		names []string
	}{
		{"999", []string{"0", "1", "2", "999"}},
		{"-1", []string{"-1", "0", "1", "2"}},
		{"100000000", []string{"0", "1", "2", "100000000"}},
		{"-9007199254740992", []string{"-9007199254740992", "0", "1", "2"}},
	} {
		if _, ok := integerLabel(tc.stray); !ok && strconv.IntSize == 32 {
			t.Logf("%s: skipped: a 32-bit int holds no integer label that large, so it is a name", tc.stray)
			continue
		}
		labels := make([]string, 200)
		for i := range labels {
			labels[i] = fmt.Sprint(i % 3)
		}
		labels[7] = tc.stray
		_, err := DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{})
		require.ErrorContains(t, err, "t.csv:9: ")
		require.ErrorContains(t, err, "; fix it, or set CSVOptions.Task = TaskClassification to make each distinct label a class, as scikit-learn does")
		var hint *OptionHint
		require.ErrorAs(t, err, &hint)

		d, err := DecodeCSV("t.csv", labelsCSV(labels), CSVOptions{Task: TaskClassification})
		require.NoError(t, err)
		require.Equal(t, tc.names, d.ClassNames)
		require.Equal(t, 4, d.Classes)
		want := slices.Index(tc.names, tc.stray)
		require.Equal(t, want, d.Y[7])
		require.Equal(t, slices.Index(tc.names, "2"), d.Y[2])
	}
}
