//go:build !purego

#include "textflag.h"
#include "gemm_avx512_amd64.h"

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
	STRIDEDARGS
	LEAQ (R12)(R10*4), R14

	ZERO16
	ZERO8(Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)

tloop:
	TSTEP
	DECQ CX
	JNZ  tloop

	// Scale by alpha unless it is exactly 1.
	ALPHA1(alpha+72(FP), tscaled)
	VBROADCASTSS alpha+72(FP), Z31
	MUL8(Z31, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	MUL8(Z31, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	MUL8(Z31, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)

tscaled:
	// beta = ±0: overwrite C without reading it.
	MOVL beta+76(FP), DX
	ANDL $0x7fffffff, DX
	JZ   twrite
	VBROADCASTSS beta+76(FP), Z31
	MADDC8
	MADDNEXT(Z16, Z17)
	MADDNEXT(Z18, Z19)
	MADDNEXT(Z20, Z21)
	MADDNEXT(Z22, Z23)

twrite:
	MSTORE8
	MSTORENEXT(Z16, Z17)
	MSTORENEXT(Z18, Z19)
	MSTORENEXT(Z20, Z21)
	MSTORE2(DI, Z22, Z23)
	VZEROUPPER
	RET
