//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// The NEON level's batch normalisation kernels: float64 arithmetic on 2
// lanes, each 4 float32 inputs widened to two vectors (FCVTL, FCVTL2),
// the last 1..3 elements one at a time in scalar float64, so no load or
// store goes past the n-th element. Register use: R0 = x or dy, R2 = y
// or xhat, R3 = outputs, R1 = elements left, V16..V19 = vector
// accumulators, F24 = scalar accumulator (V24's low lane), V20..V23 =
// broadcast scalars, V0..V7 = data.

// DSRED(LOAD8, STEP8, LOAD4, STEP4, STEP1) is the loop of the float64
// sums: 8 elements an iteration (LOAD8 then STEP8 into V16..V19), then 4
// (LOAD4 then STEP4 into V16, V17), then one at a time (STEP1 into F24);
// the accumulators are added pairwise and the sum is left in F16.
#define DSRED(LOAD8, STEP8, LOAD4, STEP4, STEP1) \
	VEOR V16.B16, V16.B16, V16.B16; \
	VEOR V17.B16, V17.B16, V17.B16; \
	VEOR V18.B16, V18.B16, V18.B16; \
	VEOR V19.B16, V19.B16, V19.B16; \
	VEOR V24.B16, V24.B16, V24.B16; \
loop8: \
	CMP $8, R1; \
	BLT loop4; \
	LOAD8; \
	STEP8; \
	SUB $8, R1; \
	B   loop8; \
loop4: \
	CMP $4, R1; \
	BLT tail; \
	LOAD4; \
	STEP4; \
	SUB $4, R1; \
tail: \
	CBZ R1, done; \
	STEP1; \
	SUB $1, R1; \
	B   tail; \
done: \
	FADD2D(17, 16, 16); \
	FADD2D(19, 18, 18); \
	FADD2D(18, 16, 16); \
	FADDP2D(16, 16); \
	FADDD F24, F16, F16

// Loads of x (V0, V1) and of y (V4, V5), widened to float64: V0 → V2,
// V3; V1 → V6, V7 (x) and V4 → V8, V9; V5 → V10, V11 (y).
#define LOADX8 \
	VLD1.P 32(R0), [V0.S4, V1.S4]; \
	FCVTL2D(0, 2); \
	FCVTL22D(0, 3); \
	FCVTL2D(1, 6); \
	FCVTL22D(1, 7)
#define LOADX4 \
	VLD1.P 16(R0), [V0.S4]; \
	FCVTL2D(0, 2); \
	FCVTL22D(0, 3)
#define LOADY8 \
	VLD1.P 32(R2), [V4.S4, V5.S4]; \
	FCVTL2D(4, 8); \
	FCVTL22D(4, 9); \
	FCVTL2D(5, 10); \
	FCVTL22D(5, 11)
#define LOADY4 \
	VLD1.P 16(R2), [V4.S4]; \
	FCVTL2D(4, 8); \
	FCVTL22D(4, 9)

// Σ x
#define SUM8 \
	FADD2D(2, 16, 16); \
	FADD2D(3, 17, 17); \
	FADD2D(6, 18, 18); \
	FADD2D(7, 19, 19)
#define SUM4 \
	FADD2D(2, 16, 16); \
	FADD2D(3, 17, 17)
#define SUM1 \
	FMOVS.P 4(R0), F0; \
	FCVTSD  F0, F0; \
	FADDD   F0, F24, F24

// func dssumNEONAsm(x *float32, n int) float64
TEXT ·dssumNEONAsm(SB), NOSPLIT, $0-24
	MOVD x+0(FP), R0
	MOVD n+8(FP), R1
	DSRED(LOADX8, SUM8, LOADX4, SUM4, SUM1)
	FMOVD F16, ret+16(FP)
	RET

// Σ x·y, each product exact in float64.
#define DOT8 \
	LOADY8; \
	FMLA2D(8, 2, 16); \
	FMLA2D(9, 3, 17); \
	FMLA2D(10, 6, 18); \
	FMLA2D(11, 7, 19)
#define DOT4 \
	LOADY4; \
	FMLA2D(8, 2, 16); \
	FMLA2D(9, 3, 17)
#define DOT1 \
	FMOVS.P 4(R0), F0; \
	FMOVS.P 4(R2), F1; \
	FCVTSD  F0, F0; \
	FCVTSD  F1, F1; \
	FMADDD  F1, F24, F0, F24

// func dsdotNEONAsm(x, y *float32, n int) float64
TEXT ·dsdotNEONAsm(SB), NOSPLIT, $0-32
	MOVD x+0(FP), R0
	MOVD y+8(FP), R2
	MOVD n+16(FP), R1
	DSRED(LOADX8, DOT8, LOADX4, DOT4, DOT1)
	FMOVD F16, ret+24(FP)
	RET

// Σ (x − V20)²
#define SQDEV8 \
	FSUB2D(20, 2, 2); \
	FSUB2D(20, 3, 3); \
	FSUB2D(20, 6, 6); \
	FSUB2D(20, 7, 7); \
	FMLA2D(2, 2, 16); \
	FMLA2D(3, 3, 17); \
	FMLA2D(6, 6, 18); \
	FMLA2D(7, 7, 19)
#define SQDEV4 \
	FSUB2D(20, 2, 2); \
	FSUB2D(20, 3, 3); \
	FMLA2D(2, 2, 16); \
	FMLA2D(3, 3, 17)
#define SQDEV1 \
	FMOVS.P 4(R0), F0; \
	FCVTSD  F0, F0; \
	FSUBD   F20, F0, F0; \
	FMADDD  F0, F24, F0, F24

// func dssqdevNEONAsm(x *float32, n int, mu float64) float64
TEXT ·dssqdevNEONAsm(SB), NOSPLIT, $0-32
	MOVD  x+0(FP), R0
	MOVD  n+8(FP), R1
	FMOVD mu+16(FP), F20
	VDUP  V20.D[0], V20.D2 // V20: mu
	DSRED(LOADX8, SQDEV8, LOADX4, SQDEV4, SQDEV1)
	FMOVD F16, ret+24(FP)
	RET

// func normalizeNEONAsm(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)
TEXT ·normalizeNEONAsm(SB), NOSPLIT, $0-56
	MOVD  y+0(FP), R3    // R3: y, or nil
	MOVD  xhat+8(FP), R2 // R2: xhat
	MOVD  x+16(FP), R0   // R0: x
	MOVD  n+24(FP), R1
	FMOVD mean+32(FP), F20
	VDUP  V20.D[0], V20.D2 // V20: mean
	FMOVD scale+40(FP), F21
	VDUP  V21.D[0], V21.D2 // V21: scale
	FMOVS gamma+48(FP), F22
	VDUP  V22.S[0], V22.S4 // V22: gamma
	FMOVS beta+52(FP), F23
	VDUP  V23.S[0], V23.S4 // V23: beta

nloop4:
	CMP    $4, R1
	BLT    ntail
	VLD1.P 16(R0), [V0.S4]
	FCVTL2D(0, 1)
	FCVTL22D(0, 2)
	FSUB2D(20, 1, 1)
	FSUB2D(20, 2, 2)
	FMUL2D(21, 1, 1)
	FMUL2D(21, 2, 2)
	FCVTN2S(1, 3)
	FCVTN24S(2, 3)         // V3: x̂
	VST1.P [V3.S4], 16(R2)
	SUB    $4, R1
	CBZ    R3, nloop4
	FMUL4S(22, 3, 4)
	FADD4S(23, 4, 4)       // V4: γ·x̂ + β
	VST1.P [V4.S4], 16(R3)
	B      nloop4

ntail:
	CBZ     R1, ndone
	FMOVS.P 4(R0), F0
	FCVTSD  F0, F0
	FSUBD   F20, F0, F0
	FMULD   F21, F0, F0
	FCVTDS  F0, F0
	FMOVS.P F0, 4(R2)
	SUB     $1, R1
	CBZ     R3, ntail
	FMULS   F22, F0, F1
	FADDS   F23, F1, F1
	FMOVS.P F1, 4(R3)
	B       ntail

ndone:
	RET

// func normalizeBackwardNEONAsm(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)
TEXT ·normalizeBackwardNEONAsm(SB), NOSPLIT, $0-64
	MOVD  dx+0(FP), R3
	MOVD  dy+8(FP), R0
	MOVD  xhat+16(FP), R2
	MOVD  n+24(FP), R1
	FMOVD m+32(FP), F20
	VDUP  V20.D[0], V20.D2 // V20: m
	FMOVD sumDy+40(FP), F21
	VDUP  V21.D[0], V21.D2 // V21: Σ dy
	FMOVD sumDyXhat+48(FP), F22
	VDUP  V22.D[0], V22.D2 // V22: Σ dy·x̂
	FMOVD scale+56(FP), F23
	VDUP  V23.D[0], V23.D2 // V23: scale

bloop4:
	CMP    $4, R1
	BLT    btail
	VLD1.P 16(R0), [V0.S4]
	VLD1.P 16(R2), [V5.S4]
	FCVTL2D(0, 1)
	FCVTL22D(0, 2)
	FCVTL2D(5, 6)
	FCVTL22D(5, 7)
	FMUL2D(20, 1, 1)
	FMUL2D(20, 2, 2)
	FSUB2D(21, 1, 1)
	FSUB2D(21, 2, 2)
	FMUL2D(22, 6, 6)
	FMUL2D(22, 7, 7)
	FSUB2D(6, 1, 1)
	FSUB2D(7, 2, 2)
	FMUL2D(23, 1, 1)
	FMUL2D(23, 2, 2)
	FCVTN2S(1, 3)
	FCVTN24S(2, 3)
	VST1.P [V3.S4], 16(R3)
	SUB    $4, R1
	B      bloop4

btail:
	CBZ     R1, bdone
	FMOVS.P 4(R0), F0
	FMOVS.P 4(R2), F5
	FCVTSD  F0, F0
	FCVTSD  F5, F5
	FMULD   F20, F0, F0
	FSUBD   F21, F0, F0
	FMULD   F22, F5, F5
	FSUBD   F5, F0, F0
	FMULD   F23, F0, F0
	FCVTDS  F0, F0
	FMOVS.P F0, 4(R3)
	SUB     $1, R1
	B       btail

bdone:
	RET
