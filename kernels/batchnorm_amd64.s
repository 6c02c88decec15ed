//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

// The avx2 level's batch normalisation kernels: float64 arithmetic on 4
// lanes, each vector converted from 4 float32 inputs (VCVTPS2PD), the
// last 1..3 elements of a sum and 1..7 of an elementwise pass read and
// written with masked moves (the mask in Y15, from TAILMASK). Register
// use: SI = x or dy, DX = y or xhat, DI and R9 = outputs, CX = n, AX =
// element index, BX = loop bound or remaining count, Y0..Y3 =
// accumulators or data, Y11..Y14 = broadcast scalars.

// DSRED(STEP, TAIL) is the loop of the float64 sums: STEP(off, acc, t,
// u) adds the 4 elements at byte offset off from element AX into the
// accumulator acc (Y0..Y3), with scratch t and u (Y4..Y7, Y8..Y11); TAIL
// adds the last 1..3 elements (X15 selecting them) into Y1. 16 elements
// an iteration, then 4, then the tail; the accumulators are added
// pairwise and the sum is left in X0.
#define DSRED(STEP, TAIL) \
	VXORPD Y0, Y0, Y0; \
	VXORPD Y1, Y1, Y1; \
	VXORPD Y2, Y2, Y2; \
	VXORPD Y3, Y3, Y3; \
	XORQ   AX, AX; \
	MOVQ   CX, BX; \
	ANDQ   $-16, BX; \
	JZ     d4; \
d16: \
	STEP(0, Y0, Y4, Y8); \
	STEP(16, Y1, Y5, Y9); \
	STEP(32, Y2, Y6, Y10); \
	STEP(48, Y3, Y7, Y11); \
	ADDQ $16, AX; \
	CMPQ AX, BX; \
	JB   d16; \
d4: \
	MOVQ CX, BX; \
	ANDQ $-4, BX; \
	CMPQ AX, BX; \
	JAE  dtail; \
d4loop: \
	STEP(0, Y0, Y4, Y8); \
	ADDQ $4, AX; \
	CMPQ AX, BX; \
	JB   d4loop; \
dtail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   ddone; \
	TAILMASK(BX, R8); \
	TAIL; \
ddone: \
	VADDPD       Y1, Y0, Y0; \
	VADDPD       Y3, Y2, Y2; \
	VADDPD       Y2, Y0, Y0; \
	VEXTRACTF128 $1, Y0, X1; \
	VADDPD       X1, X0, X0; \
	VUNPCKHPD    X0, X0, X1; \
	VADDSD       X1, X0, X0

// acc += x
#define DSUM(off, acc, t, u) \
	VCVTPS2PD off(SI)(AX*4), t; \
	VADDPD    t, acc, acc

// Y1 += x, the masked-off lanes loaded as 0.
#define DSUMTAIL \
	VMASKMOVPS (SI)(AX*4), X15, X4; \
	VCVTPS2PD  X4, Y4; \
	VADDPD     Y4, Y1, Y1

// func dssumAVX2Asm(x *float32, n int) float64
TEXT ·dssumAVX2Asm(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	DSRED(DSUM, DSUMTAIL)
	VMOVSD X0, ret+16(FP)
	VZEROUPPER
	RET

// acc += x·y, the product exact in float64.
#define DDOT(off, acc, t, u) \
	VCVTPS2PD   off(SI)(AX*4), t; \
	VCVTPS2PD   off(DX)(AX*4), u; \
	VFMADD231PD u, t, acc

// Y1 += x·y, the masked-off lanes 0·0.
#define DDOTTAIL \
	VMASKMOVPS  (SI)(AX*4), X15, X4; \
	VMASKMOVPS  (DX)(AX*4), X15, X8; \
	VCVTPS2PD   X4, Y4; \
	VCVTPS2PD   X8, Y8; \
	VFMADD231PD Y8, Y4, Y1

// func dsdotAVX2Asm(x, y *float32, n int) float64
TEXT ·dsdotAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ n+16(FP), CX
	DSRED(DDOT, DDOTTAIL)
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// acc += (x − Y14)²
#define DSQDEV(off, acc, t, u) \
	VCVTPS2PD   off(SI)(AX*4), t; \
	VSUBPD      Y14, t, t; \
	VFMADD231PD t, t, acc

// Y1 += (x − Y14)² in the lanes X15 selects, the others' deviations
// cleared with the mask widened to 64-bit lanes (a masked-off lane would
// add mu²).
#define DSQDEVTAIL \
	VMASKMOVPS  (SI)(AX*4), X15, X4; \
	VPMOVSXDQ   X15, Y8; \
	VCVTPS2PD   X4, Y4; \
	VSUBPD      Y14, Y4, Y4; \
	VANDPD      Y8, Y4, Y4; \
	VFMADD231PD Y4, Y4, Y1

// func dssqdevAVX2Asm(x *float32, n int, mu float64) float64
TEXT ·dssqdevAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI
	MOVQ         n+8(FP), CX
	VBROADCASTSD mu+16(FP), Y14 // Y14 = mu
	DSRED(DSQDEV, DSQDEVTAIL)
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// WIDEN8(ys, xs, xt, d0, d1) converts the 8 float32 lanes of ys (xs its
// low half) to float64 in d0 (low 4) and d1 (high 4), through xt.
#define WIDEN8(ys, xs, xt, d0, d1) \
	VEXTRACTF128 $1, ys, xt; \
	VCVTPS2PD    xs, d0; \
	VCVTPS2PD    xt, d1

// NARROW8 sets Y0 to the float32 roundings of the float64 lanes of Y0
// (low 4) and Y1 (high 4).
#define NARROW8 \
	VCVTPD2PSY  Y0, X0; \
	VCVTPD2PSY  Y1, X1; \
	VINSERTF128 $1, X1, Y0, Y0

// NORM8 sets Y0 to x̂ = float32((x − Y14)·Y13) of the 8 elements whose
// float32 values are in Y5.
#define NORM8 \
	WIDEN8(Y5, X5, X6, Y0, Y1); \
	VSUBPD Y14, Y0, Y0; \
	VSUBPD Y14, Y1, Y1; \
	VMULPD Y13, Y0, Y0; \
	VMULPD Y13, Y1, Y1; \
	NARROW8

// AFFINE sets Y2 = Y12·Y0 + Y11 in float32, product and sum each rounded
// (γ·x̂ + β).
#define AFFINE \
	VMULPS Y12, Y0, Y2; \
	VADDPS Y11, Y2, Y2

// func normalizeAVX2Asm(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)
TEXT ·normalizeAVX2Asm(SB), NOSPLIT, $0-56
	MOVQ         y+0(FP), DI    // DI = y, or nil
	MOVQ         xhat+8(FP), R9 // R9 = xhat
	MOVQ         x+16(FP), SI   // SI = x
	MOVQ         n+24(FP), CX
	VBROADCASTSD mean+32(FP), Y14  // Y14 = mean
	VBROADCASTSD scale+40(FP), Y13 // Y13 = scale
	VBROADCASTSS gamma+48(FP), Y12 // Y12 = gamma
	VBROADCASTSS beta+52(FP), Y11  // Y11 = beta
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-8, BX
	CMPQ         AX, BX
	JAE          ntail
	TESTQ        DI, DI
	JZ           n8plain

n8affine:
	VMOVUPS (SI)(AX*4), Y5
	NORM8
	VMOVUPS Y0, (R9)(AX*4)
	AFFINE
	VMOVUPS Y2, (DI)(AX*4)
	ADDQ    $8, AX
	CMPQ    AX, BX
	JB      n8affine
	JMP     ntail

n8plain:
	VMOVUPS (SI)(AX*4), Y5
	NORM8
	VMOVUPS Y0, (R9)(AX*4)
	ADDQ    $8, AX
	CMPQ    AX, BX
	JB      n8plain

ntail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   ndone
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y5
	NORM8
	VMASKMOVPS Y0, Y15, (R9)(AX*4)
	TESTQ      DI, DI
	JZ         ndone
	AFFINE
	VMASKMOVPS Y2, Y15, (DI)(AX*4)

ndone:
	VZEROUPPER
	RET

// DX8 sets Y0 to dx = float32(Y11·((Y14·dy − Y13) − x̂·Y12)) of the 8
// elements whose dy are in Y5 and x̂ in Y7.
#define DX8 \
	WIDEN8(Y5, X5, X6, Y0, Y1); \
	WIDEN8(Y7, X7, X8, Y2, Y3); \
	VMULPD Y14, Y0, Y0; \
	VMULPD Y14, Y1, Y1; \
	VSUBPD Y13, Y0, Y0; \
	VSUBPD Y13, Y1, Y1; \
	VMULPD Y12, Y2, Y2; \
	VMULPD Y12, Y3, Y3; \
	VSUBPD Y2, Y0, Y0; \
	VSUBPD Y3, Y1, Y1; \
	VMULPD Y11, Y0, Y0; \
	VMULPD Y11, Y1, Y1; \
	NARROW8

// func normalizeBackwardAVX2Asm(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)
TEXT ·normalizeBackwardAVX2Asm(SB), NOSPLIT, $0-64
	MOVQ         dx+0(FP), DI
	MOVQ         dy+8(FP), SI
	MOVQ         xhat+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSD m+32(FP), Y14         // Y14 = m
	VBROADCASTSD sumDy+40(FP), Y13     // Y13 = Σ dy
	VBROADCASTSD sumDyXhat+48(FP), Y12 // Y12 = Σ dy·x̂
	VBROADCASTSD scale+56(FP), Y11     // Y11 = scale
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-8, BX
	CMPQ         AX, BX
	JAE          btail

b8:
	VMOVUPS (SI)(AX*4), Y5
	VMOVUPS (DX)(AX*4), Y7
	DX8
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ    $8, AX
	CMPQ    AX, BX
	JB      b8

btail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   bdone
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y5
	VMASKMOVPS (DX)(AX*4), Y15, Y7
	DX8
	VMASKMOVPS Y0, Y15, (DI)(AX*4)

bdone:
	VZEROUPPER
	RET
