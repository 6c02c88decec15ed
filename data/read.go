package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
)

// gzipMagic starts every gzip stream (RFC 1952, ID1 ID2).
var gzipMagic = []byte{0x1f, 0x8b}

// readFile returns the contents of path, decompressed when they start with
// the gzip magic bytes (whatever the file's name says). A compressed file is
// decompressed as it is read, into a buffer of the size its trailer
// announces, so the compressed bytes are never held whole.
func readFile(path string) ([]byte, error) {
	f, br, gzipped, size, err := openData(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if !gzipped {
		return readAllSized(br, size)
	}
	return gunzip(path, br, size)
}

// openData opens path for reading its data: f, to close, a buffered
// reader br of its bytes, whether they start with the gzip magic bytes
// (whatever the file's name says), and the size of the data (dataSize).
// On an error, nothing is left open.
func openData(path string) (f *os.File, br *bufio.Reader, gzipped bool, size int, err error) {
	f, err = os.Open(path)
	if err != nil {
		return nil, nil, false, 0, err
	}
	br = bufio.NewReader(f)
	head, _ := br.Peek(len(gzipMagic))
	gzipped = bytes.Equal(head, gzipMagic)
	if size, err = dataSize(path, f, gzipped); err != nil {
		f.Close()
		return nil, nil, false, 0, err
	}
	return f, br, gzipped, size, nil
}

// dataSize returns the size of the data in f: the file's size, or when
// it is gzipped the size its trailer announces (gzipSizeHint); 0 when
// unknown (not a regular file). It returns an error, naming path, for a
// file larger than an int counts.
func dataSize(path string, f *os.File, gzipped bool) (int, error) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0, nil
	}
	size := st.Size()
	if size >= math.MaxInt {
		return 0, fmt.Errorf("%s: %d bytes, more than a %d-bit platform can hold in memory", path, size, strconv.IntSize)
	}
	if !gzipped {
		return int(size), nil
	}
	var trailer [4]byte
	if size < gzipMinSize {
		return 0, nil
	}
	if _, err := f.ReadAt(trailer[:], size-4); err != nil {
		return 0, nil
	}
	return gzipSizeHint(trailer[:], int(size)), nil
}

// textSize is the size of the text in f (dataSize): its size, or the size
// a gzip stream's trailer announces; 0 when unknown or more than an int
// counts, as a size hint needs no more. path is used in errors only.
func textSize(path string, f *os.File) int {
	var magic [2]byte
	n, _ := f.ReadAt(magic[:], 0)
	size, err := dataSize(path, f, bytes.Equal(magic[:n], gzipMagic))
	if err != nil {
		return 0
	}
	return size
}

// streamBuffer is the size of the buffers a CSV file's text passes
// through as it is read: the reader's memory beyond the rows it keeps.
const streamBuffer = 1 << 16

// gunzipIfCompressed decompresses b when it is a gzip stream; name is used
// in errors only.
func gunzipIfCompressed(name string, b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, gzipMagic) {
		return b, nil
	}
	hint := 0
	if len(b) >= gzipMinSize {
		hint = gzipSizeHint(b[len(b)-4:], len(b))
	}
	return gunzip(name, bytes.NewReader(b), hint)
}

// gunzip decompresses the gzip stream r into a buffer sized for hint bytes
// first; name is used in errors only.
func gunzip(name string, r io.Reader, hint int) ([]byte, error) {
	g, err := newGzipText(name, r)
	if err != nil {
		return nil, err
	}
	out, err := readAllSized(g, hint)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// textInput is the text of a file as it is read: its bytes, decompressed
// as they are read when they are gzip data. err keeps the first read error
// other than io.EOF (a gzip stream's already in the words of its message),
// which the CSV parser reports as it is, whatever the stages after it made
// of the text they had.
type textInput struct {
	r   io.Reader
	err error
	n   int64 // bytes of text read so far
}

func (in *textInput) Read(b []byte) (int, error) {
	if in.err != nil {
		return 0, in.err
	}
	n, err := in.r.Read(b)
	in.n += int64(n)
	if err != nil && err != io.EOF {
		in.err = err
	}
	return n, err
}

// newTextInput returns the text of r, decompressed as it is read when it
// starts with the gzip magic bytes; name is used in errors only.
func newTextInput(name string, r io.Reader) (*textInput, error) {
	br := bufio.NewReaderSize(r, streamBuffer)
	if head, _ := br.Peek(len(gzipMagic)); !bytes.Equal(head, gzipMagic) {
		return &textInput{r: br}, nil
	}
	g, err := newGzipText(name, br)
	if err != nil {
		return nil, err
	}
	return &textInput{r: g}, nil
}

// gzipText is a gzip stream's decompressed text, its errors naming the
// file and, for a truncated stream, the bytes it gave.
type gzipText struct {
	name string
	zr   *gzip.Reader
	n    int // bytes of output so far
}

func (g *gzipText) Read(b []byte) (int, error) {
	n, err := g.zr.Read(b)
	g.n += n
	if err != nil && err != io.EOF {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return n, fmt.Errorf("%s: truncated gzip data (the compressed stream ends early after %d bytes of output)", g.name, g.n)
		}
		return n, fmt.Errorf("%s: corrupt gzip data: %v", g.name, err)
	}
	return n, err
}

// newGzipText returns the decompressed text of the gzip stream r, or an
// error when its header is corrupt; name is used in errors only.
func newGzipText(name string, r io.Reader) (*gzipText, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: corrupt gzip header: %v", name, err)
	}
	return &gzipText{name: name, zr: zr}, nil
}

// gzipMinSize is the size of the shortest gzip stream: a 10-byte header
// and an 8-byte trailer.
const gzipMinSize = 18

// maxGzipRatio bounds deflate's compression ratio (about 1032:1), so that
// a corrupt size trailer cannot make gzipSizeHint ask for more memory than
// the stream could decompress to.
const maxGzipRatio = 1032

// gzipSizeHint returns the decompressed size a gzip stream of size bytes
// announces in its trailer's last 4 bytes (ISIZE, the size modulo 2^32,
// RFC 1952 section 2.3.1), bounded by what the compressed size allows and,
// where an int has 32 bits, by what an int counts (readAllSized adds 1).
func gzipSizeHint(isize []byte, size int) int {
	return int(min(uint64(binary.LittleEndian.Uint32(isize)), maxGzipRatio*uint64(size), math.MaxInt-1))
}

// readAllSized reads r to its end as io.ReadAll does, into a buffer sized
// for hint bytes first: decoding a 47 MB MNIST file then allocates 47 MB
// once, where io.ReadAll's growth would allocate and copy about twice that.
func readAllSized(r io.Reader, hint int) ([]byte, error) {
	b := make([]byte, 0, hint+1) // +1: reaching EOF needs no growth
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
