package nn

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
)

// RNG is the seeded random generator all of nn's draws come from
// (initializers, shuffling, dropout). It is math/rand/v2's PCG (O'Neill
// 2014, 128-bit state, DXSM output), whose whole state can be saved and
// restored, so a resumed run draws exactly the numbers an uninterrupted run
// would. It is not safe for concurrent use.
type RNG struct {
	src *rand.PCG
	r   *rand.Rand
}

// NewRNG returns a generator seeded with seed: PCG seeded with (seed,
// seed ^ 0x9e3779b97f4a7c15).
func NewRNG(seed uint64) *RNG {
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	return &RNG{src: src, r: rand.New(src)}
}

// Float64 returns a uniform draw in [0, 1).
func (g *RNG) Float64() float64 { return g.r.Float64() }

// Float32 returns a uniform draw in [0, 1).
func (g *RNG) Float32() float32 { return g.r.Float32() }

// NormFloat64 returns a standard normal draw (mean 0, variance 1).
func (g *RNG) NormFloat64() float64 { return g.r.NormFloat64() }

// IntN returns a uniform draw in [0, n). It panics if n <= 0.
func (g *RNG) IntN(n int) int { return g.r.IntN(n) }

// Uint64 returns 64 uniformly random bits.
func (g *RNG) Uint64() uint64 { return g.src.Uint64() }

// Permute fills p with a uniformly random permutation of 0..len(p)-1
// (Fisher-Yates, as rand.Shuffle), allocating nothing.
func (g *RNG) Permute(p []int) {
	for i := range p {
		p[i] = i
	}
	g.r.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
}

// State returns the generator's full state as two 64-bit words (PCG's hi
// and lo), for checkpoints.
func (g *RNG) State() (hi, lo uint64) {
	b, _ := g.src.MarshalBinary() // "pcg:" + hi + lo, big-endian; cannot fail
	return binary.BigEndian.Uint64(b[4:12]), binary.BigEndian.Uint64(b[12:20])
}

// SetState restores a state returned by State.
func (g *RNG) SetState(hi, lo uint64) {
	var b [20]byte
	copy(b[:4], "pcg:")
	binary.BigEndian.PutUint64(b[4:12], hi)
	binary.BigEndian.PutUint64(b[12:20], lo)
	if err := g.src.UnmarshalBinary(b[:]); err != nil {
		panic(fmt.Sprintf("nn.RNG.SetState: %v", err)) // the encoding above is always valid
	}
}

// Export returns the state as words "<prefix>hi" and "<prefix>lo" of s.
func (g *RNG) Export(s *State, prefix string) {
	hi, lo := g.State()
	s.setWord(prefix+"hi", hi)
	s.setWord(prefix+"lo", lo)
}

// Import restores a state saved by Export under the same prefix. It
// returns an error, leaving the generator as it was, if s lacks the word
// "<prefix>hi" or "<prefix>lo".
func (g *RNG) Import(s *State, prefix string) error {
	hi, err := s.word(prefix + "hi")
	if err != nil {
		return err
	}
	lo, err := s.word(prefix + "lo")
	if err != nil {
		return err
	}
	g.SetState(hi, lo)
	return nil
}
