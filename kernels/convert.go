package kernels

// BytesToFloat32 sets dst[i] = float32(src[i]) / div, each quotient
// correctly rounded (IEEE float32 division), as image and byte-feature
// pipelines scale pixels (div 255: torchvision's ToTensor). len(src) must
// equal len(dst); it panics otherwise.
func BytesToFloat32(dst []float32, src []byte, div float32) {
	checkLen("BytesToFloat32", "src", len(src), len(dst))
	use().u8f(dst, src, div)
}

// bytesToFloat32Go is the pure-Go BytesToFloat32, also the tail of the
// vector levels' (which convert whole vectors only).
func bytesToFloat32Go(dst []float32, src []byte, div float32) {
	src = src[:len(dst)]
	for i, b := range src {
		dst[i] = float32(b) / div
	}
}
