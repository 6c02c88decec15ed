//go:build !purego

package kernels

import (
	"runtime"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// sysGetcpu is getcpu's system call number on linux/amd64 (the syscall
// package does not name it).
const sysGetcpu = 309

// getcpu returns the CPU the calling thread runs on, as Linux's getcpu
// system call reports it.
func getcpu(t *testing.T) int {
	var cpu uint32
	if _, _, errno := syscall.RawSyscall(sysGetcpu, uintptr(unsafe.Pointer(&cpu)), 0, 0); errno != 0 {
		t.Fatalf("getcpu: %v", errno)
	}
	return int(cpu)
}

// affinity reads (set false) or sets the calling thread's CPU mask.
func affinity(t *testing.T, set bool, mask *[16]uint64) {
	call := uintptr(syscall.SYS_SCHED_GETAFFINITY)
	if set {
		call = syscall.SYS_SCHED_SETAFFINITY
	}
	if _, _, errno := syscall.RawSyscall(call, 0, unsafe.Sizeof(*mask), uintptr(unsafe.Pointer(mask))); errno != 0 {
		t.Fatalf("sched_{get,set}affinity: %v", errno)
	}
}

// TestCPUNumberIsGetcpus: on a thread pinned to each CPU it may run on in
// turn, cpuNumber reads that CPU, as getcpu does (0 on every CPU without
// RDPID).
func TestCPUNumberIsGetcpus(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var all [16]uint64
	affinity(t, false, &all)
	defer affinity(t, true, &all)
	if !hasRDPID {
		t.Log("this CPU has no RDPID: cpuNumber is always 0")
	}
	tried := 0
	for cpu := range 64 * len(all) {
		if all[cpu/64]&(1<<(cpu%64)) == 0 {
			continue
		}
		var one [16]uint64
		one[cpu/64] = 1 << (cpu % 64)
		affinity(t, true, &one)
		require.Equal(t, cpu, getcpu(t))
		want := cpu
		if !hasRDPID {
			want = 0
		}
		require.Equal(t, want, cpuNumber(), "pinned to CPU %d", cpu)
		tried++
	}
	require.Positive(t, tried)
	t.Logf("%d CPUs tried", tried)
}
