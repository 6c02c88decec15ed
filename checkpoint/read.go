package checkpoint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"unicode/utf8"
)

// MaxHeaderSize bounds the JSON header (100 MB, the limit of the reference
// implementation); a larger length means a corrupt or hostile file.
const MaxHeaderSize = 100_000_000

// Read reads and validates a safetensors file (see Decode). Errors name
// the path.
func Read(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Decode(path, b)
}

// Decode parses and validates the bytes of a safetensors file; name is
// used in errors only. It refuses, with an error naming the file and the
// tensor: a file shorter than 8 bytes, or whose header length makes no
// sense with no JSON header after it (another kind of file); a header
// length beyond the file or MaxHeaderSize; a header that is not a UTF-8
// JSON object (trailing spaces allowed) or that names a tensor twice; an
// unknown dtype; a negative dimension; offsets that are reversed, out of
// the data section, overlapping or leaving gaps; a shape whose byte length
// differs from its offsets; data after the last tensor; a file whose
// ChecksumKey metadata entry does not match its tensors or metadata (a
// file without the entry is not checked, unless another entry holds its
// checksums: a damaged name).
// The ChecksumKey entry is removed from the returned Metadata. The returned
// tensors' Data share b's memory.
func Decode(name string, b []byte) (*File, error) {
	fail := func(format string, args ...any) (*File, error) {
		return nil, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
	if len(b) < 8 {
		return fail("not a safetensors file: %d bytes, shorter than the 8-byte header length", len(b))
	}
	n := binary.LittleEndian.Uint64(b)
	if (n > MaxHeaderSize || n > uint64(len(b)-8)) && len(b) > 8 && b[8] != '{' {
		// Another kind of file (CSV, PNG, ...), whose first bytes read as
		// a length make no sense: say so.
		return fail("not a safetensors file: its first 8 bytes give a header of %d bytes, and no JSON header starts at byte 8", n)
	}
	if n > MaxHeaderSize {
		return fail("header length %d exceeds the %d-byte limit (corrupt file?)", n, MaxHeaderSize)
	}
	if n > uint64(len(b)-8) {
		return fail("truncated file: the header length is %d bytes, but only %d bytes follow it", n, len(b)-8)
	}
	header, data := b[8:8+n], b[8+n:]
	if n == 0 || header[0] != '{' {
		return fail("corrupt header: it does not start with '{' (header length %d)", n)
	}
	if !utf8.Valid(header) {
		return fail("corrupt header: not valid UTF-8")
	}
	f, err := parseHeader(header, data)
	if err == nil {
		err = verifyChecksums(f)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

// parseHeader decodes the JSON header and checks the layout of the tensors
// it describes against the data section.
func parseHeader(header, data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(header))
	if _, err := dec.Token(); err != nil { // the '{' checked by Decode
		return nil, fmt.Errorf("corrupt header: %v", err)
	}
	f := &File{}
	offsets := map[string][2]uint64{}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("corrupt header: invalid JSON: %v", err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("corrupt header: invalid JSON key %v", tok)
		}
		if seen[key] {
			return nil, fmt.Errorf("corrupt header: %q appears twice", key)
		}
		seen[key] = true
		if key == metadataKey {
			if err := dec.Decode(&f.Metadata); err != nil {
				return nil, fmt.Errorf("corrupt header: %s must map strings to strings: %v", metadataKey, err)
			}
			continue
		}
		e, err := decodeEntry(dec)
		if err != nil {
			return nil, fmt.Errorf("corrupt header: tensor %q: %v", key, err)
		}
		t, off, err := checkEntry(key, e.DType, e.Shape, e.DataOffsets, len(data))
		if err != nil {
			return nil, err
		}
		offsets[key] = off
		f.Tensors = append(f.Tensors, t)
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, fmt.Errorf("corrupt header: invalid JSON: %v", err)
	}
	if rest := bytes.TrimLeft(header[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return nil, fmt.Errorf("corrupt header: %d unexpected bytes after the JSON object (only space padding may follow it)", len(rest))
	}
	slices.SortStableFunc(f.Tensors, func(a, b Tensor) int {
		oa, ob := offsets[a.Name], offsets[b.Name]
		if oa[0] != ob[0] {
			return cmpU64(oa[0], ob[0])
		}
		return cmpU64(oa[1], ob[1])
	})
	var pos uint64
	prev := ""
	for i := range f.Tensors {
		t := &f.Tensors[i]
		off := offsets[t.Name]
		switch {
		case off[0] > pos && prev == "":
			return nil, fmt.Errorf("tensor %q starts at data byte %d, leaving a gap of %d bytes at the start of the data section", t.Name, off[0], off[0]-pos)
		case off[0] > pos:
			return nil, fmt.Errorf("tensor %q starts at data byte %d, leaving a gap of %d bytes after tensor %q", t.Name, off[0], off[0]-pos, prev)
		case off[0] < pos:
			return nil, fmt.Errorf("tensor %q (data bytes %d..%d) overlaps tensor %q, which ends at byte %d", t.Name, off[0], off[1], prev, pos)
		}
		t.Data = data[off[0]:off[1]:off[1]]
		pos, prev = off[1], t.Name
	}
	if pos != uint64(len(data)) {
		return nil, fmt.Errorf("%d unexpected bytes after the last tensor's data (the tensors cover %d of the %d data bytes)", uint64(len(data))-pos, pos, len(data))
	}
	return f, nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// readEntry is a tensor's entry in the header.
type readEntry struct {
	DType       *DType
	Shape       *[]int
	DataOffsets *[]uint64
}

// decodeEntry decodes the next value of dec as a tensor's entry, matching
// its keys exactly as the reference implementation (serde) does, and
// ignoring other keys as it does: encoding/json matches struct fields
// regardless of case, and would read a corrupted "dTYPE" as the dtype.
func decodeEntry(dec *json.Decoder) (readEntry, error) {
	var e readEntry
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return e, err
	}
	for _, f := range []struct {
		key string
		dst any
	}{{"dtype", &e.DType}, {"shape", &e.Shape}, {"data_offsets", &e.DataOffsets}} {
		if v, ok := raw[f.key]; ok {
			if err := json.Unmarshal(v, f.dst); err != nil {
				return e, err
			}
		}
	}
	return e, nil
}

// checkEntry validates one tensor's header entry on its own.
func checkEntry(name string, dtype *DType, shape *[]int, offsets *[]uint64, dataLen int) (Tensor, [2]uint64, error) {
	var off [2]uint64
	switch {
	case dtype == nil:
		return Tensor{}, off, fmt.Errorf("corrupt header: tensor %q has no dtype", name)
	case shape == nil:
		return Tensor{}, off, fmt.Errorf("corrupt header: tensor %q has no shape", name)
	case offsets == nil:
		return Tensor{}, off, fmt.Errorf("corrupt header: tensor %q has no data_offsets", name)
	}
	size := dtype.Size()
	if size == 0 {
		return Tensor{}, off, fmt.Errorf("tensor %q: unknown dtype %q", name, *dtype)
	}
	if len(*offsets) != 2 {
		return Tensor{}, off, fmt.Errorf("corrupt header: tensor %q: data_offsets has %d numbers, expected 2 [begin, end]", name, len(*offsets))
	}
	off = [2]uint64{(*offsets)[0], (*offsets)[1]}
	if off[0] > off[1] {
		return Tensor{}, off, fmt.Errorf("tensor %q: data_offsets [%d, %d] end before they begin", name, off[0], off[1])
	}
	if off[1] > uint64(dataLen) {
		return Tensor{}, off, fmt.Errorf("truncated file: tensor %q ends at data byte %d, but the data section has only %d bytes", name, off[1], dataLen)
	}
	want, ok := byteLength(*shape, size)
	if !ok {
		return Tensor{}, off, fmt.Errorf("tensor %q: invalid shape %v (a negative dimension or too many elements)", name, *shape)
	}
	if want != off[1]-off[0] {
		return Tensor{}, off, fmt.Errorf("tensor %q: shape %v of %s needs %d bytes, but data_offsets [%d, %d] span %d",
			name, *shape, *dtype, want, off[0], off[1], off[1]-off[0])
	}
	return Tensor{Name: name, DType: *dtype, Shape: *shape}, off, nil
}
