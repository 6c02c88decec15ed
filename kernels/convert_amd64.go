//go:build !purego

package kernels

import "unsafe"

// bytesToFloat32AVX2 is BytesToFloat32 on whole 8-lane vectors in
// assembly (VPMOVZXBD reads exactly 8 bytes), the last 0-7 elements in Go.
func bytesToFloat32AVX2(dst []float32, src []byte, div float32) {
	n := len(dst) &^ 7
	if n > 0 {
		bytesToFloat32AVX2Asm(unsafe.SliceData(dst), unsafe.SliceData(src), n, div)
	}
	bytesToFloat32Go(dst[n:], src[n:len(dst)], div)
}

// bytesToFloat32AVX2Asm converts n (a multiple of 8) bytes.
//
//go:noescape
func bytesToFloat32AVX2Asm(dst *float32, src *byte, n int, div float32)

// bytesToFloat32AVX512 is BytesToFloat32 in assembly, the last 1-15
// elements with masked loads and stores.
func bytesToFloat32AVX512(dst []float32, src []byte, div float32) {
	bytesToFloat32AVX512Asm(unsafe.SliceData(dst), unsafe.SliceData(src), len(dst), div)
}

// bytesToFloat32AVX512Asm converts n bytes.
//
//go:noescape
func bytesToFloat32AVX512Asm(dst *float32, src *byte, n int, div float32)
