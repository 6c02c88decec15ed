package data

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadCSVGood(t *testing.T) {
	tests := []struct {
		name       string
		content    string
		opts       CSVOptions
		x          []float32
		y          []int
		features   int
		classes    int
		classNames []string
	}{
		{"header detected, label by name default", "a,b,label\n1,2,0\n3,4,2\n", CSVOptions{},
			[]float32{1, 2, 3, 4}, []int{0, 2}, 2, 3, nil},
		{"no header, last column", "1,2,1\n3,4,0\n", CSVOptions{},
			[]float32{1, 2, 3, 4}, []int{1, 0}, 2, 2, nil},
		{"CRLF and blank trailing lines", "x,y\r\n1.5,1\r\n-2e-1,0\r\n\r\n  \r\n\n", CSVOptions{},
			[]float32{1.5, -0.2}, []int{1, 0}, 1, 2, nil},
		{"semicolon, label first by index", "1;1;2\n2;3;4\n0;5;6\n", CSVOptions{Comma: ';', LabelColumn: "0"},
			[]float32{1, 2, 3, 4, 5, 6}, []int{1, 2, 0}, 2, 3, nil},
		{"tab, label by negative index", "1\t5\t2\n3\t6\t4\n", CSVOptions{Comma: '\t', LabelColumn: "-2"},
			[]float32{1, 2, 3, 4}, []int{0, 1}, 2, 2, []string{"5", "6"}},
		{"pandas header of numbers over label", "0,1,label\n0.5,1.5,neg\n2.5,3.5,pos\n", CSVOptions{},
			[]float32{0.5, 1.5, 2.5, 3.5}, []int{0, 1}, 2, 2, []string{"neg", "pos"}},
		// DataFrame(array).to_csv(index=False) numbers the columns; the
		// header was read as a sample with class "target" or 2.
		{"pandas header of numbers over a renamed label", "0,1,target\n0.5,1.5,neg\n2.5,3.5,pos\n", CSVOptions{},
			[]float32{0.5, 1.5, 2.5, 3.5}, []int{0, 1}, 2, 2, []string{"neg", "pos"}},
		{"pandas header of numbers only", "0,1,2\n0.5,1.5,1\n2.5,3.5,0\n", CSVOptions{},
			[]float32{0.5, 1.5, 2.5, 3.5}, []int{1, 0}, 2, 2, nil},
		{"pandas header of numbers over text labels", "0,1,2\n0.5,1.5,neg\n2.5,3.5,pos\n", CSVOptions{},
			[]float32{0.5, 1.5, 2.5, 3.5}, []int{0, 1}, 2, 2, []string{"neg", "pos"}},
		{"a row numbering its columns over another is data when short", "0,1\n2,0\n", CSVOptions{},
			[]float32{0, 2}, []int{1, 0}, 1, 2, nil},
		{"rows numbering their columns are data", "0,1,2\n0,1,2\n1,1,0\n", CSVOptions{},
			[]float32{0, 1, 0, 1, 1, 1}, []int{2, 2, 0}, 2, 3, nil},
		// Integers that leave most of 0..max unused are names, as
		// scikit-learn reads them, ordered by value.
		{"integers far apart", "1,100\n2,200\n3,100\n", CSVOptions{},
			[]float32{1, 2, 3}, []int{0, 1, 0}, 1, 2, []string{"100", "200"}},
		{"integer names by value", "1,10\n2,5\n3,5\n", CSVOptions{},
			[]float32{1, 2, 3}, []int{1, 0, 0}, 1, 2, []string{"5", "10"}},
		{"integer names spelt as floats", "1,10.0\n2,5\n3,5.0\n", CSVOptions{},
			[]float32{1, 2, 3}, []int{1, 0, 0}, 1, 2, []string{"5", "10"}},
		{"a test set's integer names spelt as floats", "1,10.0\n2,5\n", CSVOptions{ClassNames: []string{"5", "10"}},
			[]float32{1, 2}, []int{1, 0}, 1, 2, []string{"5", "10"}},
		{"label by name, case-insensitive", "f1,Species,f2\n1,setosa,2\n3,virginica,4\n5,setosa,6\n", CSVOptions{LabelColumn: "species"},
			[]float32{1, 2, 3, 4, 5, 6}, []int{0, 1, 0}, 2, 2, []string{"setosa", "virginica"}},
		{"text labels sorted", "1,dog\n2,cat\n3,eel\n4,cat\n", CSVOptions{},
			[]float32{1, 2, 3, 4}, []int{1, 0, 2, 0}, 1, 3, []string{"cat", "dog", "eel"}},
		{"integer labels written as floats", "1,1.0\n2,0.0\n", CSVOptions{},
			[]float32{1, 2}, []int{1, 0}, 1, 2, nil},
		{"negative labels are names", "1,-1\n2,1\n", CSVOptions{},
			[]float32{1, 2}, []int{0, 1}, 1, 2, []string{"-1", "1"}},
		// As scikit-learn's classes_: numbers ordered by value, -1.0 the
		// class -1 (as text they were "-1", "-1.0", "10", "2").
		{"signed integer names by value, spelt one way", "1,10\n2,-1\n3,2\n4,-1.0\n", CSVOptions{},
			[]float32{1, 2, 3, 4}, []int{2, 0, 1, 0}, 1, 3, []string{"-1", "2", "10"}},
		{"forced header on numeric names", "0,1,2\n5,6,1\n7,8,0\n", CSVOptions{Header: HeaderPresent},
			[]float32{5, 6, 7, 8}, []int{1, 0}, 2, 2, nil},
		{"forced no header", "1,2,3\n", CSVOptions{Header: HeaderAbsent},
			[]float32{1, 2}, []int{0}, 2, 1, []string{"3"}},
		{"quoted fields and spaces", "\"a\",\"b\"\n\" 1.25\", 0\n", CSVOptions{},
			[]float32{1.25}, []int{0}, 1, 1, nil},
		{"test set with training classes", "1,3\n2,0\n", CSVOptions{Classes: 5},
			[]float32{1, 2}, []int{3, 0}, 1, 5, nil},
		{"test set with training names", "1,eel\n2,cat\n", CSVOptions{ClassNames: []string{"cat", "dog", "eel"}},
			[]float32{1, 2}, []int{2, 0}, 1, 3, []string{"cat", "dog", "eel"}},
		{"byte order mark", "\xEF\xBB\xBFa,label\n1,0\n", CSVOptions{},
			[]float32{1}, []int{0}, 1, 1, nil},
		{"space delimited", "1 2 0\n3 4 1\n", CSVOptions{Comma: ' '},
			[]float32{1, 2, 3, 4}, []int{0, 1}, 2, 2, nil},
		{"unlabelled", "p,q\n1,2\n3,4\n", CSVOptions{Unlabelled: true},
			[]float32{1, 2, 3, 4}, nil, 2, 0, nil},
		{"labels dropped unread", "p,label,q\n1,,2\n3,NA,4\n5,x,6\n", CSVOptions{DropLabels: true},
			[]float32{1, 2, 3, 4, 5, 6}, nil, 2, 0, nil},
		{"targets dropped unread", "y,p,z,q\n,1,?,2\n7,3,inf,4\n", CSVOptions{DropLabels: true, Task: TaskRegression, LabelColumn: "z,y"},
			[]float32{1, 2, 3, 4}, nil, 2, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := DecodeCSV("t.csv", []byte(tc.content), tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.x, d.X)
			assert.Equal(t, tc.y, d.Y)
			assert.Equal(t, tc.features, d.Features)
			assert.Equal(t, tc.classes, d.Classes)
			assert.Equal(t, tc.classNames, d.ClassNames)
			assert.Equal(t, len(tc.x)/tc.features, d.Len())
			assert.Equal(t, "t.csv", d.Source)
		})
	}
}

func TestReadCSVGzipFile(t *testing.T) {
	p := writeTemp(t, "data.csv.txt", gzipBytes(t, []byte("a,label\n0.5,1\n0.25,0\n")))
	d, err := ReadCSV(p, CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []float32{0.5, 0.25}, d.X)
	assert.Equal(t, []int{1, 0}, d.Y)

	d, err = LoadFile(p, CSVOptions{})
	require.NoError(t, err, "LoadFile detects CSV by content")
	assert.Equal(t, []int{1, 0}, d.Y)
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		opts    CSVOptions
		msg     string
	}{
		{"empty", "", CSVOptions{}, "t.csv: empty file: no rows"},
		{"blank lines only", "\n\r\n  \n", CSVOptions{}, "t.csv: empty file: no rows"},
		{"header only", "a,b,label\r\n", CSVOptions{}, "t.csv: no data rows after the header"},
		{"ragged with header", "a,b,label\n1,2,0\n1,2\n", CSVOptions{}, "t.csv:3: ragged row: 2 fields, but the header has 3"},
		{"ragged without header", "1,2,0\n\n1,2,3,0\n", CSVOptions{}, "t.csv:3: ragged row: 4 fields, but line 1, the first row has 3"},
		{"not a number", "a,b,label\n1,2,0\n1,x7,1\n", CSVOptions{}, `t.csv:3: column "b" (index 1): "x7" is not a number`},
		{"not a number no header", "1,2,0\n1,2,0\n1,2,0\n1,abc,0\n", CSVOptions{}, `t.csv:4: column index 1: "abc" is not a number`},
		{"infinite", "1,2,0\n1,1e40,1\n", CSVOptions{}, `t.csv:2: column index 1: "1e40" is not a finite float32 number`},
		{"missing empty", "a,b,label\n1,,0\n", CSVOptions{}, `t.csv:2: column "b" (index 1): missing value ("")`},
		{"tab with empty cell", "1\t2\t0\n\t4\t1\n", CSVOptions{Comma: '\t'}, `t.csv:2: column index 0: missing value ("")`},
		{"missing NA", "1,2,0\nNA,2,0\n", CSVOptions{}, `t.csv:2: column index 0: missing value ("NA")`},
		{"missing label", "a,label\n1,0\n2, \n", CSVOptions{}, `t.csv:3: column "label" (index 1): missing label ("")`},
		{"error in first row without header", "1,,0\n1,2,0\n", CSVOptions{}, `t.csv:1: column index 1: missing value ("")`},
		{"quoted field spanning lines", "a,b,label\n1,\"2\n\",0\n3,\"\nz\",1\n", CSVOptions{}, `t.csv:4: column "b" (index 1): "\nz" is not a number`},
		{"label out of range", "a,label\n1,0\n2,10\n", CSVOptions{Classes: 10}, `t.csv:3: column "label" (index 1): label 10 is out of range: expected 0..9 (10 classes)`},
		{"label negative", "1,-1\n", CSVOptions{Classes: 10}, `t.csv:1: column index 1: label -1 is out of range: expected 0..9 (10 classes)`},
		{"label not integer", "1,2.5\n", CSVOptions{Classes: 3}, `t.csv:1: column index 1: label "2.5" is not an integer class index (expected 0..2)`},
		{"label unknown to training", "1,cat\n2,fox\n", CSVOptions{ClassNames: []string{"cat", "dog"}},
			`t.csv:2: column index 1: label "fox" is not one of the 2 classes of the training data ("cat", "dog")`},
		{"a stray large label", "a,label\n1,0\n2,1\n3,2\n4,100000\n5,1\n", CSVOptions{}, `t.csv:5: column "label" (index 1): label 100000 makes 100001 classes (0..100000), but the other labels are class indices 0..2`},
		{"label column name missing", "a,b,c\n1,2,3\n", CSVOptions{LabelColumn: "target"}, `t.csv: no column named "target" for the label; the header has "a", "b", "c"`},
		{"label column index out of range", "1,2,3\n", CSVOptions{LabelColumn: "3"}, "t.csv: label column index 3 is out of range: the file has 3 columns (indices 0..2, or -1..-3 from the end)"},
		{"label name without header", "1,2\n", CSVOptions{LabelColumn: "y", Header: HeaderAbsent}, `t.csv: the label column is given by name ("y") but the file is read without a header`},
		{"only a label column", "label\n1\n", CSVOptions{}, "t.csv: no feature columns: the only column is the label"},
		{"bare quote", "1,2\n1,a\"b\n", CSVOptions{}, `t.csv:2: malformed CSV: parse error on line 2, column 4: bare " in non-quoted-field`},
		{"unclosed quote", "1,2\n1,\"2\n3,4\n5,6\"x\n", CSVOptions{}, `t.csv:2: malformed CSV: record on line 2; parse error on line 4, column 4: extraneous or missing " in quoted-field`},
		{"bad delimiter", "1,2\n", CSVOptions{Comma: '"'}, `t.csv: invalid CSV delimiter '"'`},
		{"unknown header mode", "1,2\n", CSVOptions{Header: Header(9)}, "t.csv: CSVOptions.Header 9 is none of HeaderAuto, HeaderPresent and HeaderAbsent"},
		{"unknown task", "1,2\n", CSVOptions{Task: Task(9)}, "t.csv: CSVOptions.Task 9 is none of TaskAuto, TaskClassification and TaskRegression"},
		{"negative classes", "1,2\n", CSVOptions{Classes: -3}, "t.csv: CSVOptions.Classes -3 must be >= 0"},
		{"classes and names disagree", "1,x\n", CSVOptions{Classes: 5, ClassNames: []string{"x", "y"}}, "t.csv: CSVOptions.Classes 5, but ClassNames has 2"},
		{"a class name twice", "1,x\n", CSVOptions{ClassNames: []string{"x", "x", "y"}}, `t.csv: CSVOptions.ClassNames has "x" twice (classes 0 and 1)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeCSV("t.csv", []byte(tc.content), tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func FuzzCSV(f *testing.F) {
	f.Add("a,b,label\n1,2,0\n3,4,1\n", ",", "", uint8(0))
	f.Add("1;2;cat\r\n3;4;dog\r\n\r\n", ";", "-1", uint8(0))
	f.Add("\"x\",\"y\"\n\"1\",\"2\"\n", ",", "x", uint8(0))
	f.Add("1\t2\n", "\t", "0", uint8(0))
	// Edge cases: empty, a byte-order mark, quoted newlines and quotes,
	// missing and non-finite cells, ragged and label-only rows, labels
	// that are negative, sparse or fractional, an unterminated quote.
	f.Add("", ",", "", uint8(0))
	f.Add("\ufeffa,b,label\n1,2,0\n", ",", "label", uint8(0))
	f.Add("a,b\n\"1\n2\",\"x\"\"y\"\n", ",", "b", uint8(0))
	f.Add("x,y,l\n1,NaN,0\n,2,1\n3,?,1\n", ",", "", uint8(0))
	f.Add("1,2,0\n3\n", ",", "", uint8(0))
	f.Add("1e39,0\n-1e39,1\n", ",", "", uint8(0))
	f.Add("a,a,label\n1,2,0\n", ",", "label", uint8(0))
	f.Add("label\n1\n2\n", ",", "label", uint8(0))
	f.Add("1,100000\n2,0\n", ",", "", uint8(0))
	f.Add("1,-1\n2,0.5\n", ",", "", uint8(0))
	f.Add("\"unterminated,1\n2,3\n", ",", "", uint8(0))
	f.Add("1\"2\n", "\"", "", uint8(0))
	f.Add("3,2\n1,2,0\n3,4,1\n", ",", "", uint8(1))        // a preamble line to skip
	f.Add("# t\n\nx,y\n1,2\n", ",", "", uint8(7))          // more to skip than lines
	f.Add("  1  2 0\n 3\t4  \"1\"\n", `\s+`, "", uint8(0)) // runs of white space
	f.Fuzz(func(t *testing.T, content, comma, label string, skip uint8) {
		opts := CSVOptions{LabelColumn: label, SkipRows: int(skip % 8)}
		if r := []rune(comma); comma == `\s+` {
			opts.Whitespace = true
		} else if len(r) > 0 {
			opts.Comma = r[0]
		}
		for _, h := range []Header{HeaderAuto, HeaderPresent, HeaderAbsent} {
			opts.Header = h
			d, err := DecodeCSV("fuzz.csv", []byte(content), opts)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "fuzz.csv") {
					t.Fatalf("error does not name the file: %v", err)
				}
				continue
			}
			if len(d.X) != d.Len()*d.Features || len(d.Y) != d.Len() {
				t.Fatalf("inconsistent dataset: %d values, %d features, %d labels", len(d.X), d.Features, len(d.Y))
			}
			for _, y := range d.Y {
				if y < 0 || y >= d.Classes {
					t.Fatalf("label %d outside %d classes", y, d.Classes)
				}
			}
		}
	})
}

func TestParseDelimiter(t *testing.T) {
	for in, want := range map[string]rune{"": ',', ",": ',', "comma": ',', ";": ';', "|": '|', "tab": '\t', `\t`: '\t', "\t": '\t', "TAB": '\t', "space": ' '} {
		got, err := ParseDelimiter(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{";;", `"`, "\n", "\xff"} {
		_, err := ParseDelimiter(bad)
		assert.ErrorContains(t, err, "invalid CSV delimiter", bad)
	}
}
