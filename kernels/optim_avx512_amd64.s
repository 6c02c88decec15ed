//go:build !purego

#include "textflag.h"
#include "avx512_amd64.h"

// The avx512 level's fused optimizer steps: the avx2 level's arithmetic
// per element (optim_amd64.s) on 16 lanes. Every load and store is
// masked by K1, all lanes for the full vectors and the last 1..15 lanes
// for the tail, so one loop body serves both.

// ZNEXT16 ends the loop at label done when AX has reached CX, and sets K1
// to the tail mask when fewer than 16 elements are left; either way it
// goes on at label full. BX, R8 scratch.
#define ZNEXT16 \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JLE  done; \
	CMPQ BX, $16; \
	JAE  full; \
	ZTAILMASK(BX, R8); \
full:

// func sgdAVX512Asm(w, grad, buf *float32, n int, lr, wd, mu, damp1 float32, mode int)
// DI = w, SI = g, DX = buf, CX = n, AX = index, R10 = mode; Z10 = lr,
// Z11 = wd, Z12 = mu, Z13 = damp1; Z0 = w, Z1 = d, Z2 = buf, Z3 = scratch;
// K2 buf's zero or subnormal lanes, stored as +0 as the other levels do.
TEXT ·sgdAVX512Asm(SB), NOSPLIT, $0-56
	MOVQ w+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ grad+8(FP), SI
	MOVQ buf+16(FP), DX
	VBROADCASTSS lr+32(FP), Z10
	VBROADCASTSS wd+36(FP), Z11
	VBROADCASTSS mu+40(FP), Z12
	VBROADCASTSS damp1+44(FP), Z13
	MOVQ mode+48(FP), R10
	KXNORW K0, K0, K1 // all 16 lanes
	XORQ AX, AX
loop:
	ZNEXT16
	VMOVUPS.Z   (DI)(AX*4), K1, Z0
	VMOVUPS.Z   (SI)(AX*4), K1, Z1
	VFMADD231PS Z11, Z0, Z1 // d = g + wd*w
	TESTQ $1, R10
	JZ    update            // no momentum
	TESTQ $2, R10
	JZ    decay
	VMOVAPS Z1, Z2          // first step: buf = d
	JMP     keep
decay:
	VMOVUPS.Z (DX)(AX*4), K1, Z3
	VMULPS    Z3, Z12, Z3 // mu*buf
	VMULPS    Z13, Z1, Z2 // damp1*d
	VADDPS    Z3, Z2, Z2  // buf = mu*buf + damp1*d
keep:
	VFPCLASSPSZ $0x26, Z2, K2 // K2: buf's zero and subnormal lanes, stored as +0
	VXORPS      Z2, Z2, K2, Z2
	VMOVUPS     Z2, K1, (DX)(AX*4)
	TESTQ   $4, R10
	JZ      heavyball
	VFMADD231PS Z12, Z2, Z1 // Nesterov: d += mu*buf
	JMP     update
heavyball:
	VMOVAPS Z2, Z1 // d = buf
update:
	VFNMADD231PS Z10, Z1, Z0 // w -= lr*d
	VMOVUPS      Z0, K1, (DI)(AX*4)
	ADDQ         $16, AX
	JMP          loop
done:
	VZEROUPPER
	RET

// func adamAVX512Asm(w, grad, m, v *float32, n int, b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay float32)
// DI = w, SI = g, DX = m, R11 = v, CX = n, AX = index; Z6 = b1,
// Z7 = 1-b1, Z8 = b2, Z9 = 1-b2, Z10 = eps, Z11 = l2, Z12 = stepSize,
// Z13 = invBC2, Z14 = decay; Z0 = w, Z1 = g', Z2 = m, Z3 = v, Z4, Z5 =
// scratch; K2 the zero or subnormal lanes of m or v, stored as +0 as the
// other levels store them (AdamStep).
TEXT ·adamAVX512Asm(SB), NOSPLIT, $0-76
	MOVQ w+0(FP), DI
	MOVQ n+32(FP), CX
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), DX
	MOVQ v+24(FP), R11
	VBROADCASTSS b1+40(FP), Z6
	VBROADCASTSS omb1+44(FP), Z7
	VBROADCASTSS b2+48(FP), Z8
	VBROADCASTSS omb2+52(FP), Z9
	VBROADCASTSS eps+56(FP), Z10
	VBROADCASTSS l2+60(FP), Z11
	VBROADCASTSS stepSize+64(FP), Z12
	VBROADCASTSS invBC2+68(FP), Z13
	VBROADCASTSS decay+72(FP), Z14
	KXNORW K0, K0, K1 // all 16 lanes
	XORQ AX, AX
loop:
	ZNEXT16
	VMOVUPS.Z    (DI)(AX*4), K1, Z0
	VMOVUPS.Z    (SI)(AX*4), K1, Z1
	VMOVUPS.Z    (DX)(AX*4), K1, Z2
	VMOVUPS.Z    (R11)(AX*4), K1, Z3
	VFMADD231PS  Z11, Z0, Z1 // g' = g + l2*w
	VMULPS       Z7, Z1, Z4  // (1-b1)*g'
	VMULPS       Z2, Z6, Z2  // b1*m
	VADDPS       Z4, Z2, Z2  // m
	VFPCLASSPSZ  $0x26, Z2, K2 // K2: m's zero and subnormal lanes, stored as +0
	VXORPS       Z2, Z2, K2, Z2
	VMOVUPS      Z2, K1, (DX)(AX*4)
	VMULPS       Z9, Z1, Z4  // (1-b2)*g'
	VMULPS       Z1, Z4, Z4  // (1-b2)*g'*g'
	VMULPS       Z3, Z8, Z3  // b2*v
	VADDPS       Z4, Z3, Z3  // v
	VFPCLASSPSZ  $0x26, Z3, K2 // K2: v's zero and subnormal lanes, stored as +0
	VXORPS       Z3, Z3, K2, Z3
	VMOVUPS      Z3, K1, (R11)(AX*4)
	VSQRTPS      Z3, Z5
	VFMADD213PS  Z10, Z13, Z5 // denom = sqrt(v)*invBC2 + eps
	VMULPS       Z12, Z2, Z4  // stepSize*m
	VDIVPS       Z5, Z4, Z4   // / denom
	VMULPS       Z14, Z0, Z0  // w*decay
	VSUBPS       Z4, Z0, Z0
	VMOVUPS      Z0, K1, (DI)(AX*4)
	ADDQ         $16, AX
	JMP          loop
done:
	VZEROUPPER
	RET
