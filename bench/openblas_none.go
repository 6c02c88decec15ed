//go:build !openblas || !cgo

package bench

// OpenBLASAvailable reports whether this build has the OpenBLAS column
// (build tag openblas, with cgo).
const OpenBLASAvailable = false

func openblasImpl() (gemmImpl, bool) { return gemmImpl{}, false }
