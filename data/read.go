package data

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// gzipMagic starts every gzip stream (RFC 1952, ID1 ID2).
var gzipMagic = []byte{0x1f, 0x8b}

// readFile returns the contents of path, decompressed when they start with
// the gzip magic bytes (whatever the file's name says).
func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return gunzipIfCompressed(path, b)
}

// gunzipIfCompressed decompresses b when it is a gzip stream; name is used
// in errors only.
func gunzipIfCompressed(name string, b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, gzipMagic) {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: corrupt gzip header: %v", name, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%s: truncated gzip data (the compressed stream ends early after %d bytes of output)", name, len(out))
		}
		return nil, fmt.Errorf("%s: corrupt gzip data: %v", name, err)
	}
	return out, nil
}
