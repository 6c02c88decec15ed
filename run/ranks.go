package run

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/brawn-ml/brawn/dist"
)

// rankFree are the recorded settings that may differ between the ranks of
// a distributed run: the threads say how a rank computes, not what (a
// machine of more cores gets more), and the results do not depend on them.
var rankFree = map[string]bool{"threads": true}

// rankSettings are the settings every rank of a distributed run must
// share: those a checkpoint records (FlagValues, canonical whatever the
// spelling), and the checkpoint resumed, which gives every rank its
// optimizer's and generators' state.
func (c *Config) rankSettings() map[string]string {
	v := c.FlagValues()
	for name := range v {
		if OutputFields[name] || rankFree[name] {
			delete(v, name)
		}
	}
	v["resume"] = c.Resume
	return v
}

// checkRanksAgree refuses a distributed run whose ranks were started with
// different settings (an MPMD launch, or flags that differ between hosts):
// each would train its own run while the ranks exchanged gradients, and
// rank 0's checkpoint would record its own settings only. Every rank
// gathers every rank's settings and returns the same error, before any
// data are read: it names the first differing setting in the order of
// their names, its value on rank 0 and on the first rank where it
// differs, and the other differing settings.
func (c *Config) checkRanksAgree(comm dist.Comm) error {
	if comm == nil || comm.Size() < 2 {
		return nil
	}
	mine, err := json.Marshal(c.rankSettings()) // keys sorted: the same text for the same settings
	if err != nil {
		return err
	}
	n := comm.Size()
	lens := make([]float64, n)
	counts := make([]int, n)
	for i := range counts {
		counts[i] = 1
	}
	if err := comm.Allgather64([]float64{float64(len(mine))}, lens, counts); err != nil {
		return err
	}
	settings := make([]map[string]string, n)
	for r := range n {
		buf := mine
		if r != comm.Rank() {
			buf = make([]byte, int(lens[r]))
		}
		if err := comm.BroadcastBytes(buf, r); err != nil {
			return err
		}
		if err := json.Unmarshal(buf, &settings[r]); err != nil {
			return fmt.Errorf("the settings of rank %d: %w", r, err)
		}
	}
	names := map[string]bool{}
	for _, s := range settings {
		for name := range s {
			names[name] = true
		}
	}
	var first string
	var others []string
	for _, name := range slices.Sorted(maps.Keys(names)) {
		want, ok0 := settings[0][name]
		for r := 1; r < n; r++ {
			if got, ok := settings[r][name]; got != want || ok != ok0 {
				if first == "" {
					first = fmt.Sprintf("--%s differs between the ranks of this distributed run: rank 0 has %q, rank %d %q", name, want, r, got)
				} else {
					others = append(others, "--"+name)
				}
				break
			}
		}
	}
	if first == "" {
		return nil
	}
	if len(others) > 0 {
		// One flag given may change others' values (--optimizer its
		// default --lr): name them all, so that the one typed is there.
		first += " (and " + strings.Join(others, ", ") + ")"
	}
	return errors.New(first + "; start every rank with the same flags (only --threads and the outputs may differ)")
}
