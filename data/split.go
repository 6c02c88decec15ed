package data

import (
	"fmt"
	"math/bits"
)

// SplitValidation shuffles the sample order with a generator seeded by
// seed and returns the first samples as the training part and the last
// round(fraction*Len()) as the validation part, both views of d's
// features (Subset): sharing them, not copying them. The same
// seed always gives the same split, on every platform and Go version (the
// shuffle is Fisher-Yates driven by SplitMix64, Steele et al. 2014).
// fraction must be in [0, 1), and unless it is 0 its rounded count must
// leave at least one sample on each side, or SplitValidation returns an
// error; fraction 0 returns d itself and a nil validation set.
func (d *Dataset) SplitValidation(fraction float64, seed uint64) (train, val *Dataset, err error) {
	if !(fraction >= 0 && fraction < 1) {
		return nil, nil, fmt.Errorf("validation fraction %v is out of range: expected 0 <= fraction < 1", fraction)
	}
	if fraction == 0 {
		return d, nil, nil
	}
	n := d.Len()
	nVal := int(float64(fraction*float64(n)) + 0.5) // unfused: the same bits on every architecture (nn/doc.go)
	if nVal == 0 || nVal >= n {
		return nil, nil, fmt.Errorf("%s: a validation fraction of %v of %d samples leaves %d for validation and %d for training; both need at least one",
			d.Source, fraction, n, nVal, n-nVal)
	}
	perm := Permutation(n, seed)
	if train, err = d.Subset(perm[:n-nVal]); err != nil {
		return nil, nil, err
	}
	if val, err = d.Subset(perm[n-nVal:]); err != nil {
		return nil, nil, err
	}
	return train, val, nil
}

// Permutation returns a pseudo-random permutation of 0..n-1 determined by
// seed alone (Fisher-Yates with SplitMix64; bounded draws by Lemire's
// multiply-shift with rejection, so they are unbiased).
func Permutation(n int, seed uint64) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	state := seed
	for i := n - 1; i > 0; i-- {
		j := int(boundedDraw(&state, uint64(i+1)))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// splitMix64 advances state and returns the next output (Steele, Lea and
// Flood 2014, "Fast splittable pseudorandom number generators").
func splitMix64(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// boundedDraw returns a uniform value in [0, bound) (Lemire 2019, "Fast
// random integer generation in an interval").
func boundedDraw(state *uint64, bound uint64) uint64 {
	for {
		hi, lo := bits.Mul64(splitMix64(state), bound)
		if lo >= -bound%bound { // reject the low 2^64 mod bound values
			return hi
		}
	}
}
