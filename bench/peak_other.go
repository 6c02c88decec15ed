//go:build purego || !(amd64 || arm64)

package bench

// fmaProbes returns no probe: without assembly there is no way to issue
// FMA instructions at full rate, so the peak is reported as unavailable
// rather than guessed.
func fmaProbes() []fmaProbe { return nil }
