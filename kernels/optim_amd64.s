//go:build !purego

#include "textflag.h"

// FLUSHSUB8 sets the zero and subnormal lanes of x to +0 (AdamStep and
// SGDStep store no subnormal buffer value): a lane whose magnitude bits
// are below Y15's. NaN lanes are kept. t is scratch.
#define FLUSHSUB8(x, t) \
	VPSLLD   $1, x, t; \
	VPSRLD   $1, t, t; \
	VPCMPGTD t, Y15, t; \
	VPANDN   x, t, x

// func sgdAVX2Asm(w, grad, buf *float32, n int, lr, wd, mu, damp1 float32, mode int)
// DI = w, SI = g, DX = buf, CX = n (multiple of 8), AX = index,
// R10 = mode; Y10 = lr, Y11 = wd, Y12 = mu, Y13 = damp1, Y15 =
// 0x00800000 (the smallest normal's bits); Y0 = w, Y1 = d, Y2 = buf, Y3 =
// scratch.
TEXT ·sgdAVX2Asm(SB), NOSPLIT, $0-56
	MOVQ w+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ grad+8(FP), SI
	MOVQ buf+16(FP), DX
	VBROADCASTSS lr+32(FP), Y10
	VBROADCASTSS wd+36(FP), Y11
	VBROADCASTSS mu+40(FP), Y12
	VBROADCASTSS damp1+44(FP), Y13
	MOVQ mode+48(FP), R10
	MOVL $0x00800000, R8
	VMOVD R8, X15
	VPBROADCASTD X15, Y15
	XORQ AX, AX
	CMPQ AX, CX
	JAE  done
loop:
	VMOVUPS (DI)(AX*4), Y0
	VMOVUPS (SI)(AX*4), Y1
	VFMADD231PS Y11, Y0, Y1 // d = g + wd*w
	TESTQ $1, R10
	JZ   update             // no momentum
	TESTQ $2, R10
	JZ   decay
	VMOVAPS Y1, Y2          // first step: buf = d
	JMP  keep
decay:
	VMULPS (DX)(AX*4), Y12, Y3 // mu*buf
	VMULPS Y13, Y1, Y2         // damp1*d
	VADDPS Y3, Y2, Y2          // buf = mu*buf + damp1*d
keep:
	FLUSHSUB8(Y2, Y3)
	VMOVUPS Y2, (DX)(AX*4)
	TESTQ $4, R10
	JZ   heavyball
	VFMADD231PS Y12, Y2, Y1 // Nesterov: d += mu*buf
	JMP  update
heavyball:
	VMOVAPS Y2, Y1          // d = buf
update:
	VFNMADD231PS Y10, Y1, Y0 // w -= lr*d
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, CX
	JB   loop
done:
	VZEROUPPER
	RET

// func adamAVX2Asm(w, grad, m, v *float32, n int, b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay float32)
// DI = w, SI = g, DX = m, R11 = v, CX = n (multiple of 8), AX = index;
// Y6 = b1, Y7 = 1-b1, Y8 = b2, Y9 = 1-b2, Y10 = eps, Y11 = l2,
// Y12 = stepSize, Y13 = invBC2, Y14 = decay, Y15 = 0x00800000 (the
// smallest normal's bits); Y0 = w, Y1 = g', Y2 = m, Y3 = v, Y4, Y5 =
// scratch.
TEXT ·adamAVX2Asm(SB), NOSPLIT, $0-76
	MOVQ w+0(FP), DI
	MOVQ n+32(FP), CX
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), DX
	MOVQ v+24(FP), R11
	VBROADCASTSS b1+40(FP), Y6
	VBROADCASTSS omb1+44(FP), Y7
	VBROADCASTSS b2+48(FP), Y8
	VBROADCASTSS omb2+52(FP), Y9
	VBROADCASTSS eps+56(FP), Y10
	VBROADCASTSS l2+60(FP), Y11
	VBROADCASTSS stepSize+64(FP), Y12
	VBROADCASTSS invBC2+68(FP), Y13
	VBROADCASTSS decay+72(FP), Y14
	MOVL $0x00800000, R8
	VMOVD R8, X15
	VPBROADCASTD X15, Y15
	XORQ AX, AX
	CMPQ AX, CX
	JAE  done
loop:
	VMOVUPS (DI)(AX*4), Y0
	VMOVUPS (SI)(AX*4), Y1
	VFMADD231PS Y11, Y0, Y1      // g' = g + l2*w
	VMULPS Y7, Y1, Y4            // (1-b1)*g'
	VMULPS (DX)(AX*4), Y6, Y2    // b1*m
	VADDPS Y4, Y2, Y2            // m
	FLUSHSUB8(Y2, Y4)
	VMOVUPS Y2, (DX)(AX*4)
	VMULPS Y9, Y1, Y4            // (1-b2)*g'
	VMULPS Y1, Y4, Y4            // (1-b2)*g'*g'
	VMULPS (R11)(AX*4), Y8, Y3   // b2*v
	VADDPS Y4, Y3, Y3            // v
	FLUSHSUB8(Y3, Y4)
	VMOVUPS Y3, (R11)(AX*4)
	VSQRTPS Y3, Y5
	VFMADD213PS Y10, Y13, Y5     // denom = sqrt(v)*invBC2 + eps
	VMULPS Y12, Y2, Y4           // stepSize*m
	VDIVPS Y5, Y4, Y4            // / denom
	VMULPS Y14, Y0, Y0           // w*decay
	VSUBPS Y4, Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, CX
	JB   loop
done:
	VZEROUPPER
	RET
