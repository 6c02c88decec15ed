// Package checkpoint reads and writes safetensors files, the tensor file
// format of Hugging Face's safetensors library, which PyTorch
// (safetensors.torch.load_file), NumPy, JAX and others read.
//
// A safetensors file is an 8-byte little-endian unsigned header length N,
// N bytes of a UTF-8 JSON object (possibly padded with trailing spaces),
// then the data section. The JSON object maps each tensor name to
// {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]},
// where begin and end are byte offsets into the data section, and may hold
// one "__metadata__" object of string keys and string values. Tensor data
// is row-major (C order) and little-endian; the tensors tile the data
// section without gaps or overlaps.
//
// Write stores tensors atomically (temporary file, fsync, rename, fsync of
// the directory), so a crash leaves either the old file or the new one.
// Read validates everything it reads and refuses a corrupt file with an
// error that names the file and, where it applies, the tensor. Encode adds
// CRC-32C checksums of each tensor and of the metadata (metadata entry
// ChecksumKey), which Read verifies, so that a flipped byte is found rather
// than loaded; files without them (written by other tools) load unchecked.
//
// Layer 1: below model and the CLI. It may import internal/atomicfile and
// the standard library.
package checkpoint
