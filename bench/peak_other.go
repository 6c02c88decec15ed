//go:build purego || !(amd64 || arm64)

package bench

// Without assembly there is no way to issue FMA instructions at full rate,
// so the peak is reported as unavailable rather than guessed.

func fmaChains(iters int) {}

const fmaFlopsPerIter = 0

func hasFMAProbe() bool { return false }

const fmaProbeName = "none"
