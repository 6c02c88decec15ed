package main

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/run"
)

func TestParseIntList(t *testing.T) {
	got, err := parseIntList("layers", " 256, 128 ", "sizes")
	require.NoError(t, err)
	assert.Equal(t, []int{256, 128}, got)
	got, err = parseIntList("layers", "", "sizes")
	require.NoError(t, err)
	assert.Empty(t, got)
	_, err = parseIntList("layers", "256,x", "hidden sizes like 256,128")
	require.EqualError(t, err, `invalid --layers "256,x": "x" is not a positive integer (want hidden sizes like 256,128)`)
	_, err = parseIntList("layers", "256,0", "sizes")
	require.EqualError(t, err, `invalid --layers "256,0": "0" is not a positive integer (want sizes)`)
}

// No flag's help puts text in backquotes that pflag would take for the
// value's name: a name is one word (FILE), and a bool flag has none, so
// that `brawn train --help` prints "--distributed   train ...".
func TestFlagUsageNames(t *testing.T) {
	var walk func(c *cobra.Command)
	checked := 0
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			name, _ := pflag.UnquoteUsage(f)
			checked++
			assert.NotContains(t, name, " ", "%s --%s", c.Name(), f.Name)
			if f.Value.Type() == "bool" {
				assert.Empty(t, name, "%s --%s", c.Name(), f.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd())
	assert.Greater(t, checked, 50)
}

// trainHelpLine is the line of brawn train --help that describes flag.
func trainHelpLine(t *testing.T, flag string) string {
	t.Helper()
	out, _, err := runCLI(context.Background(), "train", "--help")
	require.NoError(t, err)
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "--"+flag+" ") {
			return l
		}
	}
	t.Fatalf("brawn train --help has no --%s", flag)
	return ""
}

// Every name --monitor takes is in its help.
func TestMonitorHelpListsWhatItTakes(t *testing.T) {
	line := trainHelpLine(t, "monitor")
	for _, name := range append(run.Monitors, "val_acc") {
		assert.Regexp(t, `\b`+name+`\b`, line)
	}
	train, test := blobFiles(t)
	dir := t.TempDir()
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "1", "--val-split", "0.2", "--monitor", "val_acc", "--save-best", dir+"/b.st")...)
	require.NoError(t, err, "val_acc is taken")
}
