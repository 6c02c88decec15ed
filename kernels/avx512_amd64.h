// Shared macros of the avx512 level's elementwise, row-wise, optimizer and
// BLAS level 1 assembly: 16 lanes a vector, and the last 1..15 elements of
// a slice read and written with masked moves (zeroing masked loads, which
// neither read past the slice nor fault), never a scalar loop.

// ZTAILMASK(cnt, tmp) sets K1 to the first cnt (0..16) lanes, from
// ·avx512TailMasks; it clobbers tmp.
#define ZTAILMASK(cnt, tmp) \
	LEAQ  ·avx512TailMasks(SB), tmp; \
	KMOVW (tmp)(cnt*2), K1

// ZHSUM(z, y, x) adds the 16 lanes of z pairwise, leaving the sum in the
// low lane of X0; y and x name z's lower halves (Y0, X0 for Z0). It
// clobbers Z1.
#define ZHSUM(z, y, x) \
	VEXTRACTF32X8 $1, z, Y1; \
	VADDPS        Y1, y, Y0; \
	VEXTRACTF128  $1, Y0, X1; \
	VADDPS        X1, X0, X0; \
	VMOVHLPS      X0, X1, X1; \
	VADDPS        X1, X0, X0; \
	VMOVSHDUP     X0, X1;     \
	VADDSS        X1, X0, X0

// ZHMAX(z, y, x) leaves the largest of the 16 lanes of z in the low lane
// of x; y and x name z's lower halves (Y2, X2 for Z2). It clobbers Z1.
#define ZHMAX(z, y, x) \
	VEXTRACTF32X8 $1, z, Y1; \
	VMAXPS        Y1, y, y;  \
	VEXTRACTF128  $1, y, X1; \
	VMAXPS        X1, x, x;  \
	VMOVHLPS      x, X1, X1; \
	VMAXPS        X1, x, x;  \
	VMOVSHDUP     x, X1;     \
	VMAXSS        X1, x, x

// ZMAP2(OP, ST) sets dst[i] = OP(x[i]) for DI = dst, SI = x, CX = n: 64
// elements per iteration, then 16, then the last 1..15 with masked moves
// (K1). OP(x, r, t) sets r from x, a memory operand (or Z9 in the masked
// tail) that the arithmetic instruction may read itself, and may clobber
// t and K2; r, t are Z0..Z3 and Z4..Z7. ST(r, mem) stores a full vector:
// ZSTU (VMOVUPS) or ZSTNT (VMOVNTPS, non-temporal, dst 64-byte aligned;
// the caller ends with SFENCE). AX = index, BX, R8 scratch.
#define ZMAP2(OP, ST) \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	ANDQ $-64, BX; \
	JZ   z16; \
z64: \
	OP((SI)(AX*4), Z0, Z4); \
	OP(64(SI)(AX*4), Z1, Z5); \
	OP(128(SI)(AX*4), Z2, Z6); \
	OP(192(SI)(AX*4), Z3, Z7); \
	ST(Z0, (DI)(AX*4)); \
	ST(Z1, 64(DI)(AX*4)); \
	ST(Z2, 128(DI)(AX*4)); \
	ST(Z3, 192(DI)(AX*4)); \
	ADDQ $64, AX; \
	CMPQ AX, BX; \
	JB   z64; \
z16: \
	MOVQ CX, BX; \
	ANDQ $-16, BX; \
	CMPQ AX, BX; \
	JAE  ztail; \
z16loop: \
	OP((SI)(AX*4), Z0, Z4); \
	ST(Z0, (DI)(AX*4)); \
	ADDQ $16, AX; \
	CMPQ AX, BX; \
	JB   z16loop; \
ztail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   zdone; \
	ZTAILMASK(BX, R8); \
	VMOVUPS.Z (SI)(AX*4), K1, Z9; \
	OP(Z9, Z0, Z4); \
	VMOVUPS Z0, K1, (DI)(AX*4); \
zdone: \
	VZEROUPPER

// ZMAP3(OP, ST) sets dst[i] = OP(a[i], b[i]) for DI = dst, SI = a, DX = b,
// CX = n, as ZMAP2 does. OP(mem, r, t, s) computes in place in r from r
// (a) and mem (b: a memory operand, or Z4 in the masked tail); it may
// clobber t, s and K2. r, t, s are Z0..Z3, Z4..Z7, Z8..Z11.
#define ZMAP3(OP, ST) \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	ANDQ $-64, BX; \
	JZ   z16; \
z64: \
	VMOVUPS (SI)(AX*4), Z0; \
	VMOVUPS 64(SI)(AX*4), Z1; \
	VMOVUPS 128(SI)(AX*4), Z2; \
	VMOVUPS 192(SI)(AX*4), Z3; \
	OP((DX)(AX*4), Z0, Z4, Z8); \
	OP(64(DX)(AX*4), Z1, Z5, Z9); \
	OP(128(DX)(AX*4), Z2, Z6, Z10); \
	OP(192(DX)(AX*4), Z3, Z7, Z11); \
	ST(Z0, (DI)(AX*4)); \
	ST(Z1, 64(DI)(AX*4)); \
	ST(Z2, 128(DI)(AX*4)); \
	ST(Z3, 192(DI)(AX*4)); \
	ADDQ $64, AX; \
	CMPQ AX, BX; \
	JB   z64; \
z16: \
	MOVQ CX, BX; \
	ANDQ $-16, BX; \
	CMPQ AX, BX; \
	JAE  ztail; \
z16loop: \
	VMOVUPS (SI)(AX*4), Z0; \
	OP((DX)(AX*4), Z0, Z5, Z8); \
	ST(Z0, (DI)(AX*4)); \
	ADDQ $16, AX; \
	CMPQ AX, BX; \
	JB   z16loop; \
ztail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   zdone; \
	ZTAILMASK(BX, R8); \
	VMOVUPS.Z (SI)(AX*4), K1, Z0; \
	VMOVUPS.Z (DX)(AX*4), K1, Z4; \
	OP(Z4, Z0, Z5, Z8); \
	VMOVUPS Z0, K1, (DI)(AX*4); \
zdone: \
	VZEROUPPER

#define ZSTU(r, mem) VMOVUPS r, mem
#define ZSTNT(r, mem) VMOVNTPS r, mem
