//go:build !purego && (amd64 || arm64)

package kernels

// prefetchLines prefetches the 64-byte lines at p, p+64, … below p+n and
// the line of p+n-1, for reading; n must be at least 1.
//
//go:noescape
func prefetchLines(p *byte, n int)
