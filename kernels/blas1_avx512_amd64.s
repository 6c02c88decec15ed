//go:build !purego

#include "textflag.h"
#include "avx512_amd64.h"

// The avx512 level's BLAS level 1 kernels. Register use: SI = x, DX = y,
// CX = n, AX = element index i, BX = loop bound or remaining count,
// K1 = tail mask, Z14 = broadcast scalar, Z0..Z3 = data or accumulators.
// The saxpy and sscal arithmetic per element is the avx2 level's; the
// reductions keep 64 partial sums (four 16-lane accumulators).

// y += a*x, with y in r and x a memory operand (Z1 in the tail).
#define ZSAXPY(x, r, t, s) VFMADD231PS x, Z14, r

// func saxpyAVX512Asm(a float32, x, y *float32, n int)
TEXT ·saxpyAVX512Asm(SB), NOSPLIT, $0-32
	VBROADCASTSS a+0(FP), Z14 // Z14 = a
	MOVQ x+8(FP), DX
	MOVQ n+24(FP), CX
	MOVQ y+16(FP), SI
	MOVQ SI, DI               // y is both input and output
	ZMAP3(ZSAXPY, ZSTU)
	RET

// r = Z14 (a) * x
#define ZSCAL(x, r, t) VMULPS x, Z14, r

// func sscalAVX512Asm(a float32, x *float32, n int)
TEXT ·sscalAVX512Asm(SB), NOSPLIT, $0-24
	VBROADCASTSS a+0(FP), Z14 // Z14 = a
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ SI, DI
	ZMAP2(ZSCAL, ZSTU)
	RET

// ZREDUCE is the body of the one-operand reductions: LOADOP(dst, src)
// turns memory operand src into vector dst (plain load, or |x|), and the
// vectors are added into the four accumulators Z0..Z3. Masked-off tail
// lanes load as 0 and add nothing. The sum is left in X0.
#define ZREDUCE(LOADOP) \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3; \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	ANDQ $-64, BX; \
	JZ   r16; \
r64: \
	LOADOP(Z4, (SI)(AX*4)); \
	LOADOP(Z5, 64(SI)(AX*4)); \
	LOADOP(Z6, 128(SI)(AX*4)); \
	LOADOP(Z7, 192(SI)(AX*4)); \
	VADDPS Z4, Z0, Z0; \
	VADDPS Z5, Z1, Z1; \
	VADDPS Z6, Z2, Z2; \
	VADDPS Z7, Z3, Z3; \
	ADDQ $64, AX; \
	CMPQ AX, BX; \
	JB   r64; \
r16: \
	MOVQ CX, BX; \
	ANDQ $-16, BX; \
	CMPQ AX, BX; \
	JAE  rtail; \
r16loop: \
	LOADOP(Z4, (SI)(AX*4)); \
	VADDPS Z4, Z0, Z0; \
	ADDQ $16, AX; \
	CMPQ AX, BX; \
	JB   r16loop; \
rtail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   rdone; \
	ZTAILMASK(BX, R8); \
	VMOVUPS.Z (SI)(AX*4), K1, Z5; \
	LOADOP(Z4, Z5); \
	VADDPS Z4, Z1, Z1; \
rdone: \
	ZHSUM4

// ZHSUM4 adds the accumulators Z0..Z3 pairwise and then the 16 lanes of
// Z0 pairwise, leaving the sum in X0.
#define ZHSUM4 \
	VADDPS Z1, Z0, Z0; \
	VADDPS Z3, Z2, Z2; \
	VADDPS Z2, Z0, Z0; \
	ZHSUM(Z0, Y0, X0)

#define ZPLAIN(dst, src) VMOVUPS src, dst
#define ZABS(dst, src) VPANDD src, Z14, dst

// func sumAVX512Asm(x *float32, n int) float32
TEXT ·sumAVX512Asm(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	ZREDUCE(ZPLAIN)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func sasumAVX512Asm(x *float32, n int) float32
TEXT ·sasumAVX512Asm(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	MOVL $0x7fffffff, R9
	VPBROADCASTD R9, Z14 // Z14 = sign-clearing mask
	ZREDUCE(ZABS)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func sdotAVX512Asm(x, y *float32, n int) float32
TEXT ·sdotAVX512Asm(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ n+16(FP), CX
	MOVQ y+8(FP), DX
	VPXORD Z0, Z0, Z0 // Z0..Z3: accumulators
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-64, BX
	JZ   v16
v64:
	VMOVUPS (SI)(AX*4), Z4
	VMOVUPS 64(SI)(AX*4), Z5
	VMOVUPS 128(SI)(AX*4), Z6
	VMOVUPS 192(SI)(AX*4), Z7
	VFMADD231PS (DX)(AX*4), Z4, Z0 // acc += x*y
	VFMADD231PS 64(DX)(AX*4), Z5, Z1
	VFMADD231PS 128(DX)(AX*4), Z6, Z2
	VFMADD231PS 192(DX)(AX*4), Z7, Z3
	ADDQ $64, AX
	CMPQ AX, BX
	JB   v64
v16:
	MOVQ CX, BX
	ANDQ $-16, BX
	CMPQ AX, BX
	JAE  tail
v16loop:
	VMOVUPS     (SI)(AX*4), Z4
	VFMADD231PS (DX)(AX*4), Z4, Z0
	ADDQ        $16, AX
	CMPQ        AX, BX
	JB          v16loop
tail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   done
	ZTAILMASK(BX, R8)
	VMOVUPS.Z   (SI)(AX*4), K1, Z4
	VMOVUPS.Z   (DX)(AX*4), K1, Z5
	VFMADD231PS Z5, Z4, Z1
done:
	ZHSUM4
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET
