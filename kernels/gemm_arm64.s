//go:build !purego

#include "textflag.h"

// NEON SGEMM micro-kernel and Sgemv kernels. Go's assembler lacks the
// by-element FMLA, vector FMUL/FADD and pairwise FADDP forms, so those are
// encoded with WORD; each carries its instruction as a comment.

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
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	SUBS $1, R3, R3
	BNE  loop

	// Scale by alpha.
	FMOVS alpha+40(FP), F5
	VDUP  V5.S[0], V5.S4
	WORD $0x6e25dd08 // fmul v8.4s, v8.4s, v5.4s
	WORD $0x6e25dd29 // fmul v9.4s, v9.4s, v5.4s
	WORD $0x6e25dd4a // fmul v10.4s, v10.4s, v5.4s
	WORD $0x6e25dd6b // fmul v11.4s, v11.4s, v5.4s
	WORD $0x6e25dd8c // fmul v12.4s, v12.4s, v5.4s
	WORD $0x6e25ddad // fmul v13.4s, v13.4s, v5.4s
	WORD $0x6e25ddce // fmul v14.4s, v14.4s, v5.4s
	WORD $0x6e25ddef // fmul v15.4s, v15.4s, v5.4s
	WORD $0x6e25de10 // fmul v16.4s, v16.4s, v5.4s
	WORD $0x6e25de31 // fmul v17.4s, v17.4s, v5.4s
	WORD $0x6e25de52 // fmul v18.4s, v18.4s, v5.4s
	WORD $0x6e25de73 // fmul v19.4s, v19.4s, v5.4s
	WORD $0x6e25de94 // fmul v20.4s, v20.4s, v5.4s
	WORD $0x6e25deb5 // fmul v21.4s, v21.4s, v5.4s
	WORD $0x6e25ded6 // fmul v22.4s, v22.4s, v5.4s
	WORD $0x6e25def7 // fmul v23.4s, v23.4s, v5.4s
	WORD $0x6e25df18 // fmul v24.4s, v24.4s, v5.4s
	WORD $0x6e25df39 // fmul v25.4s, v25.4s, v5.4s
	WORD $0x6e25df5a // fmul v26.4s, v26.4s, v5.4s
	WORD $0x6e25df7b // fmul v27.4s, v27.4s, v5.4s
	WORD $0x6e25df9c // fmul v28.4s, v28.4s, v5.4s
	WORD $0x6e25dfbd // fmul v29.4s, v29.4s, v5.4s
	WORD $0x6e25dfde // fmul v30.4s, v30.4s, v5.4s
	WORD $0x6e25dfff // fmul v31.4s, v31.4s, v5.4s

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
	WORD $0x4f861008 // fmla v8.4s, v0.4s, v6.s[0]
	WORD $0x4f861029 // fmla v9.4s, v1.4s, v6.s[0]
	WORD $0x4f86104a // fmla v10.4s, v2.4s, v6.s[0]
	VST1 [V8.S4, V9.S4, V10.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	WORD $0x4f86100b // fmla v11.4s, v0.4s, v6.s[0]
	WORD $0x4f86102c // fmla v12.4s, v1.4s, v6.s[0]
	WORD $0x4f86104d // fmla v13.4s, v2.4s, v6.s[0]
	VST1 [V11.S4, V12.S4, V13.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	WORD $0x4f86100e // fmla v14.4s, v0.4s, v6.s[0]
	WORD $0x4f86102f // fmla v15.4s, v1.4s, v6.s[0]
	WORD $0x4f861050 // fmla v16.4s, v2.4s, v6.s[0]
	VST1 [V14.S4, V15.S4, V16.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	WORD $0x4f861011 // fmla v17.4s, v0.4s, v6.s[0]
	WORD $0x4f861032 // fmla v18.4s, v1.4s, v6.s[0]
	WORD $0x4f861053 // fmla v19.4s, v2.4s, v6.s[0]
	VST1 [V17.S4, V18.S4, V19.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	WORD $0x4f861014 // fmla v20.4s, v0.4s, v6.s[0]
	WORD $0x4f861035 // fmla v21.4s, v1.4s, v6.s[0]
	WORD $0x4f861056 // fmla v22.4s, v2.4s, v6.s[0]
	VST1 [V20.S4, V21.S4, V22.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	WORD $0x4f861017 // fmla v23.4s, v0.4s, v6.s[0]
	WORD $0x4f861038 // fmla v24.4s, v1.4s, v6.s[0]
	WORD $0x4f861059 // fmla v25.4s, v2.4s, v6.s[0]
	VST1 [V23.S4, V24.S4, V25.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	WORD $0x4f86101a // fmla v26.4s, v0.4s, v6.s[0]
	WORD $0x4f86103b // fmla v27.4s, v1.4s, v6.s[0]
	WORD $0x4f86105c // fmla v28.4s, v2.4s, v6.s[0]
	VST1 [V26.S4, V27.S4, V28.S4], (R2)
	ADD  R4, R2, R2
	VLD1 (R2), [V0.S4, V1.S4, V2.S4]
	WORD $0x4f86101d // fmla v29.4s, v0.4s, v6.s[0]
	WORD $0x4f86103e // fmla v30.4s, v1.4s, v6.s[0]
	WORD $0x4f86105f // fmla v31.4s, v2.4s, v6.s[0]
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
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x4e33d652 // fadd v18.4s, v18.4s, v19.4s
	WORD $0x4e35d694 // fadd v20.4s, v20.4s, v21.4s
	WORD $0x4e37d6d6 // fadd v22.4s, v22.4s, v23.4s
	WORD $0x6e32d610 // faddp v16.4s, v16.4s, v18.4s
	WORD $0x6e36d694 // faddp v20.4s, v20.4s, v22.4s
	WORD $0x6e34d610 // faddp v16.4s, v16.4s, v20.4s
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
	WORD $0x4f841100 // fmla v0.4s, v8.4s, v4.s[0]
	WORD $0x4f841121 // fmla v1.4s, v9.4s, v4.s[0]
	WORD $0x4fa41140 // fmla v0.4s, v10.4s, v4.s[1]
	WORD $0x4fa41161 // fmla v1.4s, v11.4s, v4.s[1]
	WORD $0x4f841980 // fmla v0.4s, v12.4s, v4.s[2]
	WORD $0x4f8419a1 // fmla v1.4s, v13.4s, v4.s[2]
	WORD $0x4fa419c0 // fmla v0.4s, v14.4s, v4.s[3]
	WORD $0x4fa419e1 // fmla v1.4s, v15.4s, v4.s[3]
	VST1.P [V0.S4, V1.S4], 32(R4)
	SUBS   $8, R0, R0
	BNE    aloop
	RET
