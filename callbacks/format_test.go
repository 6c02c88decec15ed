package callbacks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 235146: "235,146", 1234567: "1,234,567", -4096: "-4,096"} {
		assert.Equal(t, want, Thousands(n), "n=%d", n)
	}
}

func TestFormatLoss(t *testing.T) {
	for _, c := range []struct {
		loss float64
		want string
	}{{2.30258, "2.3026"}, {999999.99991, "999999.9999"}, {6.8140883887927e28, "6.814e+28"}, {-2e6, "-2e+06"}, {math.Inf(1), "+Inf"}, {math.NaN(), "NaN"}} {
		assert.Equal(t, c.want, FormatLoss(c.loss), "%v", c.loss)
	}
}

func TestFormatAccuracy(t *testing.T) {
	assert.Equal(t, " acc 12.50%", FormatAccuracy(" acc %.2f%%", 0.125))
	assert.Equal(t, "", FormatAccuracy(" acc %.2f%%", math.NaN()))
}

func TestFormatBytes(t *testing.T) {
	assert.Equal(t, "1.5 GiB", FormatBytes(1.5*(1<<30)))
	assert.Equal(t, "512.0 B", FormatBytes(512))
	assert.Equal(t, "483.0 MiB", FormatBytes(483<<20))
}
