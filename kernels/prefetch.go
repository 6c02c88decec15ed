package kernels

import "unsafe"

// Prefetch asks the CPU to start loading s into its caches. It is only a
// hint: it reads nothing (a prefetch cannot fault), changes nothing, and
// on a build without the prefetch instructions (purego, or an architecture
// other than amd64 and arm64) it does nothing. Gathering a batch of
// shuffled rows of a data set larger than the caches waits on memory for
// each row in turn; prefetching a few rows ahead of the one being
// converted overlaps those waits (see data.Dataset.Gather).
func Prefetch[T uint8 | float32](s []T) {
	if len(s) == 0 {
		return
	}
	prefetchLines((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}
