package checkpoint

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
)

// ChecksumKey is the metadata entry in which Encode stores CRC-32C
// (Castagnoli) checksums: a JSON object mapping each tensor's name to the
// checksum of its dtype, shape and data, and "__metadata__" to the checksum
// of the other metadata entries, each as 8 lowercase hex digits. Decode
// verifies them when the entry is present, so a flipped byte is refused
// with the tensor's name instead of loading silently; files written by
// other tools, which lack the entry, load unchecked.
const ChecksumKey = "brawn.crc32c"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// tensorChecksum covers what gives a tensor's bytes their meaning (dtype
// and shape) as well as the bytes.
func tensorChecksum(t *Tensor) uint32 {
	var b [8]byte
	c := crc32.Update(0, castagnoli, []byte(t.DType))
	for _, d := range t.Shape {
		binary.LittleEndian.PutUint64(b[:], uint64(d))
		c = crc32.Update(c, castagnoli, b[:])
	}
	return crc32.Update(c, castagnoli, t.Data)
}

// metadataChecksum covers the metadata entries other than ChecksumKey, in
// sorted key order, each key and value preceded by its length.
func metadataChecksum(meta map[string]string) uint32 {
	var c uint32
	var b [8]byte
	put := func(s string) {
		binary.LittleEndian.PutUint64(b[:], uint64(len(s)))
		c = crc32.Update(c, castagnoli, b[:])
		c = crc32.Update(c, castagnoli, []byte(s))
	}
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		if k != ChecksumKey {
			put(k)
			put(meta[k])
		}
	}
	return c
}

func hex32(c uint32) string { return fmt.Sprintf("%08x", c) }

// isHex32 reports whether s is as hex32 writes: 8 lowercase hex digits. An
// uppercase digit is a flipped bit too, though it parses to the same value.
func isHex32(s string) bool {
	if len(s) != 8 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// withChecksums returns metadata plus the ChecksumKey entry for tensors.
func withChecksums(tensors []Tensor, metadata map[string]string) (map[string]string, error) {
	if _, ok := metadata[ChecksumKey]; ok {
		return nil, fmt.Errorf("metadata %q is reserved for the checksums the writer adds", ChecksumKey)
	}
	sums := make(map[string]string, len(tensors)+1)
	sums[metadataKey] = hex32(metadataChecksum(metadata))
	for i := range tensors {
		sums[tensors[i].Name] = hex32(tensorChecksum(&tensors[i]))
	}
	enc, err := json.Marshal(sums) // keys sorted: deterministic
	if err != nil {
		return nil, err
	}
	out := maps.Clone(metadata)
	if out == nil {
		out = map[string]string{}
	}
	out[ChecksumKey] = string(enc)
	return out, nil
}

// verifyChecksums checks f against its ChecksumKey entry, if any, and
// removes the entry from f.Metadata (nil when nothing else is left), so
// that Metadata holds what the writer was given.
func verifyChecksums(f *File) error {
	stored, ok := f.Metadata[ChecksumKey]
	if !ok {
		return refuseRenamedChecksums(f.Metadata)
	}
	var sums map[string]string
	if err := json.Unmarshal([]byte(stored), &sums); err != nil {
		return fmt.Errorf("corrupt header: metadata %q is not a JSON object of checksums: %v", ChecksumKey, err)
	}
	check := func(what, key string, got uint32) error {
		want, ok := sums[key]
		if !ok {
			return fmt.Errorf("corrupt file: %s has no checksum in metadata %q (a renamed or added entry)", what, ChecksumKey)
		}
		if !isHex32(want) {
			return fmt.Errorf("corrupt header: metadata %q holds %q for %s, not 8 lowercase hex digits", ChecksumKey, want, what)
		}
		if want != hex32(got) {
			return fmt.Errorf("corrupt file: %s fails its CRC-32C checksum (stored %s, computed %s): its bytes changed after it was written", what, want, hex32(got))
		}
		return nil
	}
	if err := check("the metadata", metadataKey, metadataChecksum(f.Metadata)); err != nil {
		return err
	}
	for i := range f.Tensors {
		t := &f.Tensors[i]
		if err := check(fmt.Sprintf("tensor %q", t.Name), t.Name, tensorChecksum(t)); err != nil {
			return err
		}
	}
	if len(sums) != len(f.Tensors)+1 {
		for _, k := range slices.Sorted(maps.Keys(sums)) {
			if _, err := f.Get(k); k != metadataKey && err != nil {
				return fmt.Errorf("corrupt file: metadata %q has a checksum for tensor %q, which the file does not hold (a renamed or removed entry)", ChecksumKey, k)
			}
		}
	}
	delete(f.Metadata, ChecksumKey)
	if len(f.Metadata) == 0 {
		f.Metadata = nil
	}
	return nil
}

// refuseRenamedChecksums refuses metadata without ChecksumKey but with an
// entry of checksums under another name: a flipped bit in the name
// ChecksumKey would otherwise make the file load unchecked, as a file of
// another tool does.
func refuseRenamedChecksums(meta map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		var sums map[string]string
		if json.Unmarshal([]byte(meta[k]), &sums) != nil {
			continue
		}
		if _, ok := sums[metadataKey]; ok {
			return fmt.Errorf("corrupt header: metadata %q holds checksums, but the file has no %q entry (a damaged name?)", k, ChecksumKey)
		}
	}
	return nil
}
