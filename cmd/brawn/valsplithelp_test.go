package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// --val-split's help says how the rows are drawn: at random with --seed,
// not stratified, unlike --test-split's.
func TestValSplitHelpSaysHowItDraws(t *testing.T) {
	line := trainHelpLine(t, "val-split")
	assert.Contains(t, line, "drawn at random with --seed, not stratified")
	assert.Contains(t, line, "--test-split is stratified")
}
