//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// NEON SGEMM micro-kernel and Sgemv kernels. Go's assembler lacks the
// by-element FMLA, vector FMUL/FADD and pairwise FADDP forms, so those are
// written with the macros of neon_arm64.h.

// func sgemmKernel8x12(kc int, a, b, c *float32, ldc int, alpha, beta float32)
//
// R3 = kc (counts down), R0 = A panel (8 values a step, in V0:V1), R1 = B
// panel (12 values a step, in V2:V4), R2 = C row, R4 = ldc in bytes.
// Row r of the tile accumulates in V(8+3r), V(9+3r), V(10+3r); V5 holds
// alpha and V6 beta when storing.
TEXT ·sgemmKernel8x12(SB), NOSPLIT, $0-48
	MOVD kc+0(FP), R3
	MOVD a+8(FP), R0
	MOVD b+16(FP), R1
	MOVD c+24(FP), R2
	MOVD ldc+32(FP), R4
	LSL  $2, R4, R4
	VEOR V8.B16, V8.B16, V8.B16
	VEOR V9.B16, V9.B16, V9.B16
	VEOR V10.B16, V10.B16, V10.B16
	VEOR V11.B16, V11.B16, V11.B16
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
	VEOR V14.B16, V14.B16, V14.B16
	VEOR V15.B16, V15.B16, V15.B16
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	VEOR V27.B16, V27.B16, V27.B16
	VEOR V28.B16, V28.B16, V28.B16
	VEOR V29.B16, V29.B16, V29.B16
	VEOR V30.B16, V30.B16, V30.B16
	VEOR V31.B16, V31.B16, V31.B16

loop:
	VLD1.P 32(R0), [V0.S4, V1.S4]
	VLD1.P 48(R1), [V2.S4, V3.S4, V4.S4]
	FMLAE4S(0, 0, 2, 8)
	FMLAE4S(0, 0, 3, 9)
	FMLAE4S(0, 0, 4, 10)
	FMLAE4S(0, 1, 2, 11)
	FMLAE4S(0, 1, 3, 12)
	FMLAE4S(0, 1, 4, 13)
	FMLAE4S(0, 2, 2, 14)
	FMLAE4S(0, 2, 3, 15)
	FMLAE4S(0, 2, 4, 16)
	FMLAE4S(0, 3, 2, 17)
	FMLAE4S(0, 3, 3, 18)
	FMLAE4S(0, 3, 4, 19)
	FMLAE4S(1, 0, 2, 20)
	FMLAE4S(1, 0, 3, 21)
	FMLAE4S(1, 0, 4, 22)
	FMLAE4S(1, 1, 2, 23)
	FMLAE4S(1, 1, 3, 24)
	FMLAE4S(1, 1, 4, 25)
	FMLAE4S(1, 2, 2, 26)
	FMLAE4S(1, 2, 3, 27)
	FMLAE4S(1, 2, 4, 28)
	FMLAE4S(1, 3, 2, 29)
	FMLAE4S(1, 3, 3, 30)
	FMLAE4S(1, 3, 4, 31)
	SUBS $1, R3, R3
	BNE  loop

	// Scale by alpha.
	FMOVS alpha+40(FP), F5
	VDUP  V5.S[0], V5.S4
	FMUL4S(5, 8, 8)
	FMUL4S(5, 9, 9)
	FMUL4S(5, 10, 10)
	FMUL4S(5, 11, 11)
	FMUL4S(5, 12, 12)
	FMUL4S(5, 13, 13)
	FMUL4S(5, 14, 14)
	FMUL4S(5, 15, 15)
	FMUL4S(5, 16, 16)
	FMUL4S(5, 17, 17)
	FMUL4S(5, 18, 18)
	FMUL4S(5, 19, 19)
	FMUL4S(5, 20, 20)
	FMUL4S(5, 21, 21)
	FMUL4S(5, 22, 22)
	FMUL4S(5, 23, 23)
	FMUL4S(5, 24, 24)
	FMUL4S(5, 25, 25)
	FMUL4S(5, 26, 26)
	FMUL4S(5, 27, 27)
	FMUL4S(5, 28, 28)
	FMUL4S(5, 29, 29)
	FMUL4S(5, 30, 30)
	FMUL4S(5, 31, 31)

	// beta = ±0: overwrite C without reading it.
	MOVWU beta+44(FP), R5
	ANDW  $0x7fffffff, R5, R5
	CBNZW R5, update
	VST1 [V8.S4, V9.S4, V10.S4], (R2)
	ADD  R4, R2, R2
	VST1 [V11.S4, V12.S4, V13.S4], (R2)
	ADD  R4, R2, R2
	VST1 [V14.S4, V15.S4, V16.S4], (R2)
	ADD  R4, R2, R2
	VST1 [V17.S4, V18.S4, V19.S4], (R2)
	ADD  R4, R2, R2
	VST1 [V20.S4, V21.S4, V22.S4], (R2)
	ADD  R4, R2, R2
	VST1 [V23.S4, V24.S4, V25.S4], (R2)
	ADD  R4, R2, R2
	VST1 [V26.S4, V27.S4, V28.S4], (R2)
	ADD  R4, R2, R2
	VST1 [V29.S4, V30.S4, V31.S4], (R2)
	RET

update:
	FMOVS beta+44(FP), F6
	VDUP  V6.S[0], V6.S4
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 8)
	FMLAE4S(6, 0, 1, 9)
	FMLAE4S(6, 0, 2, 10)
	VST1 [V8.S4, V9.S4, V10.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 11)
	FMLAE4S(6, 0, 1, 12)
	FMLAE4S(6, 0, 2, 13)
	VST1 [V11.S4, V12.S4, V13.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 14)
	FMLAE4S(6, 0, 1, 15)
	FMLAE4S(6, 0, 2, 16)
	VST1 [V14.S4, V15.S4, V16.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 17)
	FMLAE4S(6, 0, 1, 18)
	FMLAE4S(6, 0, 2, 19)
	VST1 [V17.S4, V18.S4, V19.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 20)
	FMLAE4S(6, 0, 1, 21)
	FMLAE4S(6, 0, 2, 22)
	VST1 [V20.S4, V21.S4, V22.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 23)
	FMLAE4S(6, 0, 1, 24)
	FMLAE4S(6, 0, 2, 25)
	VST1 [V23.S4, V24.S4, V25.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 26)
	FMLAE4S(6, 0, 1, 27)
	FMLAE4S(6, 0, 2, 28)
	VST1 [V26.S4, V27.S4, V28.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	FMLAE4S(6, 0, 0, 29)
	FMLAE4S(6, 0, 1, 30)
	FMLAE4S(6, 0, 2, 31)
	VST1 [V29.S4, V30.S4, V31.S4], (R2)
	RET

// func sgemvDot4(n int, a *float32, lda int, x *float32, d *float32)
//
// d[r] = sum_j a[r*lda+j]*x[j], r < 4, j < n; n is a multiple of 8.
// R1, R5, R6, R7 walk rows 0-3 of A, R3 walks x (in V0:V1), R0 counts
// down; row r accumulates in V(16+2r), V(17+2r).
TEXT ·sgemvDot4(SB), NOSPLIT, $0-40
	MOVD n+0(FP), R0
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R2
	MOVD x+24(FP), R3
	MOVD d+32(FP), R4
	LSL  $2, R2, R2
	ADD  R2, R1, R5
	ADD  R2, R5, R6
	ADD  R2, R6, R7
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16

dloop:
	VLD1.P 32(R3), [V0.S4, V1.S4]
	VLD1.P 32(R1), [V2.S4, V3.S4]
	VLD1.P 32(R5), [V4.S4, V5.S4]
	VLD1.P 32(R6), [V6.S4, V7.S4]
	VLD1.P 32(R7), [V8.S4, V9.S4]
	VFMLA V2.S4, V0.S4, V16.S4
	VFMLA V3.S4, V1.S4, V17.S4
	VFMLA V4.S4, V0.S4, V18.S4
	VFMLA V5.S4, V1.S4, V19.S4
	VFMLA V6.S4, V0.S4, V20.S4
	VFMLA V7.S4, V1.S4, V21.S4
	VFMLA V8.S4, V0.S4, V22.S4
	VFMLA V9.S4, V1.S4, V23.S4
	SUBS $8, R0, R0
	BNE  dloop

	// Fold each row to one sum; three pairwise adds leave the four row
	// sums side by side in V16.
	FADD4S(17, 16, 16)
	FADD4S(19, 18, 18)
	FADD4S(21, 20, 20)
	FADD4S(23, 22, 22)
	FADDP4S(18, 16, 16)
	FADDP4S(22, 20, 20)
	FADDP4S(20, 16, 16)
	VST1 [V16.S4], (R4)
	RET

// func sgemvAxpy4(n int, a *float32, lda int, coef *float32, y *float32)
//
// y[j] += sum_r coef[r]*a[r*lda+j], r < 4, j < n; n is a multiple of 8.
// R1, R5, R6, R7 walk rows 0-3 of A, R4 walks y (in V0:V1), R0 counts
// down; coef is in V4.
TEXT ·sgemvAxpy4(SB), NOSPLIT, $0-40
	MOVD n+0(FP), R0
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R2
	MOVD coef+24(FP), R3
	MOVD y+32(FP), R4
	LSL  $2, R2, R2
	ADD  R2, R1, R5
	ADD  R2, R5, R6
	ADD  R2, R6, R7
	VLD1 (R3), [V4.S4]

aloop:
	VLD1   (R4), [V0.S4, V1.S4]
	VLD1.P 32(R1), [V8.S4, V9.S4]
	VLD1.P 32(R5), [V10.S4, V11.S4]
	VLD1.P 32(R6), [V12.S4, V13.S4]
	VLD1.P 32(R7), [V14.S4, V15.S4]
	FMLAE4S(4, 0, 8, 0)
	FMLAE4S(4, 0, 9, 1)
	FMLAE4S(4, 1, 10, 0)
	FMLAE4S(4, 1, 11, 1)
	FMLAE4S(4, 2, 12, 0)
	FMLAE4S(4, 2, 13, 1)
	FMLAE4S(4, 3, 14, 0)
	FMLAE4S(4, 3, 15, 1)
	VST1.P [V0.S4, V1.S4], 32(R4)
	SUBS   $8, R0, R0
	BNE    aloop
	RET
