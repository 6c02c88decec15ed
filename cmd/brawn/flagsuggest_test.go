package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnknownFlagSuggestion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "--epoch", "3"}, "unknown flag: --epoch\nDid you mean --epochs?"},
		{[]string{"train", "--epoch=3"}, "unknown flag: --epoch\nDid you mean --epochs?"},
		{[]string{"train", "--EPOCH", "3"}, "unknown flag: --EPOCH\nDid you mean --epochs?"},
		{[]string{"train", "-epochs", "3"}, "unknown shorthand flag: 'e' in -epochs\nDid you mean --epochs?"},
		{[]string{"train", "-epochs=3"}, "unknown shorthand flag: 'e' in -epochs=3\nDid you mean --epochs?"},
		{[]string{"train", "--lr-sched", "cosine"}, "unknown flag: --lr-sched\nDid you mean --lr-schedule?"},
		{[]string{"eval", "--modle", "m.safetensors"}, "unknown flag: --modle\nDid you mean --model?"},
		{[]string{"train", "--zzzzzz"}, "unknown flag: --zzzzzz"},
		// Three edits from every flag (--eps, --lr, --data, ...): no suggestion.
		{[]string{"train", "--out", "x"}, "unknown flag: --out"},
		// The names PyTorch's examples and Keras give these settings.
		{[]string{"train", "--batch-size", "64"}, "unknown flag: --batch-size\nDid you mean --batch?"},
		{[]string{"train", "--batch_size=64"}, "unknown flag: --batch_size\nDid you mean --batch?"},
		{[]string{"train", "--learning-rate", "0.1"}, "unknown flag: --learning-rate\nDid you mean --lr?"},
		{[]string{"train", "--Learning_Rate", "0.1"}, "unknown flag: --Learning_Rate\nDid you mean --lr?"},
		{[]string{"train", "--lern-rate", "0.1"}, "unknown flag: --lern-rate\nDid you mean --lr?"},
		{[]string{"train", "--num-epochs", "2"}, "unknown flag: --num-epochs\nDid you mean --epochs?"},
		{[]string{"train", "--hidden", "64"}, "unknown flag: --hidden\nDid you mean --layers?"},
		{[]string{"train", "--hidden-layers", "64"}, "unknown flag: --hidden-layers\nDid you mean --layers?"},
		{[]string{"train", "-z"}, "unknown shorthand flag: 'z' in -z"},
		{[]string{"--verison"}, "unknown flag: --verison\nDid you mean --version?"},
	} {
		_, _, err := runCLI(context.Background(), tc.args...)
		require.Error(t, err, tc.args)
		assert.Equal(t, tc.want, err.Error(), tc.args)
		var ne *pflag.NotExistError
		assert.True(t, errors.As(err, &ne), "the pflag error stays inspectable: %v", tc.args)
	}
}

// Every command with flags of its own suggests them: a name with one letter
// doubled (--epochss) is one edit from the flag.
func TestUnknownFlagSuggestionEveryCommand(t *testing.T) {
	var visit func(c *cobra.Command, path []string)
	checked := 0
	visit = func(c *cobra.Command, path []string) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden || f.Name == "help" {
				return
			}
			typo := f.Name + f.Name[len(f.Name)-1:]
			args := append(append([]string{}, path...), "--"+typo)
			_, _, err := runCLI(context.Background(), args...)
			require.Error(t, err, args)
			msg := err.Error()
			head, suggestion, found := strings.Cut(msg, "\nDid you mean ")
			require.True(t, found, "%v: %q", args, msg)
			assert.Equal(t, "unknown flag: --"+typo, head, args)
			assert.Contains(t, strings.Split(strings.TrimSuffix(strings.TrimPrefix(suggestion, "one of "), "?"), ", "), "--"+f.Name, args)
			checked++
		})
		for _, sub := range c.Commands() {
			if sub.Name() != "help" && sub.Name() != "completion" {
				visit(sub, append(append([]string{}, path...), sub.Name()))
			}
		}
	}
	visit(newRootCmd(), nil)
	t.Logf("%d flags checked", checked)
	assert.Greater(t, checked, 30, "flags checked")
}
