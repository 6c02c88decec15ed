package run

import (
	"fmt"
	"strconv"
	"strings"
)

// emptyClassesWarning returns the warning for classes that have no sample
// in the training set, whose outputs training never fits: "" when every
// class has one. A class index without a label in the file (1 among
// integer labels 0 and 2, which are class indices 0..2) gets the remedy
// of reading the labels as names (resumed: the checkpoint's mapping says
// so); a class without a row among those --train-limit keeps, that of a
// larger limit; a class whose rows the splits took, that of keeping some.
func emptyClassesWarning(d *DataConfig, valSplit float64, ds *datasets, resumed bool) string {
	train := ds.Train
	if train.Y == nil || len(ds.Kept) != train.Classes {
		return ""
	}
	counts := train.ClassCounts()
	var absent, unkept, split []string
	for c, n := range counts {
		if n > 0 {
			continue
		}
		name := strconv.Itoa(c)
		if train.ClassNames != nil {
			name = strconv.Quote(train.ClassNames[c])
		}
		switch {
		case ds.Kept[c] > 0:
			split = append(split, fmt.Sprintf("%s (%s before the split)", name, Plural(ds.Kept[c], "row")))
		case ds.Limited:
			unkept = append(unkept, name)
		default:
			absent = append(absent, name)
		}
	}
	var lines []string
	if len(absent) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "warning: %s: %s of the class indices 0..%d %s no label in the file: integer labels that include 0 are class indices, as PyTorch takes them, so the model has an output that no sample trains and that predictions may still pick; ",
			train.Source, classList(absent), train.Classes-1, verb(absent, "has", "have"))
		switch {
		case train.Shape != nil: // IDX labels, which are class indices
			b.WriteString("relabel the classes 0..n-1")
		case resumed:
			b.WriteString("it is the label mapping of the checkpoint resumed; a new run (without --resume) makes labels without 0 names, and with --task classification only the labels that occur classes, as scikit-learn does")
		default:
			b.WriteString("if the labels are names rather than indices, give --task classification to make only the labels that occur classes, as scikit-learn does, or relabel them 0..n-1")
		}
		lines = append(lines, b.String())
	}
	if len(unkept) > 0 {
		lines = append(lines, fmt.Sprintf("warning: %s: %s no sample in the first %d rows, which --train-limit %d keeps, so the model never learns %s; give a larger --train-limit (or, if the file has no such label either, see --task)",
			train.Source, classList(unkept)+" "+verb(unkept, "has", "have"), d.TrainLimit, d.TrainLimit, verb(unkept, "it", "them")))
	}
	if len(split) > 0 {
		var took []string
		if d.TestSplit > 0 {
			took = append(took, fmt.Sprintf("--test-split %g", d.TestSplit))
		}
		if valSplit > 0 {
			took = append(took, fmt.Sprintf("--val-split %g", valSplit))
		}
		lines = append(lines, fmt.Sprintf("warning: %s: %s no training sample left after %s, so the model never learns %s; give more rows of %s, or a smaller split",
			train.Source, classList(split)+" "+verb(split, "has", "have"), strings.Join(took, " and "), verb(split, "it", "them"), verb(split, "it", "them")))
	}
	return strings.Join(lines, "\n")
}

// classList names the classes: "class 1", "classes 1 and 3", "classes
// 1, 3, 5, ... (12 in all)".
func classList(names []string) string {
	switch n := len(names); {
	case n == 1:
		return "class " + names[0]
	case n <= 8:
		return "classes " + strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	default:
		return fmt.Sprintf("classes %s, ... (%d in all)", strings.Join(names[:8], ", "), n)
	}
}

// verb is one for a single name, else many.
func verb(names []string, one, many string) string {
	if len(names) == 1 {
		return one
	}
	return many
}

// warnEmptyClasses prints emptyClassesWarning, once, before training.
func (r *trainRun) warnEmptyClasses() {
	if w := emptyClassesWarning(&r.cfg.Data, r.cfg.ValSplit, r.ds, r.resumed != nil); w != "" && !r.cfg.Quiet {
		fmt.Fprintln(r.errw, w)
	}
}
