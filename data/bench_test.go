package data

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkDecodeCSV parses 1000 rows of 784 pixel columns and a label,
// the shape of MNIST as CSV; b.SetBytes reports MB/s.
func BenchmarkDecodeCSV(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 1000; i++ {
		for j := 0; j < 784; j++ {
			fmt.Fprintf(&sb, "%d,", (i*31+j*7)%256)
		}
		fmt.Fprintf(&sb, "%d\n", i%10)
	}
	content := []byte(sb.String())
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeCSV("bench.csv", content, CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
