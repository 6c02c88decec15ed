//go:build race

package workpool

const raceEnabled = true
