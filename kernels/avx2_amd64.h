// Shared macros of the AVX2 assembly.

// TAILMASK sets Y15 to a mask selecting the first cnt (1..7) lanes, from
// ·avx2TailMask. It clobbers cnt and tmp.
#define TAILMASK(cnt, tmp) \
	LEAQ ·avx2TailMask+32(SB), tmp; \
	SHLQ $2, cnt; \
	SUBQ cnt, tmp; \
	VMOVDQU (tmp), Y15

// HSUM4 adds the accumulators Y0..Y3 pairwise and then the 8 lanes of Y0
// pairwise, leaving the sum in X0.
#define HSUM4 \
	VADDPS Y1, Y0, Y0; \
	VADDPS Y3, Y2, Y2; \
	VADDPS Y2, Y0, Y0; \
	VEXTRACTF128 $1, Y0, X1; \
	VADDPS X1, X0, X0; \
	VMOVHLPS X0, X1, X1; \
	VADDPS X1, X0, X0; \
	VMOVSHDUP X0, X1; \
	VADDSS X1, X0, X0

// LOOP_HEAD starts a loop over CX elements: AX = 0 and BX = CX rounded down
// to a multiple of 32, with the flags set for JZ when BX is 0.
#define LOOP_HEAD \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	ANDQ $-32, BX

// MAP2(OP, ST) sets dst[i] = OP(x[i]) for DI = dst, SI = x, CX = n: 32
// elements per iteration, then 8, then the last 1..7 with masked loads and
// stores. OP(x, r, t) sets r from x, a memory operand (or Y9 in the masked
// tail) that the arithmetic instruction may read itself, and may clobber
// t; r, t are Y0..Y3 and Y4..Y7. ST(r, mem) stores a full vector: STU
// (VMOVUPS) or STNT (VMOVNTPS, non-temporal, dst 32-byte aligned; the
// caller ends with SFENCE).
#define MAP2(OP, ST) \
	LOOP_HEAD; \
	JZ   m8; \
m32: \
	OP((SI)(AX*4), Y0, Y4); \
	OP(32(SI)(AX*4), Y1, Y5); \
	OP(64(SI)(AX*4), Y2, Y6); \
	OP(96(SI)(AX*4), Y3, Y7); \
	ST(Y0, (DI)(AX*4)); \
	ST(Y1, 32(DI)(AX*4)); \
	ST(Y2, 64(DI)(AX*4)); \
	ST(Y3, 96(DI)(AX*4)); \
	ADDQ $32, AX; \
	CMPQ AX, BX; \
	JB   m32; \
m8: \
	CMPQ AX, CX; \
	JAE  mdone; \
	MOVQ CX, BX; \
	ANDQ $-8, BX; \
	CMPQ AX, BX; \
	JAE  mtail; \
m8loop: \
	OP((SI)(AX*4), Y0, Y4); \
	ST(Y0, (DI)(AX*4)); \
	ADDQ $8, AX; \
	CMPQ AX, BX; \
	JB   m8loop; \
mtail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   mdone; \
	TAILMASK(BX, R8); \
	VMASKMOVPS (SI)(AX*4), Y15, Y9; \
	OP(Y9, Y0, Y4); \
	VMASKMOVPS Y0, Y15, (DI)(AX*4); \
mdone: \
	VZEROUPPER

// MAP3(OP, ST) sets dst[i] = OP(a[i], b[i]) for DI = dst, SI = a, DX = b,
// CX = n, as MAP2 does. OP(mem, r, t, s) computes in place in r from r (a)
// and mem (b: a memory operand, or Y4 in the masked tail), so that b is
// read by the arithmetic instruction itself; it may clobber t and s. r, t,
// s are Y0..Y3, Y4..Y7, Y8..Y11.
#define MAP3(OP, ST) \
	LOOP_HEAD; \
	JZ   m8; \
m32: \
	VMOVUPS (SI)(AX*4), Y0; \
	VMOVUPS 32(SI)(AX*4), Y1; \
	VMOVUPS 64(SI)(AX*4), Y2; \
	VMOVUPS 96(SI)(AX*4), Y3; \
	OP((DX)(AX*4), Y0, Y4, Y8); \
	OP(32(DX)(AX*4), Y1, Y5, Y9); \
	OP(64(DX)(AX*4), Y2, Y6, Y10); \
	OP(96(DX)(AX*4), Y3, Y7, Y11); \
	ST(Y0, (DI)(AX*4)); \
	ST(Y1, 32(DI)(AX*4)); \
	ST(Y2, 64(DI)(AX*4)); \
	ST(Y3, 96(DI)(AX*4)); \
	ADDQ $32, AX; \
	CMPQ AX, BX; \
	JB   m32; \
m8: \
	CMPQ AX, CX; \
	JAE  mdone; \
	MOVQ CX, BX; \
	ANDQ $-8, BX; \
	CMPQ AX, BX; \
	JAE  mtail; \
m8loop: \
	VMOVUPS (SI)(AX*4), Y0; \
	OP((DX)(AX*4), Y0, Y5, Y8); \
	ST(Y0, (DI)(AX*4)); \
	ADDQ $8, AX; \
	CMPQ AX, BX; \
	JB   m8loop; \
mtail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   mdone; \
	TAILMASK(BX, R8); \
	VMASKMOVPS (SI)(AX*4), Y15, Y0; \
	VMASKMOVPS (DX)(AX*4), Y15, Y4; \
	OP(Y4, Y0, Y5, Y8); \
	VMASKMOVPS Y0, Y15, (DI)(AX*4); \
mdone: \
	VZEROUPPER

#define STU(r, mem) VMOVUPS r, mem
#define STNT(r, mem) VMOVNTPS r, mem

// ZERO8 and ZERO12 clear the accumulators Y0..Y7 and Y0..Y11.
#define ZERO8 \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3; \
	VXORPS Y4, Y4, Y4; \
	VXORPS Y5, Y5, Y5; \
	VXORPS Y6, Y6, Y6; \
	VXORPS Y7, Y7, Y7

#define ZERO12 \
	ZERO8; \
	VXORPS Y8, Y8, Y8; \
	VXORPS Y9, Y9, Y9; \
	VXORPS Y10, Y10, Y10; \
	VXORPS Y11, Y11, Y11
