//go:build !purego

#include "textflag.h"

// TSTEP is one step of the 12×32 tile with A and B read in place: B's
// row at (BX) in Z24:Z25, A's twelve values at (AX), (AX)+rs, (AX)+2rs,
// (AX)+3rs and the same from R12 (row 4) and R14 (row 8), rs in R10 and
// 3rs in R11, broadcast into Z26-Z31 in turn and multiplied into the
// accumulators of their row (row r in Z(2r), Z(2r+1)): 14 loads per 24
// FMAs. Then it steps A by R9 and B by R13.
#define TSTEP \
	VMOVUPS      (BX), Z24; \
	VMOVUPS      64(BX), Z25; \
	VBROADCASTSS (AX), Z26; \
	VFMADD231PS  Z24, Z26, Z0; \
	VFMADD231PS  Z25, Z26, Z1; \
	VBROADCASTSS (AX)(R10*1), Z27; \
	VFMADD231PS  Z24, Z27, Z2; \
	VFMADD231PS  Z25, Z27, Z3; \
	VBROADCASTSS (AX)(R10*2), Z28; \
	VFMADD231PS  Z24, Z28, Z4; \
	VFMADD231PS  Z25, Z28, Z5; \
	VBROADCASTSS (AX)(R11*1), Z29; \
	VFMADD231PS  Z24, Z29, Z6; \
	VFMADD231PS  Z25, Z29, Z7; \
	VBROADCASTSS (R12), Z30; \
	VFMADD231PS  Z24, Z30, Z8; \
	VFMADD231PS  Z25, Z30, Z9; \
	VBROADCASTSS (R12)(R10*1), Z31; \
	VFMADD231PS  Z24, Z31, Z10; \
	VFMADD231PS  Z25, Z31, Z11; \
	VBROADCASTSS (R12)(R10*2), Z26; \
	VFMADD231PS  Z24, Z26, Z12; \
	VFMADD231PS  Z25, Z26, Z13; \
	VBROADCASTSS (R12)(R11*1), Z27; \
	VFMADD231PS  Z24, Z27, Z14; \
	VFMADD231PS  Z25, Z27, Z15; \
	VBROADCASTSS (R14), Z28; \
	VFMADD231PS  Z24, Z28, Z16; \
	VFMADD231PS  Z25, Z28, Z17; \
	VBROADCASTSS (R14)(R10*1), Z29; \
	VFMADD231PS  Z24, Z29, Z18; \
	VFMADD231PS  Z25, Z29, Z19; \
	VBROADCASTSS (R14)(R10*2), Z30; \
	VFMADD231PS  Z24, Z30, Z20; \
	VFMADD231PS  Z25, Z30, Z21; \
	VBROADCASTSS (R14)(R11*1), Z31; \
	VFMADD231PS  Z24, Z31, Z22; \
	VFMADD231PS  Z25, Z31, Z23; \
	ADDQ         R9, AX; \
	ADDQ         R9, R12; \
	ADDQ         R9, R14; \
	ADDQ         R13, BX

// TMADDC2(p, ra, rb) adds beta (Z31) times one row of C at p, read with
// zeroing masked loads (K1 for columns 0-15, K2 for 16-31), to ra and rb.
#define TMADDC2(p, ra, rb) \
	VMOVUPS.Z   (p), K1, Z26;   \
	VFMADD231PS Z26, Z31, ra;   \
	VMOVUPS.Z   64(p), K2, Z27; \
	VFMADD231PS Z27, Z31, rb

// TMSTORE2(p, ra, rb) writes one row of the tile at p through the masks.
#define TMSTORE2(p, ra, rb) \
	VMOVUPS ra, K1, (p); \
	VMOVUPS rb, K2, 64(p)

// func sgemmKernel12x32Strided(kc int, a *float32, rsA, csA int, b *float32, csB int, c *float32, ldc, cols int, alpha, beta float32)
//
// One 12×32 tile, C = alpha·A·B + beta·C, with A's value (i, p) at
// a[i*rsA+p*csA] and B's row p at b[p*csB:p*csB+32]; only the first cols
// (1-32) columns of C are read and written, through masked moves. With
// beta = ±0, C is written without being read; otherwise all of the
// tile's C is read before any of it is written. kc must be at least 1.
//
// CX = kc (counts down), AX, R12 and R14 = A rows 0, 4 and 8 (advancing
// in p), R10 = rsA, R11 = 3·rsA and R9 = csA in bytes, BX = B row, R13 =
// csB in bytes, DI = C row, R8 = ldc in bytes, DX = alpha's, then
// beta's, bits. Z0-Z23 accumulate, Z24-Z25 hold B's row, Z26-Z31 A
// values broadcast (and alpha, beta).
TEXT ·sgemmKernel12x32Strided(SB), NOSPLIT, $0-80
	// AX = (1 << cols) - 1 (all ones for 32): bits 0-15 to K1, 16-31 to K2.
	MOVQ  cols+64(FP), CX
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1
	SHRQ  $16, AX
	KMOVW AX, K2
	MOVQ  kc+0(FP), CX
	MOVQ  a+8(FP), AX
	MOVQ  rsA+16(FP), R10
	SHLQ  $2, R10
	MOVQ  csA+24(FP), R9
	SHLQ  $2, R9
	MOVQ  b+32(FP), BX
	MOVQ  csB+40(FP), R13
	SHLQ  $2, R13
	MOVQ  c+48(FP), DI
	MOVQ  ldc+56(FP), R8
	SHLQ  $2, R8
	LEAQ  (R10)(R10*2), R11
	LEAQ  (AX)(R10*4), R12
	LEAQ  (R12)(R10*4), R14

	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23

tloop:
	TSTEP
	DECQ CX
	JNZ  tloop

	// Scale by alpha unless it is exactly 1 (1·x is x, bit for bit).
	MOVL alpha+72(FP), DX
	CMPL DX, $0x3f800000
	JEQ  tscaled
	VBROADCASTSS alpha+72(FP), Z31
	VMULPS Z31, Z0, Z0
	VMULPS Z31, Z1, Z1
	VMULPS Z31, Z2, Z2
	VMULPS Z31, Z3, Z3
	VMULPS Z31, Z4, Z4
	VMULPS Z31, Z5, Z5
	VMULPS Z31, Z6, Z6
	VMULPS Z31, Z7, Z7
	VMULPS Z31, Z8, Z8
	VMULPS Z31, Z9, Z9
	VMULPS Z31, Z10, Z10
	VMULPS Z31, Z11, Z11
	VMULPS Z31, Z12, Z12
	VMULPS Z31, Z13, Z13
	VMULPS Z31, Z14, Z14
	VMULPS Z31, Z15, Z15
	VMULPS Z31, Z16, Z16
	VMULPS Z31, Z17, Z17
	VMULPS Z31, Z18, Z18
	VMULPS Z31, Z19, Z19
	VMULPS Z31, Z20, Z20
	VMULPS Z31, Z21, Z21
	VMULPS Z31, Z22, Z22
	VMULPS Z31, Z23, Z23

tscaled:
	// beta = ±0: overwrite C without reading it.
	MOVL beta+76(FP), DX
	ANDL $0x7fffffff, DX
	JZ   twrite
	VBROADCASTSS beta+76(FP), Z31
	MOVQ DI, SI
	TMADDC2(SI, Z0, Z1)
	ADDQ R8, SI
	TMADDC2(SI, Z2, Z3)
	ADDQ R8, SI
	TMADDC2(SI, Z4, Z5)
	ADDQ R8, SI
	TMADDC2(SI, Z6, Z7)
	ADDQ R8, SI
	TMADDC2(SI, Z8, Z9)
	ADDQ R8, SI
	TMADDC2(SI, Z10, Z11)
	ADDQ R8, SI
	TMADDC2(SI, Z12, Z13)
	ADDQ R8, SI
	TMADDC2(SI, Z14, Z15)
	ADDQ R8, SI
	TMADDC2(SI, Z16, Z17)
	ADDQ R8, SI
	TMADDC2(SI, Z18, Z19)
	ADDQ R8, SI
	TMADDC2(SI, Z20, Z21)
	ADDQ R8, SI
	TMADDC2(SI, Z22, Z23)

twrite:
	TMSTORE2(DI, Z0, Z1)
	ADDQ R8, DI
	TMSTORE2(DI, Z2, Z3)
	ADDQ R8, DI
	TMSTORE2(DI, Z4, Z5)
	ADDQ R8, DI
	TMSTORE2(DI, Z6, Z7)
	ADDQ R8, DI
	TMSTORE2(DI, Z8, Z9)
	ADDQ R8, DI
	TMSTORE2(DI, Z10, Z11)
	ADDQ R8, DI
	TMSTORE2(DI, Z12, Z13)
	ADDQ R8, DI
	TMSTORE2(DI, Z14, Z15)
	ADDQ R8, DI
	TMSTORE2(DI, Z16, Z17)
	ADDQ R8, DI
	TMSTORE2(DI, Z18, Z19)
	ADDQ R8, DI
	TMSTORE2(DI, Z20, Z21)
	ADDQ R8, DI
	TMSTORE2(DI, Z22, Z23)
	VZEROUPPER
	RET
