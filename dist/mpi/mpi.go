//go:build mpi && cgo

package mpi

/*
#cgo pkg-config: ompi-c
#include <stdio.h>
#include <mpi.h>

// MPI's handles are macros (addresses of library objects in Open MPI),
// which cgo cannot read: these return them.
static MPI_Comm brawn_world(void) { return MPI_COMM_WORLD; }

static int brawn_init(int *provided) {
	int rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, provided);
	if (rc == MPI_SUCCESS) {
		MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	}
	return rc;
}

static int brawn_allgatherv(const void *send, int n, void *recv, const int *counts, const int *displs, int f64) {
	MPI_Datatype t = f64 ? MPI_DOUBLE : MPI_FLOAT;
	return MPI_Allgatherv(send, n, t, recv, counts, displs, t, MPI_COMM_WORLD);
}

static int brawn_allreduce_sum(void *buf, int n) {
	return MPI_Allreduce(MPI_IN_PLACE, buf, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
}

static int brawn_bcast(void *buf, int n, int bytes, int root) {
	return MPI_Bcast(buf, n, bytes ? MPI_BYTE : MPI_FLOAT, root, MPI_COMM_WORLD);
}

static int brawn_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

static void brawn_abort(int code) {
	fflush(stderr);
	MPI_Abort(MPI_COMM_WORLD, code);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"unsafe"

	"github.com/brawn-ml/brawn/dist"
)

// Built reports whether this binary has the MPI binding (build tag mpi).
const Built = true

// ErrNotBuilt is Init's error in a binary built without the tag mpi; this
// one has it.
var ErrNotBuilt = errors.New("this brawn was built without MPI; " + BuildHint)

var (
	mu    sync.Mutex // MPI_THREAD_SERIALIZED: one call at a time
	world *comm
)

// Init initialises MPI (MPI_Init_thread with MPI_THREAD_SERIALIZED, so
// that calls may come from any goroutine's thread, one at a time) and
// returns MPI_COMM_WORLD as a dist.Comm; later calls return the same
// Comm. MPI errors are returned, not fatal (MPI_ERRORS_RETURN).
func Init() (dist.Comm, error) {
	mu.Lock()
	defer mu.Unlock()
	if world != nil {
		return world, nil
	}
	var provided C.int
	if rc := C.brawn_init(&provided); rc != C.MPI_SUCCESS {
		return nil, mpiError("MPI_Init_thread", rc)
	}
	if provided < C.MPI_THREAD_SERIALIZED {
		return nil, fmt.Errorf("mpi: the MPI library provides thread level %d; brawn needs MPI_THREAD_SERIALIZED (%d)", provided, C.MPI_THREAD_SERIALIZED)
	}
	var rank, size C.int
	if rc := C.MPI_Comm_rank(C.brawn_world(), &rank); rc != C.MPI_SUCCESS {
		return nil, mpiError("MPI_Comm_rank", rc)
	}
	if rc := C.MPI_Comm_size(C.brawn_world(), &size); rc != C.MPI_SUCCESS {
		return nil, mpiError("MPI_Comm_size", rc)
	}
	world = &comm{rank: int(rank), size: int(size)}
	return world, nil
}

// Finalize ends MPI (MPI_Finalize); every rank calls it before exiting.
// It does nothing if Init was not called. A failing MPI_Finalize is an
// error with MPI's description of its code.
func Finalize() error {
	mu.Lock()
	defer mu.Unlock()
	if world == nil {
		return nil
	}
	if rc := C.MPI_Finalize(); rc != C.MPI_SUCCESS {
		return mpiError("MPI_Finalize", rc)
	}
	return nil
}

// mpiError describes an MPI return code with MPI_Error_string.
func mpiError(call string, rc C.int) error {
	var buf [C.MPI_MAX_ERROR_STRING]C.char
	var n C.int
	C.MPI_Error_string(rc, &buf[0], &n)
	return fmt.Errorf("mpi: %s: %s", call, C.GoStringN(&buf[0], n))
}

// comm is MPI_COMM_WORLD.
type comm struct {
	rank, size int
	counts     []C.int
	displs     []C.int
}

func (c *comm) Rank() int { return c.rank }
func (c *comm) Size() int { return c.size }

// cInt converts a count for MPI, whose counts are C ints.
func cInt(n int, what string) (C.int, error) {
	if n > math.MaxInt32 {
		return 0, fmt.Errorf("mpi: %s of %d values is more than MPI's int counts hold", what, n)
	}
	return C.int(n), nil
}

// allgatherv runs MPI_Allgatherv on send and recv, n and total values of
// size bytes each.
func (c *comm) allgatherv(send, recv unsafe.Pointer, n, total int, counts []int, f64 bool) error {
	c.counts, c.displs = c.counts[:0], c.displs[:0]
	at := 0
	for _, k := range counts {
		ck, err := cInt(k, "an Allgather contribution")
		if err != nil {
			return err
		}
		cat, err := cInt(at, "an Allgather")
		if err != nil {
			return err
		}
		c.counts = append(c.counts, ck)
		c.displs = append(c.displs, cat)
		at += k
	}
	if _, err := cInt(total, "an Allgather"); err != nil {
		return err
	}
	flag := C.int(0)
	if f64 {
		flag = 1
	}
	if rc := C.brawn_allgatherv(send, C.int(n), recv, &c.counts[0], &c.displs[0], flag); rc != C.MPI_SUCCESS {
		return mpiError("MPI_Allgatherv", rc)
	}
	return nil
}

func (c *comm) Allgather(send, recv []float32, counts []int) error {
	if err := dist.CheckCounts(c, len(send), len(recv), counts); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	return c.allgatherv(ptr32(send), ptr32(recv), len(send), len(recv), counts, false)
}

func (c *comm) Allgather64(send, recv []float64, counts []int) error {
	if err := dist.CheckCounts(c, len(send), len(recv), counts); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	return c.allgatherv(ptr64(send), ptr64(recv), len(send), len(recv), counts, true)
}

func (c *comm) AllreduceSum(buf []float32) error {
	n, err := cInt(len(buf), "AllreduceSum")
	if err != nil || n == 0 {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if rc := C.brawn_allreduce_sum(ptr32(buf), n); rc != C.MPI_SUCCESS {
		return mpiError("MPI_Allreduce", rc)
	}
	return nil
}

func (c *comm) Broadcast(buf []float32, root int) error {
	return c.bcast(ptr32(buf), len(buf), false, root)
}

func (c *comm) BroadcastBytes(buf []byte, root int) error {
	var p unsafe.Pointer
	if len(buf) > 0 {
		p = unsafe.Pointer(&buf[0])
	}
	return c.bcast(p, len(buf), true, root)
}

func (c *comm) bcast(p unsafe.Pointer, n int, bytes bool, root int) error {
	if root < 0 || root >= c.size {
		return fmt.Errorf("mpi: Broadcast: root %d is not a rank of %d", root, c.size)
	}
	cn, err := cInt(n, "Broadcast")
	if err != nil {
		return err
	}
	flag := C.int(0)
	if bytes {
		flag = 1
	}
	mu.Lock()
	defer mu.Unlock()
	if rc := C.brawn_bcast(p, cn, flag, C.int(root)); rc != C.MPI_SUCCESS {
		return mpiError("MPI_Bcast", rc)
	}
	return nil
}

func (c *comm) Barrier() error {
	mu.Lock()
	defer mu.Unlock()
	if rc := C.brawn_barrier(); rc != C.MPI_SUCCESS {
		return mpiError("MPI_Barrier", rc)
	}
	return nil
}

// Abort writes msg to standard error, prefixed with the rank, and ends
// every process of the job with code (MPI_Abort). It does not return.
func (c *comm) Abort(code int, msg string) {
	fmt.Fprintf(os.Stderr, "rank %d: %s\n", c.rank, msg)
	C.brawn_abort(C.int(code))
	os.Exit(code) // MPI_Abort does not return; this is for an MPI that does
}

func ptr32(s []float32) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}

func ptr64(s []float64) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}
