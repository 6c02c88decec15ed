package run

import (
	"fmt"
	"strings"
)

// kernelsChange returns the warning for resuming the checkpoint path,
// whose kernels were recorded as kernels.Signature gave them (or, in
// earlier files, as the level alone), with the kernels now: "" when they
// are the same, or when nothing was recorded.
func kernelsChange(path, recorded, now string) string {
	if recorded == "" || recorded == now {
		return ""
	}
	recLevel, recDepths, _ := strings.Cut(recorded, " ")
	nowLevel, nowDepths, _ := strings.Cut(now, " ")
	switch {
	case recLevel != nowLevel:
		return fmt.Sprintf("warning: %s was trained with the %s kernels, and this run computes with the %s ones: it goes on, but its results will not be the bits the run would have reached on %s (BRAWN_KERNELS=%s picks that level where the CPU has it)", path, recLevel, nowLevel, recLevel, recLevel)
	case recDepths == "":
		return "" // an earlier file: the level alone was recorded
	default:
		return fmt.Sprintf("warning: %s was trained with the %s kernels summing products in slices of %s, and this CPU's caches give %s: it goes on, but its results will not be the bits the run would have reached on the CPU it was trained on", path, recLevel, strings.TrimPrefix(recDepths, "kc="), strings.TrimPrefix(nowDepths, "kc="))
	}
}
