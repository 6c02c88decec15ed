package callbacks

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// clock is a fake time.Now that tests move on.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// reading starts a display of the reading of path onto b, in lines or
// as a bar, on the fake clock c.
func reading(b *strings.Builder, bar bool, every time.Duration, c *clock, path string) func(data.ReadProgress) {
	l := NewLoadProgress(b, every)
	l.bar, l.now = bar, c.now
	return l.Reading(path)
}

const mib = 1 << 20

// Off a terminal, a large file's reading is a plain line every Every,
// from the first Every on; a file whose text is small, or whose reading
// is quick, shows nothing, so that tests and quick runs print as before.
func TestLoadProgressLines(t *testing.T) {
	var b strings.Builder
	c := &clock{t: time.Unix(0, 0)}
	report := reading(&b, false, 5*time.Second, c, "data/big.csv")
	c.t = c.t.Add(4 * time.Second)
	report(data.ReadProgress{Source: "data/big.csv", Read: 40 * mib, Size: 200 * mib, Rows: 80000})
	assert.Empty(t, b.String(), "before Every")
	c.t = c.t.Add(time.Second)
	report(data.ReadProgress{Source: "data/big.csv", Read: 50 * mib, Size: 200 * mib, Rows: 100000})
	c.t = c.t.Add(4 * time.Second)
	report(data.ReadProgress{Source: "data/big.csv", Read: 90 * mib, Size: 200 * mib, Rows: 180000})
	c.t = c.t.Add(time.Second)
	report(data.ReadProgress{Source: "data/big.csv", Read: 100 * mib, Size: 0, Rows: 200000})
	report(data.ReadProgress{Source: "data/big.csv", Read: 200 * mib, Size: 200 * mib, Rows: 400000, Done: true})
	assert.Equal(t, "loading data/big.csv  50.0 MiB of 200.0 MiB (25%)  100,000 rows  10.0 MiB/s\n"+
		"loading data/big.csv  100.0 MiB  200,000 rows  10.0 MiB/s\n", b.String())

	for _, r := range []data.ReadProgress{
		{Source: "small.csv", Read: 1 * mib, Size: 2 * mib, Rows: 1024},      // small
		{Source: "pipe.csv", Read: 1 * mib, Size: 0, Rows: 1024},             // small so far
		{Source: "small.csv.gz", Read: 31 * mib, Size: 1 * mib, Rows: 60000}, // a trailer's size passed
	} {
		b.Reset()
		c := &clock{t: time.Unix(0, 0)}
		report := reading(&b, false, time.Millisecond, c, r.Source)
		c.t = c.t.Add(time.Hour)
		report(r)
		r.Done = true
		report(r)
		assert.Empty(t, b.String(), "%s", r.Source)
	}
	b.Reset()
	c = &clock{t: time.Unix(0, 0)}
	report = reading(&b, false, time.Millisecond, c, "quick.csv")
	c.t = c.t.Add(loadShowAfter - time.Millisecond)
	report(data.ReadProgress{Source: "quick.csv", Read: 100 * mib, Size: 200 * mib, Rows: 1024})
	assert.Empty(t, b.String(), "a reading quicker than loadShowAfter")
}

// On a terminal, a bar that redraws in place with the bytes read of the
// size and the rows, erased when the reading ends, with or without an
// error.
func TestLoadProgressBar(t *testing.T) {
	for _, size := range []int64{200 * mib, 0} {
		var b strings.Builder
		c := &clock{t: time.Unix(0, 0)}
		report := reading(&b, true, time.Hour, c, "data/big.csv")
		c.t = c.t.Add(loadShowAfter)
		report(data.ReadProgress{Source: "data/big.csv", Read: 50 * mib, Size: size, Rows: 100000})
		drawn := b.String()
		require.Contains(t, drawn, "loading big.csv  100,000 rows")
		require.NotContains(t, drawn, "\n")
		if size > 0 {
			require.Contains(t, drawn, "25%")
			require.Contains(t, drawn, "(50/200 MiB")
		} else {
			require.Contains(t, drawn, "(50 MiB")
		}
		report(data.ReadProgress{Source: "data/big.csv", Read: 60 * mib, Size: size, Rows: 120000, Done: true})
		erased := b.String()[len(drawn):]
		require.True(t, strings.HasSuffix(erased, "\r"), "%q", erased)
		require.Empty(t, strings.Trim(erased, "\r \x1b[K"), "the bar is erased, not redrawn: %q", erased)
	}
}
