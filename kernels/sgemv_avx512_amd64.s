//go:build !purego

#include "textflag.h"

// TAILMASK16 sets K1 to the first CX (0 to 15) lanes; it clobbers AX.
#define TAILMASK16 \
	MOVL  $1, AX; \
	SHLL  CX, AX; \
	DECL  AX;     \
	KMOVW AX, K1

// DOT4 sets X0 to the four sums a[r*lda+j]*x[j] over j < CX (CX >= 1),
// rows r at SI, R9, R10, R11, x at DI: 32 columns a step, then 16, then
// the last 1-15 with zeroing masked loads, which neither read past the
// rows nor fault. Row r accumulates in Z(2r) and Z(2r+1), x is in Z8:Z9;
// each row's 32 lanes are folded to 4, then three horizontal adds put the
// four sums side by side. It clobbers AX, CX, K1 and Z0-Z10, and
// advances SI, R9, R10, R11 and DI.
#define DOT4 \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3; \
	VPXORD Z4, Z4, Z4; \
	VPXORD Z5, Z5, Z5; \
	VPXORD Z6, Z6, Z6; \
	VPXORD Z7, Z7, Z7; \
	CMPQ CX, $32; \
	JLT  d4tail16; \
d4loop32: \
	VMOVUPS     (DI), Z8; \
	VMOVUPS     64(DI), Z9; \
	VFMADD231PS (SI), Z8, Z0; \
	VFMADD231PS 64(SI), Z9, Z1; \
	VFMADD231PS (R9), Z8, Z2; \
	VFMADD231PS 64(R9), Z9, Z3; \
	VFMADD231PS (R10), Z8, Z4; \
	VFMADD231PS 64(R10), Z9, Z5; \
	VFMADD231PS (R11), Z8, Z6; \
	VFMADD231PS 64(R11), Z9, Z7; \
	SUBQ        $-128, DI; \
	SUBQ        $-128, SI; \
	SUBQ        $-128, R9; \
	SUBQ        $-128, R10; \
	SUBQ        $-128, R11; \
	SUBQ        $32, CX; \
	CMPQ        CX, $32; \
	JGE         d4loop32; \
d4tail16: \
	CMPQ CX, $16; \
	JLT  d4tail; \
	VMOVUPS     (DI), Z8; \
	VFMADD231PS (SI), Z8, Z0; \
	VFMADD231PS (R9), Z8, Z2; \
	VFMADD231PS (R10), Z8, Z4; \
	VFMADD231PS (R11), Z8, Z6; \
	ADDQ        $64, DI; \
	ADDQ        $64, SI; \
	ADDQ        $64, R9; \
	ADDQ        $64, R10; \
	ADDQ        $64, R11; \
	SUBQ        $16, CX; \
d4tail: \
	TESTQ CX, CX; \
	JZ    d4reduce; \
	TAILMASK16; \
	VMOVUPS.Z   (DI), K1, Z8; \
	VMOVUPS.Z   (SI), K1, Z10; \
	VFMADD231PS Z10, Z8, Z1; \
	VMOVUPS.Z   (R9), K1, Z10; \
	VFMADD231PS Z10, Z8, Z3; \
	VMOVUPS.Z   (R10), K1, Z10; \
	VFMADD231PS Z10, Z8, Z5; \
	VMOVUPS.Z   (R11), K1, Z10; \
	VFMADD231PS Z10, Z8, Z7; \
d4reduce: \
	VADDPS        Z1, Z0, Z0; \
	VADDPS        Z3, Z2, Z2; \
	VADDPS        Z5, Z4, Z4; \
	VADDPS        Z7, Z6, Z6; \
	VEXTRACTF64X4 $1, Z0, Y1; \
	VEXTRACTF64X4 $1, Z2, Y3; \
	VEXTRACTF64X4 $1, Z4, Y5; \
	VEXTRACTF64X4 $1, Z6, Y7; \
	VADDPS        Y1, Y0, Y0; \
	VADDPS        Y3, Y2, Y2; \
	VADDPS        Y5, Y4, Y4; \
	VADDPS        Y7, Y6, Y6; \
	VEXTRACTF128  $1, Y0, X1; \
	VEXTRACTF128  $1, Y2, X3; \
	VEXTRACTF128  $1, Y4, X5; \
	VEXTRACTF128  $1, Y6, X7; \
	VADDPS        X1, X0, X0; \
	VADDPS        X3, X2, X2; \
	VADDPS        X5, X4, X4; \
	VADDPS        X7, X6, X6; \
	VHADDPS       X2, X0, X0; \
	VHADDPS       X6, X4, X4; \
	VHADDPS       X4, X0, X0

// func sgemvDot4AVX512(n int, a *float32, lda int, x *float32, d *float32)
//
// d[r] = sum_j a[r*lda+j]*x[j], r < 4, j < n (n >= 1): 32 columns a step,
// then 16, then the last 1-15 with zeroing masked loads, which neither
// read past the rows nor fault. SI, R9, R10, R11 walk rows 0-3 of A, DI
// walks x, CX counts down. Row r accumulates in Z(2r) and Z(2r+1), x is
// in Z8:Z9.
TEXT ·sgemvDot4AVX512(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	MOVQ x+24(FP), DI
	MOVQ d+32(FP), DX
	SHLQ $2, R8
	LEAQ (SI)(R8*1), R9
	LEAQ (R9)(R8*1), R10
	LEAQ (R10)(R8*1), R11
	DOT4
	VMOVUPS       X0, (DX)
	VZEROUPPER
	RET

// func sgemvAxpy4AVX512(n int, a *float32, lda int, coef *float32, y *float32)
//
// y[j] += sum_r coef[r]*a[r*lda+j], r < 4, j < n (n >= 1): 32 columns a
// step, then 16, then the last 1-15 with masked loads, FMAs and stores
// (masked-off lanes of a memory operand are not read and do not fault).
// SI, R9, R10, R11 walk rows 0-3 of A, DI walks y, CX counts down;
// coef[r] is broadcast in Z(12+r).
TEXT ·sgemvAxpy4AVX512(SB), NOSPLIT, $0-40
	MOVQ         n+0(FP), CX
	MOVQ         a+8(FP), SI
	MOVQ         lda+16(FP), R8
	MOVQ         coef+24(FP), DX
	MOVQ         y+32(FP), DI
	SHLQ         $2, R8
	LEAQ         (SI)(R8*1), R9
	LEAQ         (R9)(R8*1), R10
	LEAQ         (R10)(R8*1), R11
	VBROADCASTSS (DX), Z12
	VBROADCASTSS 4(DX), Z13
	VBROADCASTSS 8(DX), Z14
	VBROADCASTSS 12(DX), Z15

	CMPQ CX, $32
	JLT  atail16

aloop32:
	VMOVUPS     (DI), Z0
	VMOVUPS     64(DI), Z1
	VFMADD231PS (SI), Z12, Z0
	VFMADD231PS 64(SI), Z12, Z1
	VFMADD231PS (R9), Z13, Z0
	VFMADD231PS 64(R9), Z13, Z1
	VFMADD231PS (R10), Z14, Z0
	VFMADD231PS 64(R10), Z14, Z1
	VFMADD231PS (R11), Z15, Z0
	VFMADD231PS 64(R11), Z15, Z1
	VMOVUPS     Z0, (DI)
	VMOVUPS     Z1, 64(DI)
	SUBQ        $-128, DI
	SUBQ        $-128, SI
	SUBQ        $-128, R9
	SUBQ        $-128, R10
	SUBQ        $-128, R11
	SUBQ        $32, CX
	CMPQ        CX, $32
	JGE         aloop32

atail16:
	CMPQ CX, $16
	JLT  atail
	VMOVUPS     (DI), Z0
	VFMADD231PS (SI), Z12, Z0
	VFMADD231PS (R9), Z13, Z0
	VFMADD231PS (R10), Z14, Z0
	VFMADD231PS (R11), Z15, Z0
	VMOVUPS     Z0, (DI)
	ADDQ        $64, DI
	ADDQ        $64, SI
	ADDQ        $64, R9
	ADDQ        $64, R10
	ADDQ        $64, R11
	SUBQ        $16, CX

atail:
	TESTQ CX, CX
	JZ    adone
	TAILMASK16
	VMOVUPS.Z   (DI), K1, Z0
	VFMADD231PS (SI), Z12, K1, Z0
	VFMADD231PS (R9), Z13, K1, Z0
	VFMADD231PS (R10), Z14, K1, Z0
	VFMADD231PS (R11), Z15, K1, Z0
	VMOVUPS     Z0, K1, (DI)

adone:
	VZEROUPPER
	RET

// func sgemvTAVX512(m, n int, alpha float32, a *float32, lda int, x, y *float32)
//
// y[j] += sum_i (alpha*x[i])*a[i*lda+j] for i < m, j < n (m, n >= 1), in
// blocks of 64 columns: a block of y stays in Z0-Z3 while every row of A
// is added into it in order (one rounding of alpha*x[i], then one FMA per
// element and row, as sgemvAxpy4AVX512 does row by row), so y is loaded
// and stored once per block instead of once per four rows. The last
// block's columns are selected by masks (K1-K4 for its four vectors; a
// masked-off lane is neither read nor written, and does not fault).
//
// SI = the block's column in row 0 of A, DI = the block of y, CX = the
// columns left, R8 = lda in bytes, R10 walks the block down A, R11 walks
// x, R12 counts rows, X15 = alpha, Z14 = alpha*x[i] broadcast.
TEXT ·sgemvTAVX512(SB), NOSPLIT, $0-56
	MOVQ  m+0(FP), R9
	MOVQ  n+8(FP), CX
	VMOVSS alpha+16(FP), X15
	MOVQ  a+24(FP), SI
	MOVQ  lda+32(FP), R8
	SHLQ  $2, R8
	MOVQ  x+40(FP), DX
	MOVQ  y+48(FP), DI

tblock:
	// BX = a mask of the block's min(CX, 64) columns, 16 bits a vector.
	MOVQ  $-1, BX
	CMPQ  CX, $64
	JGE   tmasks
	MOVQ  $1, BX
	SHLQ  CX, BX
	DECQ  BX

tmasks:
	KMOVW BX, K1
	SHRQ  $16, BX
	KMOVW BX, K2
	SHRQ  $16, BX
	KMOVW BX, K3
	SHRQ  $16, BX
	KMOVW BX, K4
	VMOVUPS.Z (DI), K1, Z0
	VMOVUPS.Z 64(DI), K2, Z1
	VMOVUPS.Z 128(DI), K3, Z2
	VMOVUPS.Z 192(DI), K4, Z3
	MOVQ  SI, R10
	MOVQ  DX, R11
	MOVQ  R9, R12

trow:
	VMULSS       (R11), X15, X14
	VBROADCASTSS X14, Z14
	VFMADD231PS  (R10), Z14, K1, Z0
	VFMADD231PS  64(R10), Z14, K2, Z1
	VFMADD231PS  128(R10), Z14, K3, Z2
	VFMADD231PS  192(R10), Z14, K4, Z3
	ADDQ         R8, R10
	ADDQ         $4, R11
	DECQ         R12
	JNZ          trow

	VMOVUPS Z0, K1, (DI)
	VMOVUPS Z1, K2, 64(DI)
	VMOVUPS Z2, K3, 128(DI)
	VMOVUPS Z3, K4, 192(DI)
	ADDQ    $256, SI
	ADDQ    $256, DI
	SUBQ    $64, CX
	JG      tblock
	VZEROUPPER
	RET

// func sgemvNAVX512(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)
//
// y[i] = alpha*sum_j a[i*lda+j]*x[j] + beta*y[i] for i < m, j < n (m, n
// >= 1; y not read when beta is ±0): the rows four at a time, each group
// summed as sgemvDot4AVX512 does, scaled and written as four floats. In a
// last group of 1-3 rows, the missing rows repeat its first one and only
// the real rows' sums are written (K3 selects them).
//
// R12 = rows left, BX = the group's row 0, DX = the group's y, R8 = lda
// in bytes, X13 = alpha and X14 = beta broadcast; the dot product's
// registers are as in sgemvDot4AVX512 (DI walks x, CX counts columns).
TEXT ·sgemvNAVX512(SB), NOSPLIT, $0-64
	MOVQ         m+0(FP), R12
	VBROADCASTSS alpha+16(FP), X13
	VBROADCASTSS beta+48(FP), X14
	MOVQ         a+24(FP), BX
	MOVQ         lda+32(FP), R8
	SHLQ         $2, R8
	MOVQ         y+56(FP), DX

ngroup:
	// SI, R9, R10, R11 = rows 0-3 of the group, or row 0 past its end;
	// K3 = the group's real rows.
	MOVQ    BX, SI
	MOVQ    BX, R9
	MOVQ    BX, R10
	MOVQ    BX, R11
	MOVL    $15, AX
	CMPQ    R12, $4
	JGE     nrows4
	MOVQ    R12, CX
	MOVL    $1, AX
	SHLL    CX, AX
	DECL    AX

nrows4:
	KMOVW   AX, K3
	LEAQ    (BX)(R8*1), R13
	CMPQ    R12, $2
	CMOVQGE R13, R9
	LEAQ    (R13)(R8*1), R13
	CMPQ    R12, $3
	CMOVQGE R13, R10
	LEAQ    (R13)(R8*1), R13
	CMPQ    R12, $4
	CMOVQGE R13, R11

	MOVQ   n+8(FP), CX
	MOVQ   x+40(FP), DI
	DOT4

	// y = alpha*sums, plus beta*y unless beta is ±0.
	VMULPS X13, X0, X0
	MOVL   beta+48(FP), AX
	ANDL   $0x7fffffff, AX
	JZ     nstore
	VMOVUPS.Z   (DX), K3, X1
	VFMADD231PS X1, X14, X0

nstore:
	VMOVUPS X0, K3, (DX)
	LEAQ    (BX)(R8*4), BX
	ADDQ    $16, DX
	SUBQ    $4, R12
	JG      ngroup
	VZEROUPPER
	RET
