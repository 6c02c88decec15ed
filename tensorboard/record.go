package tensorboard

import (
	"encoding/binary"
	"hash/crc32"
)

// TFRecord framing: a little-endian uint64 length and its masked CRC-32C,
// the data, and the data's masked CRC-32C.
const (
	recordHeader  = 12
	recordTrailer = 4
)

// castagnoli is the CRC-32C table TFRecord checksums use.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// crcMaskDelta is added to the rotated CRC (TensorFlow's crc32c::Mask), so
// that a CRC computed over data that embeds CRCs stays well distributed.
const crcMaskDelta = 0xa282ead8

// MaskedCRC returns the masked CRC-32C of b, as TFRecord stores it:
// ((crc >> 15) | (crc << 17)) + 0xa282ead8.
func MaskedCRC(b []byte) uint32 {
	crc := crc32.Checksum(b, castagnoli)
	return (crc>>15 | crc<<17) + crcMaskDelta
}

// appendRecord appends data framed as one TFRecord to dst.
func appendRecord(dst, data []byte) []byte {
	var length [8]byte
	binary.LittleEndian.PutUint64(length[:], uint64(len(data)))
	dst = append(dst, length[:]...)
	dst = binary.LittleEndian.AppendUint32(dst, MaskedCRC(length[:]))
	dst = append(dst, data...)
	return binary.LittleEndian.AppendUint32(dst, MaskedCRC(data))
}
