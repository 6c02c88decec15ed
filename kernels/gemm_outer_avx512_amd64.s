//go:build !purego

#include "textflag.h"

// The avx512 level's outer-product kernel for narrow products with A
// transposed (see gemm_outer.go): A's row p holds the p-th terms of C's
// rows, so 16 of C's rows load as one vector and each of op(B)'s values
// in row p is broadcast into one column's accumulators. Accumulator
// (j, v) holds rows 16v..16v+15 of column j of C, that is a stretch of
// row j of Cᵀ, which is where it is stored.

// OUTERARGS loads the common arguments of the kernels,
// func(k int, a *float32, lda int, b *float32, ldb int, t *float32, ldt int, mask uint64, alpha float32):
// CX = k, AX = a, R8 = lda in bytes, BX = b, R9 = ldb in bytes, DI = t,
// R10 = ldt in bytes, K1-K4 = the masks of the four row vectors
// (rows 0-15, 16-31, 32-47, 48-63 of the block: the bits of mask).
#define OUTERARGS \
	MOVQ k+0(FP), CX;     \
	MOVQ a+8(FP), AX;     \
	MOVQ lda+16(FP), R8;  \
	SHLQ $2, R8;          \
	MOVQ b+24(FP), BX;    \
	MOVQ ldb+32(FP), R9;  \
	SHLQ $2, R9;          \
	MOVQ t+40(FP), DI;    \
	MOVQ ldt+48(FP), R10; \
	SHLQ $2, R10;         \
	MOVQ mask+56(FP), DX; \
	KMOVW DX, K1;         \
	SHRQ $16, DX;         \
	KMOVW DX, K2;         \
	SHRQ $16, DX;         \
	KMOVW DX, K3;         \
	SHRQ $16, DX;         \
	KMOVW DX, K4

// LOADA loads the block's 64 values of A's row p into Z16-Z19, the lanes
// beyond the block's rows zeroed and not read.
#define LOADA \
	VMOVUPS.Z (AX), K1, Z16;    \
	VMOVUPS.Z 64(AX), K2, Z17;  \
	VMOVUPS.Z 128(AX), K3, Z18; \
	VMOVUPS.Z 192(AX), K4, Z19

// COL(off, bc, c0, c1, c2, c3) broadcasts op(B)'s value at off(BX) into
// bc and adds its products with the row of A into one column's four
// accumulators.
#define COL(off, bc, c0, c1, c2, c3) \
	VBROADCASTSS off(BX), bc;  \
	VFMADD231PS  Z16, bc, c0;  \
	VFMADD231PS  Z17, bc, c1;  \
	VFMADD231PS  Z18, bc, c2;  \
	VFMADD231PS  Z19, bc, c3

// STORECOL(c0, c1, c2, c3) scales one column's accumulators by alpha
// (Z20) and writes them, masked, to the row of Cᵀ at DI; DI steps to the
// next row.
#define STORECOL(c0, c1, c2, c3) \
	VMULPS  Z20, c0, c0;       \
	VMULPS  Z20, c1, c1;       \
	VMULPS  Z20, c2, c2;       \
	VMULPS  Z20, c3, c3;       \
	VMOVUPS c0, K1, (DI);      \
	VMOVUPS c1, K2, 64(DI);    \
	VMOVUPS c2, K3, 128(DI);   \
	VMOVUPS c3, K4, 192(DI);   \
	ADDQ    R10, DI

// NEXT(loop) moves AX and BX to the next rows of A and B and loops to
// label loop while rows of k are left.
#define NEXT(loop) \
	ADDQ R8, AX; \
	ADDQ R9, BX; \
	DECQ CX;     \
	JNZ  loop

#define ZERO4(c0, c1, c2, c3) \
	VPXORD c0, c0, c0; \
	VPXORD c1, c1, c1; \
	VPXORD c2, c2, c2; \
	VPXORD c3, c3, c3

// func gemmOuter4AVX512(k int, a *float32, lda int, b *float32, ldb int, t *float32, ldt int, mask uint64, alpha float32)
// Four columns: accumulators Z0-Z15, column j in Z(4j)-Z(4j+3).
TEXT ·gemmOuter4AVX512(SB), NOSPLIT, $0-68
	OUTERARGS
	ZERO4(Z0, Z1, Z2, Z3)
	ZERO4(Z4, Z5, Z6, Z7)
	ZERO4(Z8, Z9, Z10, Z11)
	ZERO4(Z12, Z13, Z14, Z15)

loop4:
	LOADA
	COL(0, Z20, Z0, Z1, Z2, Z3)
	COL(4, Z21, Z4, Z5, Z6, Z7)
	COL(8, Z22, Z8, Z9, Z10, Z11)
	COL(12, Z23, Z12, Z13, Z14, Z15)
	NEXT(loop4)

	VBROADCASTSS alpha+64(FP), Z20
	STORECOL(Z0, Z1, Z2, Z3)
	STORECOL(Z4, Z5, Z6, Z7)
	STORECOL(Z8, Z9, Z10, Z11)
	STORECOL(Z12, Z13, Z14, Z15)
	VZEROUPPER
	RET

// func gemmOuter2AVX512(k int, a *float32, lda int, b *float32, ldb int, t *float32, ldt int, mask uint64, alpha float32)
// Two columns: accumulators Z0-Z7.
TEXT ·gemmOuter2AVX512(SB), NOSPLIT, $0-68
	OUTERARGS
	ZERO4(Z0, Z1, Z2, Z3)
	ZERO4(Z4, Z5, Z6, Z7)

loop2:
	LOADA
	COL(0, Z20, Z0, Z1, Z2, Z3)
	COL(4, Z21, Z4, Z5, Z6, Z7)
	NEXT(loop2)

	VBROADCASTSS alpha+64(FP), Z20
	STORECOL(Z0, Z1, Z2, Z3)
	STORECOL(Z4, Z5, Z6, Z7)
	VZEROUPPER
	RET

// func gemmOuter1AVX512(k int, a *float32, lda int, b *float32, ldb int, t *float32, ldt int, mask uint64, alpha float32)
// One column: accumulators Z0-Z3.
TEXT ·gemmOuter1AVX512(SB), NOSPLIT, $0-68
	OUTERARGS
	ZERO4(Z0, Z1, Z2, Z3)

loop1:
	LOADA
	COL(0, Z20, Z0, Z1, Z2, Z3)
	NEXT(loop1)

	VBROADCASTSS alpha+64(FP), Z20
	STORECOL(Z0, Z1, Z2, Z3)
	VZEROUPPER
	RET
