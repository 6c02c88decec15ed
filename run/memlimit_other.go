//go:build !unix

package run

// addressSpaceLimit reports no address-space limit where there are no
// rlimits.
func addressSpaceLimit() (float64, bool) { return 0, false }
