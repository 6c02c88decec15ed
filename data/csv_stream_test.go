package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeWhole is DecodeCSV as it was before it streamed: the whole text
// decompressed and preprocessed in memory, then parsed. The streaming
// reader must give the same datasets and errors.
func decodeWhole(name string, content []byte, opts CSVOptions) (*Dataset, error) {
	content, err := gunzipIfCompressed(name, content)
	if err != nil {
		return nil, err
	}
	if err := opts.check(name); err != nil {
		return nil, err
	}
	content = bytes.TrimPrefix(content, utf8BOM)
	if enc := wideEncoding(content); enc != "" {
		return nil, fmt.Errorf("%s: the file is %s text (it starts with a %s byte order mark); save it as UTF-8", name, enc, enc)
	}
	if bytes.IndexByte(content, '\n') < 0 {
		content = bytes.ReplaceAll(content, []byte{'\r'}, []byte{'\n'})
	}
	if content, err = blankLeadingLines(name, content, opts.SkipRows); err != nil {
		return nil, err
	}
	if opts.Whitespace {
		content = whitespaceFields(content)
	}
	p := csvParser{name: name, opts: opts, in: &textInput{r: bytes.NewReader(nil)}}
	p.r = csv.NewReader(bytes.NewReader(content))
	p.setDelimiter()
	return p.parse()
}

// sameDataset fails t unless got and want hold the same rows, labels,
// targets, names and positions.
func sameDataset(t *testing.T, want, got *Dataset, msg string) {
	t.Helper()
	assert.Equal(t, want.X, got.X, msg)
	assert.Equal(t, want.Y, got.Y, msg)
	assert.Equal(t, want.Targets, got.Targets, msg)
	assert.Equal(t, want.Len(), got.Len(), msg)
	assert.Equal(t, []any{want.Features, want.Classes, want.ClassNames, want.Outputs, want.TargetNames, want.FeatureNames, want.lines, want.columns},
		[]any{got.Features, got.Classes, got.ClassNames, got.Outputs, got.TargetNames, got.FeatureNames, got.lines, got.columns}, msg)
}

// checkStream compares DecodeCSV, and decodeCSV reading one byte at a
// time, with decodeWhole, and reading with each limit with the first rows
// of the whole read.
func checkStream(t *testing.T, content []byte, opts CSVOptions, limits ...int) {
	t.Helper()
	want, wantErr := decodeWhole("s.csv", content, opts)
	for _, read := range []func() (*Dataset, error){
		func() (*Dataset, error) { return DecodeCSV("s.csv", content, opts) },
		func() (*Dataset, error) {
			return decodeCSV("s.csv", iotest.OneByteReader(bytes.NewReader(content)), 0, opts)
		},
	} {
		got, err := read()
		if wantErr != nil {
			require.Error(t, err)
			require.Equal(t, wantErr.Error(), err.Error())
			continue
		}
		require.NoError(t, err)
		sameDataset(t, want, got, "stream")
	}
	if wantErr != nil {
		return
	}
	for _, n := range limits {
		o := opts
		o.Limit = n
		got, err := DecodeCSV("s.csv", content, o)
		require.NoError(t, err, "limit %d", n)
		w := want
		if n > 0 && n < want.Len() {
			w, err = want.Slice(0, n)
			require.NoError(t, err)
		}
		sameDataset(t, w, got, fmt.Sprintf("limit %d", n))
	}
}

// bigCSV writes rows of 3 features and a label of the kind label gives.
func bigCSV(rows int, header string, label func(i int) string) []byte {
	var b strings.Builder
	b.WriteString(header)
	for i := range rows {
		fmt.Fprintf(&b, "%d.5,%g,%d,%s\n", i, float32(i)/7, -i%13, label(i))
	}
	return []byte(b.String())
}

// The stream gives what the whole text gave, also past the row at which
// it sizes its storage (reserveRows), with labels that name classes,
// integers far apart, targets, and a limit before and after that row:
// the classes of a limited read are those of every row.
func TestReadCSVStreamSameAsWhole(t *testing.T) {
	n := 3*reserveRows + 17
	text := bigCSV(n, "a,b,c,label\n", func(i int) string { return []string{"cat", "dog", "eel"}[i%3] })
	rare := bigCSV(n, "", func(i int) string { return fmt.Sprint(map[bool]int{true: 900, false: 100}[i == n-1]) })
	for _, tc := range []struct {
		name string
		text []byte
		opts CSVOptions
	}{
		{"text labels", text, CSVOptions{}},
		{"class names given", text, CSVOptions{ClassNames: []string{"dog", "cat", "eel"}}},
		{"labels dropped", text, CSVOptions{DropLabels: true}},
		{"unlabelled", text, CSVOptions{Unlabelled: true}},
		{"targets", text, CSVOptions{Task: TaskRegression, LabelColumn: "b,c"}},
		{"integer names, the last row's unique", rare, CSVOptions{}},
		{"gzip", gzipBytes(t, text), CSVOptions{}},
		{"skip rows, CRLF, BOM", append([]byte("\ufeffa title\r\n"), bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n"))...), CSVOptions{SkipRows: 1}},
		{"white space", bytes.ReplaceAll(text, []byte(","), []byte("  \t")), CSVOptions{Whitespace: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkStream(t, tc.text, tc.opts, 1, 10, reserveRows+1, n-1, n, n+5)
		})
	}
	d, err := DecodeCSV("s.csv", rare, CSVOptions{Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []string{"100", "900"}, d.ClassNames, "the classes of every row")
}

// A limit stops parsing: a bad cell, a ragged row or a malformed record
// after the limit's rows is not reached, and the file is not read to its
// end when the classes are imposed (or there are none). Without the limit
// each is an error. When the classes come from every row, the rows after
// the limit are read for their labels: only a bad feature cell there
// goes unseen.
func TestReadCSVLimitStopsEarly(t *testing.T) {
	good := bigCSV(100, "a,b,c,label\n", func(i int) string { return fmt.Sprint(i % 2) })
	for _, bad := range []string{"1,x,2,0\n", "1,2,0\n", "1,\"2,3,0\n"} {
		content := append(append([]byte(nil), good...), bad...)
		_, err := DecodeCSV("s.csv", content, CSVOptions{})
		require.Error(t, err, bad)
		for _, o := range []CSVOptions{{Limit: 100}, {Limit: 100, Classes: 2}, {Limit: 7, Unlabelled: true}, {Limit: 50, Task: TaskRegression}} {
			d, err := DecodeCSV("s.csv", content, o)
			if o.Classes == 0 && o.Task == TaskAuto && !o.Unlabelled && bad != "1,x,2,0\n" {
				require.Error(t, err, "%q %+v", bad, o)
				continue
			}
			require.NoError(t, err, "%q %+v", bad, o)
			assert.Equal(t, min(o.Limit, 100), d.Len())
		}
	}
	// With the classes imposed, the reader stops after the limit's rows:
	// the rest of the text, not CSV at all, is never read.
	content := append(append([]byte(nil), good[:bytes.Index(good, []byte("\n10.5,"))+1]...), "\x00\x00"...)
	r := io.MultiReader(bytes.NewReader(content), iotest.ErrReader(errors.New("read past the limit")))
	d, err := decodeCSV("s.csv", r, 0, CSVOptions{Limit: 10, Classes: 2})
	require.NoError(t, err)
	assert.Equal(t, 10, d.Len())
	assert.Equal(t, []int{0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, d.Y)
}

// A label kept for a row is a copy of the cell, one string per distinct
// label, not a piece of the record's text, which would keep every row's
// text in memory.
func TestReadCSVLabelsDoNotHoldRecords(t *testing.T) {
	d, err := DecodeCSV("s.csv", []byte("1,2,b\n3,4,a\n5,6,b\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, d.ClassNames)
	p := &csvParser{}
	rec := "1,2,b"
	k := p.keep(rec[4:])
	assert.Equal(t, "b", k)
	assert.True(t, unsafeData(rec[4:]) != unsafeData(k), "a copy")
	assert.True(t, unsafeData(k) == unsafeData(p.keep(strings.Clone("b"))), "shared")
}

func FuzzCSVStream(f *testing.F) {
	f.Add([]byte("a,b,label\n1,2,0\n3,4,1\n"), ",", "", uint8(0), uint8(1))
	f.Add([]byte("\ufeff1;2;cat\r3;4;dog\r"), ";", "-1", uint8(1), uint8(0))
	f.Add([]byte("# t\n \n x,y\n1,2\n"), ",", "", uint8(2), uint8(1))
	f.Add([]byte("  1  2 0\n 3\t4  \"1\"\n"), `\s+`, "", uint8(0), uint8(1))
	f.Add([]byte("\xff\xfea\x00"), ",", "", uint8(0), uint8(0))
	f.Add([]byte("x\n\u00a0\n"), ",", "", uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, content []byte, comma, label string, skip, limit uint8) {
		opts := CSVOptions{LabelColumn: label, SkipRows: int(skip%8) - 1}
		if r := []rune(comma); comma == `\s+` {
			opts.Whitespace = true
		} else if len(r) > 0 {
			opts.Comma = r[0]
		}
		for _, h := range []Header{HeaderAuto, HeaderPresent, HeaderAbsent} {
			opts.Header = h
			checkStream(t, content, opts, int(limit%5))
			if len(content) < 200 && !bytes.ContainsFunc(content, unicode.IsControl) {
				checkStream(t, gzipBytes(t, content), opts, int(limit%5))
			}
		}
	})
}

// unsafeData is the address of s's bytes.
func unsafeData(s string) *byte { return unsafe.StringData(s) }

// A CSVReader's blocks, opened by OpenCSV or OpenFile, are the rows
// ReadCSV reads, in order, with their lines; the file is read no further
// than the block needs (and the buffers hold), so that its memory does not
// grow with the file.
func TestCSVReaderBlocks(t *testing.T) {
	text := bigCSV(20000, "a,b,c,label\n", func(i int) string { return fmt.Sprint(i % 2) })
	path := writeTemp(t, "big.csv", text)
	openFile := func(path string, o CSVOptions) (*CSVReader, error) {
		r, images, err := OpenFile(path, o)
		require.Nil(t, images)
		return r, err
	}
	for i, o := range []CSVOptions{{DropLabels: true}, {Unlabelled: true}, {ClassNames: []string{"1", "0"}}, {Classes: 2}, {Task: TaskRegression, LabelColumn: "c"}} {
		whole, err := ReadCSV(path, o)
		require.NoError(t, err)
		open := OpenCSV
		if i%2 == 1 {
			open = openFile
		}
		r, err := open(path, o)
		require.NoError(t, err)
		for lo := 0; ; lo += 7 {
			d, err := r.Read(7)
			if lo >= whole.Len() {
				require.Equal(t, io.EOF, err)
				break
			}
			require.NoError(t, err)
			want, err := whole.Slice(lo, min(lo+7, whole.Len()))
			require.NoError(t, err)
			sameDataset(t, want, d, fmt.Sprintf("%+v rows %d", o, lo))
			if lo == 0 {
				at, err := r.f.Seek(0, io.SeekCurrent)
				require.NoError(t, err)
				assert.Less(t, at, int64(4*streamBuffer), "read ahead of the first block")
			}
		}
		require.NoError(t, r.Close())
	}
	_, err := OpenCSV(path, CSVOptions{})
	assert.ErrorContains(t, err, "needs its classes imposed")
	_, err = openFile(path, CSVOptions{})
	assert.ErrorContains(t, err, "needs its classes imposed")
}
