//go:build race

package nn

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
