//go:build linux && !race

package kernels

import (
	"os"
	"syscall"
	"unsafe"
)

// guardedSlice returns a float32 slice of length n whose last element ends
// exactly where an inaccessible (PROT_NONE) page begins, so that a kernel
// reading or writing even one element past the end faults. The race
// detector cannot shadow such mappings, so -race builds use the heap.
func guardedSlice(n int) ([]float32, func()) {
	page := os.Getpagesize()
	size := (n*4+page-1)/page*page + page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		panic("guardedSlice: mmap: " + err.Error())
	}
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		panic("guardedSlice: mprotect: " + err.Error())
	}
	end := size - page
	var s []float32
	if n > 0 {
		s = unsafe.Slice((*float32)(unsafe.Pointer(&mem[end-4*n])), n)
	} else {
		s = []float32{}
	}
	return s, func() { _ = syscall.Munmap(mem) }
}
