//go:build !purego

package kernels

import "unsafe"

// bytesToFloat32NEON is BytesToFloat32 on whole 16-byte vectors in
// assembly, in chunks of neonChunk, and the last 0-15 elements in Go.
func bytesToFloat32NEON(dst []float32, src []byte, div float32) {
	src = src[:len(dst)]
	for len(dst) >= 16 {
		n := min(len(dst), neonChunk) &^ 15
		bytesToFloat32NEONAsm(unsafe.SliceData(dst), unsafe.SliceData(src), n, div)
		dst, src = dst[n:], src[n:]
	}
	bytesToFloat32Go(dst, src, div)
}

// bytesToFloat32NEONAsm converts n (a multiple of 16) bytes of src into dst.
//
//go:noescape
func bytesToFloat32NEONAsm(dst *float32, src *byte, n int, div float32)
