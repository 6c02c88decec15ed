package run

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/dist"
	"github.com/brawn-ml/brawn/model"
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

// checkRanksData refuses a distributed run whose ranks read different
// data under the same settings (a stale copy of the file on one host):
// each rank's batches would mix samples the others never saw, and the
// weights would be no single process's. Every rank gathers every rank's
// identity of its training set (and validation set, nil for none: the
// samples and the checksum, model.Identify) and returns the same error,
// naming the first rank that differs from rank 0.
func checkRanksData(comm dist.Comm, train, val *model.DataIdentity) error {
	if comm == nil || comm.Size() < 2 {
		return nil
	}
	mine := append(identityValues(train), identityValues(val)...)
	n := comm.Size()
	all := make([]float64, n*len(mine))
	counts := make([]int, n)
	for i := range counts {
		counts[i] = len(mine)
	}
	if err := comm.Allgather64(mine, all, counts); err != nil {
		return err
	}
	for r := 1; r < n; r++ {
		other := all[r*len(mine) : (r+1)*len(mine)]
		for i, what := range []string{"training", "validation"} {
			a, b := all[3*i:3*i+3], other[3*i:3*i+3]
			if slices.Equal(a, b) {
				continue
			}
			return fmt.Errorf("the %s data differ between the ranks of this distributed run: rank 0 has %s, rank %d %s; give every rank the same data (each rank reads its own copy of the files)",
				what, describeIdentity(a), r, describeIdentity(b))
		}
	}
	return nil
}

// identityValues is id as three float64s that hold it exactly: the
// samples and the checksum's two 32-bit halves; zeros for nil.
func identityValues(id *model.DataIdentity) []float64 {
	if id == nil {
		return []float64{0, 0, 0}
	}
	sum, _ := strconv.ParseUint(id.Checksum, 16, 64)
	return []float64{float64(id.Samples), float64(sum >> 32), float64(sum & (1<<32 - 1))}
}

// describeIdentity reads identityValues back for a message.
func describeIdentity(v []float64) string {
	if v[0] == 0 {
		return "none"
	}
	return fmt.Sprintf("%d samples of checksum %016x", int(v[0]), uint64(v[1])<<32|uint64(v[2]))
}
