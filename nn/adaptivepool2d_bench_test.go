package nn

import "testing"

// BenchmarkAdaptiveAvgPool2d times global average pooling (a ResNet's
// head) forward and backward on [128, 64, 7, 7] on one thread. Run:
//
//	go test ./nn -run '^$' -bench AdaptiveAvgPool2d
func BenchmarkAdaptiveAvgPool2d(b *testing.B) {
	a := NewAdaptiveAvgPool2d(1, 1)
	buildLayer(b, a, Shape{64, 7, 7}, &Env{Threads: 1, Training: true})
	x := randTensor(NewRNG(1), 1, 128, 64, 7, 7)
	dy := randTensor(NewRNG(2), 1, 128, 64, 1, 1)
	b.SetBytes(int64(4 * 2 * len(x.Data))) // x read, dx written
	b.ReportAllocs()
	for b.Loop() {
		a.Forward(x)
		a.Backward(dy, true)
	}
}
