//go:build !purego

#include "textflag.h"
#include "avx512_amd64.h"

// The avx512 level's batch normalisation kernels: float64 arithmetic on
// 8 lanes, each vector converted from 8 float32 inputs (VCVTPS2PD), the
// last 1..15 elements (1..7 of a sum) read and written under the tail
// mask K1. Register use: SI = x or dy, DX = y or xhat, DI and R9 =
// outputs, CX = n, AX = element index, BX = loop bound or remaining
// count, Z0..Z3 = accumulators or data, Z11..Z14 = broadcast scalars.

// ZDSRED(STEP, TAIL) is the loop of the float64 sums: STEP(off, acc, t,
// u) adds the 8 elements at byte offset off from element AX into the
// accumulator acc (Z0..Z3), with scratch t and u (Z4..Z7, Z8..Z11); TAIL
// adds the last 1..7 elements (K1) into Z1. 32 elements an iteration,
// then 8, then the tail; the accumulators are added pairwise and the sum
// is left in X0.
#define ZDSRED(STEP, TAIL) \
	VPXORQ Z0, Z0, Z0; \
	VPXORQ Z1, Z1, Z1; \
	VPXORQ Z2, Z2, Z2; \
	VPXORQ Z3, Z3, Z3; \
	XORQ   AX, AX; \
	MOVQ   CX, BX; \
	ANDQ   $-32, BX; \
	JZ     d8; \
d32: \
	STEP(0, Z0, Z4, Z8); \
	STEP(32, Z1, Z5, Z9); \
	STEP(64, Z2, Z6, Z10); \
	STEP(96, Z3, Z7, Z11); \
	ADDQ $32, AX; \
	CMPQ AX, BX; \
	JB   d32; \
d8: \
	MOVQ CX, BX; \
	ANDQ $-8, BX; \
	CMPQ AX, BX; \
	JAE  dtail; \
d8loop: \
	STEP(0, Z0, Z4, Z8); \
	ADDQ $8, AX; \
	CMPQ AX, BX; \
	JB   d8loop; \
dtail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   ddone; \
	ZTAILMASK(BX, R8); \
	TAIL; \
ddone: \
	VADDPD        Z1, Z0, Z0; \
	VADDPD        Z3, Z2, Z2; \
	VADDPD        Z2, Z0, Z0; \
	VEXTRACTF64X4 $1, Z0, Y1; \
	VADDPD        Y1, Y0, Y0; \
	VEXTRACTF128  $1, Y0, X1; \
	VADDPD        X1, X0, X0; \
	VUNPCKHPD     X0, X0, X1; \
	VADDSD        X1, X0, X0

// acc += x
#define DSUM(off, acc, t, u) \
	VCVTPS2PD off(SI)(AX*4), t; \
	VADDPD    t, acc, acc

// Z1 += x, the masked-off lanes loaded as 0.
#define DSUMTAIL \
	VMOVUPS.Z (SI)(AX*4), K1, Y4; \
	VCVTPS2PD Y4, Z4; \
	VADDPD    Z4, Z1, Z1

// func dssumAVX512Asm(x *float32, n int) float64
TEXT ·dssumAVX512Asm(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	ZDSRED(DSUM, DSUMTAIL)
	VMOVSD X0, ret+16(FP)
	VZEROUPPER
	RET

// acc += x·y, the product exact in float64.
#define DDOT(off, acc, t, u) \
	VCVTPS2PD   off(SI)(AX*4), t; \
	VCVTPS2PD   off(DX)(AX*4), u; \
	VFMADD231PD u, t, acc

// Z1 += x·y, the masked-off lanes 0·0.
#define DDOTTAIL \
	VMOVUPS.Z   (SI)(AX*4), K1, Y4; \
	VMOVUPS.Z   (DX)(AX*4), K1, Y8; \
	VCVTPS2PD   Y4, Z4; \
	VCVTPS2PD   Y8, Z8; \
	VFMADD231PD Z8, Z4, Z1

// func dsdotAVX512Asm(x, y *float32, n int) float64
TEXT ·dsdotAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DX
	MOVQ n+16(FP), CX
	ZDSRED(DDOT, DDOTTAIL)
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// acc += (x − Z14)²
#define DSQDEV(off, acc, t, u) \
	VCVTPS2PD   off(SI)(AX*4), t; \
	VSUBPD      Z14, t, t; \
	VFMADD231PD t, t, acc

// Z1 += (x − Z14)² in the lanes of K1 only (a masked-off lane would add
// mu²).
#define DSQDEVTAIL \
	VMOVUPS.Z   (SI)(AX*4), K1, Y4; \
	VCVTPS2PD   Y4, Z4; \
	VSUBPD      Z14, Z4, Z4; \
	VFMADD231PD Z4, Z4, K1, Z1

// func dssqdevAVX512Asm(x *float32, n int, mu float64) float64
TEXT ·dssqdevAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI
	MOVQ         n+8(FP), CX
	VBROADCASTSD mu+16(FP), Z14 // Z14 = mu
	ZDSRED(DSQDEV, DSQDEVTAIL)
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// ZWIDEN16(zs, ys, yt, d0, d1) converts the 16 float32 lanes of zs (ys
// its low half) to float64 in d0 (low 8) and d1 (high 8), through yt.
#define ZWIDEN16(zs, ys, yt, d0, d1) \
	VEXTRACTF32X8 $1, zs, yt; \
	VCVTPS2PD     ys, d0; \
	VCVTPS2PD     yt, d1

// ZNARROW16 sets Z0 to the float32 roundings of the float64 lanes of Z0
// (low 8) and Z1 (high 8).
#define ZNARROW16 \
	VCVTPD2PS    Z0, Y0; \
	VCVTPD2PS    Z1, Y1; \
	VINSERTF32X8 $1, Y1, Z0, Z0

// ZNORM16 sets Z0 to x̂ = float32((x − Z14)·Z13) of the 16 elements whose
// float32 values are in Z5.
#define ZNORM16 \
	ZWIDEN16(Z5, Y5, Y6, Z0, Z1); \
	VSUBPD Z14, Z0, Z0; \
	VSUBPD Z14, Z1, Z1; \
	VMULPD Z13, Z0, Z0; \
	VMULPD Z13, Z1, Z1; \
	ZNARROW16

// ZAFFINE sets Z2 = Z12·Z0 + Z11 in float32, product and sum each
// rounded (γ·x̂ + β).
#define ZAFFINE \
	VMULPS Z12, Z0, Z2; \
	VADDPS Z11, Z2, Z2

// func normalizeAVX512Asm(y, xhat, x *float32, n int, mean, scale float64, gamma, beta float32)
TEXT ·normalizeAVX512Asm(SB), NOSPLIT, $0-56
	MOVQ         y+0(FP), DI    // DI = y, or nil
	MOVQ         xhat+8(FP), R9 // R9 = xhat
	MOVQ         x+16(FP), SI   // SI = x
	MOVQ         n+24(FP), CX
	VBROADCASTSD mean+32(FP), Z14  // Z14 = mean
	VBROADCASTSD scale+40(FP), Z13 // Z13 = scale
	VBROADCASTSS gamma+48(FP), Z12 // Z12 = gamma
	VBROADCASTSS beta+52(FP), Z11  // Z11 = beta
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-16, BX
	CMPQ         AX, BX
	JAE          ntail
	TESTQ        DI, DI
	JZ           n16plain

n16affine:
	VMOVUPS (SI)(AX*4), Z5
	ZNORM16
	VMOVUPS Z0, (R9)(AX*4)
	ZAFFINE
	VMOVUPS Z2, (DI)(AX*4)
	ADDQ    $16, AX
	CMPQ    AX, BX
	JB      n16affine
	JMP     ntail

n16plain:
	VMOVUPS (SI)(AX*4), Z5
	ZNORM16
	VMOVUPS Z0, (R9)(AX*4)
	ADDQ    $16, AX
	CMPQ    AX, BX
	JB      n16plain

ntail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   ndone
	ZTAILMASK(BX, R8)
	VMOVUPS.Z (SI)(AX*4), K1, Z5
	ZNORM16
	VMOVUPS   Z0, K1, (R9)(AX*4)
	TESTQ     DI, DI
	JZ        ndone
	ZAFFINE
	VMOVUPS   Z2, K1, (DI)(AX*4)

ndone:
	VZEROUPPER
	RET

// ZDX16 sets Z0 to dx = float32(Z11·((Z14·dy − Z13) − x̂·Z12)) of the 16
// elements whose dy are in Z5 and x̂ in Z7.
#define ZDX16 \
	ZWIDEN16(Z5, Y5, Y6, Z0, Z1); \
	ZWIDEN16(Z7, Y7, Y8, Z2, Z3); \
	VMULPD Z14, Z0, Z0; \
	VMULPD Z14, Z1, Z1; \
	VSUBPD Z13, Z0, Z0; \
	VSUBPD Z13, Z1, Z1; \
	VMULPD Z12, Z2, Z2; \
	VMULPD Z12, Z3, Z3; \
	VSUBPD Z2, Z0, Z0; \
	VSUBPD Z3, Z1, Z1; \
	VMULPD Z11, Z0, Z0; \
	VMULPD Z11, Z1, Z1; \
	ZNARROW16

// func normalizeBackwardAVX512Asm(dx, dy, xhat *float32, n int, m, sumDy, sumDyXhat, scale float64)
TEXT ·normalizeBackwardAVX512Asm(SB), NOSPLIT, $0-64
	MOVQ         dx+0(FP), DI
	MOVQ         dy+8(FP), SI
	MOVQ         xhat+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSD m+32(FP), Z14         // Z14 = m
	VBROADCASTSD sumDy+40(FP), Z13     // Z13 = Σ dy
	VBROADCASTSD sumDyXhat+48(FP), Z12 // Z12 = Σ dy·x̂
	VBROADCASTSD scale+56(FP), Z11     // Z11 = scale
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-16, BX
	CMPQ         AX, BX
	JAE          btail

b16:
	VMOVUPS (SI)(AX*4), Z5
	VMOVUPS (DX)(AX*4), Z7
	ZDX16
	VMOVUPS Z0, (DI)(AX*4)
	ADDQ    $16, AX
	CMPQ    AX, BX
	JB      b16

btail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   bdone
	ZTAILMASK(BX, R8)
	VMOVUPS.Z (SI)(AX*4), K1, Z5
	VMOVUPS.Z (DX)(AX*4), K1, Z7
	ZDX16
	VMOVUPS   Z0, K1, (DI)(AX*4)

bdone:
	VZEROUPPER
	RET
