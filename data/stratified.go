package data

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// SplitStratified holds out ceil(fraction*Len()) samples as a test set with
// the class proportions of d, as scikit-learn's
// train_test_split(test_size=fraction, stratify=y, random_state=seed) does
// (not with the same draws). Each class gives floor(count*nTest/Len())
// samples, and the samples still missing come one each from the classes
// with the largest remainders (ties to the lower class index), as
// scikit-learn's approximate mode. Within a class, the samples held out are
// the first in the order of Permutation(Len(), seed), so the same seed
// always gives the same split on every platform. Both parts are views of
// d's features (Subset), not copies, and keep d's row order (and so their
// rows' file lines).
//
// Regression data (Targets, no classes) form a single stratum: the test
// set is then the first samples of Permutation(Len(), seed), as
// train_test_split without stratify.
//
// fraction must be in (0, 1), d must be labelled or have targets, and the
// split must leave at least one sample on each side. As scikit-learn's
// StratifiedShuffleSplit, every class present needs at least 2 samples,
// and each side at least as many samples as there are classes present. A
// split breaking any of these rules returns an error. They do not make
// every class appear on both sides: a class whose share of the test set
// rounds to 0 (2 samples of 1000 with fraction 0.2) is all in training,
// and one whose share of training rounds to 0 all in the test set, without
// an error, as scikit-learn's train_test_split(stratify=y) splits them.
func (d *Dataset) SplitStratified(fraction float64, seed uint64) (train, test *Dataset, err error) {
	if !(fraction > 0 && fraction < 1) {
		return nil, nil, fmt.Errorf("test fraction %v is out of range: expected 0 < fraction < 1", fraction)
	}
	if !d.Labelled() {
		return nil, nil, fmt.Errorf("%s: a stratified split needs labels", d.Source)
	}
	n := d.Len()
	nTest := int(math.Ceil(fraction * float64(n)))
	if nTest >= n {
		return nil, nil, fmt.Errorf("%s: a test fraction of %v of %d samples leaves %d for testing and %d for training; both need at least one",
			d.Source, fraction, n, nTest, n-nTest)
	}
	counts := []int{n} // regression targets: one stratum
	if d.Y != nil {
		counts = classCounts(d)
		if err := checkStrata(d, counts, fraction, nTest, n); err != nil {
			return nil, nil, err
		}
	}
	take := stratumSizes(counts, nTest, n)
	isTest := make([]bool, n)
	for _, i := range Permutation(n, seed) {
		c := 0
		if d.Y != nil {
			c = d.Y[i]
		}
		if take[c] > 0 {
			take[c]--
			isTest[i] = true
		}
	}
	trainIdx := make([]int, 0, n-nTest)
	testIdx := make([]int, 0, nTest)
	for i, t := range isTest {
		if t {
			testIdx = append(testIdx, i)
		} else {
			trainIdx = append(trainIdx, i)
		}
	}
	if train, err = d.Subset(trainIdx); err != nil {
		return nil, nil, err
	}
	if test, err = d.Subset(testIdx); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// ClassCounts returns how many samples of each class d holds, indexed by
// class: Classes counts (more if a label is out of range, which the
// constructors refuse); nil without class labels.
func (d *Dataset) ClassCounts() []int {
	if d.Y == nil {
		return nil
	}
	return classCounts(d)
}

// classCounts counts the samples of each class 0..max label.
func classCounts(d *Dataset) []int {
	n := d.Classes
	for _, y := range d.Y {
		n = max(n, y+1)
	}
	counts := make([]int, n)
	for _, y := range d.Y {
		counts[y]++
	}
	return counts
}

// checkStrata refuses a split that cannot hold out every class on both
// sides: a class of one sample, or a side with fewer samples than classes.
func checkStrata(d *Dataset, counts []int, fraction float64, nTest, n int) error {
	present, least := 0, -1
	for c, m := range counts {
		if m == 0 {
			continue
		}
		present++
		if least < 0 || m < counts[least] {
			least = c
		}
	}
	if counts[least] < 2 {
		return fmt.Errorf("%s: class %s has only 1 sample; a stratified split needs at least 2 of each class, one to train on and one to test",
			d.Source, className(d, least))
	}
	for _, side := range []struct {
		name string
		size int
	}{{"testing", nTest}, {"training", n - nTest}} {
		if side.size < present {
			return fmt.Errorf("%s: a test fraction of %v of %d samples leaves %d for %s, fewer than the %d classes; a stratified split needs one of each class on both sides",
				d.Source, fraction, n, side.size, side.name, present)
		}
	}
	return nil
}

// className names class c for messages: its label text, else its index.
func className(d *Dataset, c int) string {
	if c < len(d.ClassNames) {
		return strconv.Quote(d.ClassNames[c])
	}
	return strconv.Itoa(c)
}

// stratumSizes shares k draws out of n among strata of the given sizes in
// proportion: the floor of each share, then one more for the strata with
// the largest remainders (ties to the lower index).
func stratumSizes(counts []int, k, n int) []int {
	take := make([]int, len(counts))
	left := k
	for c, m := range counts {
		take[c] = m * k / n
		left -= take[c]
	}
	order := make([]int, len(counts))
	for c := range order {
		order[c] = c
	}
	// Remainders compared exactly as integers: (m*k mod n).
	slices.SortStableFunc(order, func(a, b int) int {
		return counts[b]*k%n - counts[a]*k%n
	})
	for _, c := range order {
		if left == 0 {
			break
		}
		if take[c] < counts[c] {
			take[c]++
			left--
		}
	}
	return take
}
