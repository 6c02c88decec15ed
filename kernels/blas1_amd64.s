//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

// Common register use: SI = x, DX = y, CX = n, AX = element index i,
// BX = loop bound or remaining count, Y15 = tail mask, Y14 = broadcast
// scalar, Y0..Y3 = data or accumulators.

// func saxpyAVX2Asm(a float32, x, y *float32, n int)
TEXT ·saxpyAVX2Asm(SB), NOSPLIT, $0-32
	VBROADCASTSS a+0(FP), Y14 // Y14 = a
	MOVQ x+8(FP), SI
	MOVQ n+24(FP), CX
	MOVQ y+16(FP), DX
	LOOP_HEAD
	JZ   v8
v32:
	VMOVUPS (DX)(AX*4), Y0
	VMOVUPS 32(DX)(AX*4), Y1
	VMOVUPS 64(DX)(AX*4), Y2
	VMOVUPS 96(DX)(AX*4), Y3
	VFMADD231PS (SI)(AX*4), Y14, Y0   // y += a*x
	VFMADD231PS 32(SI)(AX*4), Y14, Y1
	VFMADD231PS 64(SI)(AX*4), Y14, Y2
	VFMADD231PS 96(SI)(AX*4), Y14, Y3
	VMOVUPS Y0, (DX)(AX*4)
	VMOVUPS Y1, 32(DX)(AX*4)
	VMOVUPS Y2, 64(DX)(AX*4)
	VMOVUPS Y3, 96(DX)(AX*4)
	ADDQ $32, AX
	CMPQ AX, BX
	JB   v32
v8:
	CMPQ AX, CX
	JAE  done
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JAE  tail
v8loop:
	VMOVUPS (DX)(AX*4), Y0
	VFMADD231PS (SI)(AX*4), Y14, Y0
	VMOVUPS Y0, (DX)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JB   v8loop
tail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   done
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y1
	VMASKMOVPS (DX)(AX*4), Y15, Y0
	VFMADD231PS Y1, Y14, Y0
	VMASKMOVPS Y0, Y15, (DX)(AX*4)
done:
	VZEROUPPER
	RET

// func sscalAVX2Asm(a float32, x *float32, n int)
TEXT ·sscalAVX2Asm(SB), NOSPLIT, $0-24
	VBROADCASTSS a+0(FP), Y14 // Y14 = a
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	LOOP_HEAD
	JZ   v8
v32:
	VMULPS (SI)(AX*4), Y14, Y0
	VMULPS 32(SI)(AX*4), Y14, Y1
	VMULPS 64(SI)(AX*4), Y14, Y2
	VMULPS 96(SI)(AX*4), Y14, Y3
	VMOVUPS Y0, (SI)(AX*4)
	VMOVUPS Y1, 32(SI)(AX*4)
	VMOVUPS Y2, 64(SI)(AX*4)
	VMOVUPS Y3, 96(SI)(AX*4)
	ADDQ $32, AX
	CMPQ AX, BX
	JB   v32
v8:
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JAE  tail
v8loop:
	VMULPS (SI)(AX*4), Y14, Y0
	VMOVUPS Y0, (SI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JB   v8loop
tail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   done
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y0
	VMULPS Y0, Y14, Y0
	VMASKMOVPS Y0, Y15, (SI)(AX*4)
done:
	VZEROUPPER
	RET

// REDUCE is the body of the one-operand reductions: LOADOP(dst, src)
// turns memory operand src into vector dst (plain load, or |x|), and the
// vectors are added into the four accumulators Y0..Y3. Masked-off tail
// lanes load as 0 and add nothing.
#define REDUCE(LOADOP) \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3; \
	LOOP_HEAD; \
	JZ   r8; \
r32: \
	LOADOP(Y4, (SI)(AX*4)); \
	LOADOP(Y5, 32(SI)(AX*4)); \
	LOADOP(Y6, 64(SI)(AX*4)); \
	LOADOP(Y7, 96(SI)(AX*4)); \
	VADDPS Y4, Y0, Y0; \
	VADDPS Y5, Y1, Y1; \
	VADDPS Y6, Y2, Y2; \
	VADDPS Y7, Y3, Y3; \
	ADDQ $32, AX; \
	CMPQ AX, BX; \
	JB   r32; \
r8: \
	MOVQ CX, BX; \
	ANDQ $-8, BX; \
	CMPQ AX, BX; \
	JAE  rtail; \
r8loop: \
	LOADOP(Y4, (SI)(AX*4)); \
	VADDPS Y4, Y0, Y0; \
	ADDQ $8, AX; \
	CMPQ AX, BX; \
	JB   r8loop; \
rtail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   rdone; \
	TAILMASK(BX, R8); \
	VMASKMOVPS (SI)(AX*4), Y15, Y5; \
	LOADOP(Y4, Y5); \
	VADDPS Y4, Y1, Y1; \
rdone: \
	HSUM4

#define PLAIN(dst, src) VMOVUPS src, dst
#define ABS(dst, src) VANDPS src, Y14, dst

// func sumAVX2Asm(x *float32, n int) float32
TEXT ·sumAVX2Asm(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	REDUCE(PLAIN)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func sasumAVX2Asm(x *float32, n int) float32
TEXT ·sasumAVX2Asm(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	MOVL $0x7fffffff, R9
	MOVD R9, X14
	VPBROADCASTD X14, Y14 // Y14 = sign-clearing mask
	REDUCE(ABS)
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func sdotAVX2Asm(x, y *float32, n int) float32
TEXT ·sdotAVX2Asm(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ n+16(FP), CX
	MOVQ y+8(FP), DX
	VXORPS Y0, Y0, Y0 // Y0..Y3: accumulators
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	LOOP_HEAD
	JZ   v8
v32:
	VMOVUPS (SI)(AX*4), Y4
	VMOVUPS 32(SI)(AX*4), Y5
	VMOVUPS 64(SI)(AX*4), Y6
	VMOVUPS 96(SI)(AX*4), Y7
	VFMADD231PS (DX)(AX*4), Y4, Y0   // acc += x*y
	VFMADD231PS 32(DX)(AX*4), Y5, Y1
	VFMADD231PS 64(DX)(AX*4), Y6, Y2
	VFMADD231PS 96(DX)(AX*4), Y7, Y3
	ADDQ $32, AX
	CMPQ AX, BX
	JB   v32
v8:
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JAE  tail
v8loop:
	VMOVUPS (SI)(AX*4), Y4
	VFMADD231PS (DX)(AX*4), Y4, Y0
	ADDQ $8, AX
	CMPQ AX, BX
	JB   v8loop
tail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   done
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y4
	VMASKMOVPS (DX)(AX*4), Y15, Y5
	VFMADD231PS Y5, Y4, Y1
done:
	HSUM4
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET
