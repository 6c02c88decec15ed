package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// synthetic is testdata/synthetic.csv: 200 rows, for i = 0..199,
// a = (37i mod 100)/10 − 5, b = (53i mod 100)/20, c = (71i mod 100)/50 − 1
// and y = 2a − 3b + 4c² + 1, without noise, each written to 6 significant
// digits.
func synthetic() string {
	var b strings.Builder
	b.WriteString("a,b,c,y\n")
	for i := range 200 {
		x1, x2, x3 := float64(i*37%100)/10-5, float64(i*53%100)/20, float64(i*71%100)/50-1
		fmt.Fprintf(&b, "%.6g,%.6g,%.6g,%.6g\n", x1, x2, x3, 2*x1-3*x2+4*x3*x3+1)
	}
	return b.String()
}

// The committed file is the formula's; BRAWN_WRITE_TESTDATA=1 rewrites it.
func TestSyntheticCSV(t *testing.T) {
	const path = "testdata/synthetic.csv"
	if os.Getenv("BRAWN_WRITE_TESTDATA") == "1" {
		if err := os.WriteFile(path, []byte(synthetic()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != synthetic() {
		t.Errorf("%s differs from the formula; run BRAWN_WRITE_TESTDATA=1 go test ./examples/regression-csv to rewrite it", path)
	}
}
