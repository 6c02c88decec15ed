//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Fused optimizer updates (optim.go gives the formulas). Float vector
// instructions the Go assembler does not know are written with the macros
// of neon_arm64.h. Loops run 8 elements (two vectors) per
// iteration, then 4, then single elements through the same vector code in
// lane 0. Inputs and temporaries occupy V0-V15, broadcast scalars V16 and
// up.

// func sgdNEONAsm(w, grad *float32, n int, lr, wd float32)
//
// Plain SGD (no momentum): w -= lr*(g + wd*w).
TEXT ·sgdNEONAsm(SB), NOSPLIT, $0-32
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	w+0(FP), R0	// R0: w load pointer
	MOVD	grad+8(FP), R2	// R2: grad load pointer
	MOVD	w+0(FP), R3	// R3: w store pointer
	FMOVS	lr+24(FP), F16
	VDUP	V16.S[0], V16.S4	// V16: lr
	FMOVS	wd+28(FP), F17
	VDUP	V17.S[0], V17.S4	// V17: wd

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	MOV16B(4, 8)
	VFMLA	V17.S4, V0.S4, V8.S4 // d = g + wd*w
	VFMLS	V16.S4, V8.S4, V0.S4 // w -= lr*d
	MOV16B(5, 9)
	VFMLA	V17.S4, V1.S4, V9.S4 // d = g + wd*w
	VFMLS	V16.S4, V9.S4, V1.S4 // w -= lr*d
	MOV16B(6, 10)
	VFMLA	V17.S4, V2.S4, V10.S4 // d = g + wd*w
	VFMLS	V16.S4, V10.S4, V2.S4 // w -= lr*d
	MOV16B(7, 11)
	VFMLA	V17.S4, V3.S4, V11.S4 // d = g + wd*w
	VFMLS	V16.S4, V11.S4, V3.S4 // w -= lr*d
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	MOV16B(4, 8)
	VFMLA	V17.S4, V0.S4, V8.S4 // d = g + wd*w
	VFMLS	V16.S4, V8.S4, V0.S4 // w -= lr*d
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	MOV16B(4, 8)
	VFMLA	V17.S4, V0.S4, V8.S4 // d = g + wd*w
	VFMLS	V16.S4, V8.S4, V0.S4 // w -= lr*d
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// FLUSHSUB4S sets the zero and subnormal lanes of V<x> to +0 (AdamStep
// and SGDStep store no subnormal buffer value): lanes whose magnitude is
// below V25's 2^-126. NaN lanes are kept. V<t> is scratch.
#define FLUSHSUB4S(x, t) \
	FABS4S(x, t); \
	FCMGT4S(t, 25, t); \
	BIC16B(t, x, x)

// func sgdMomentumNEONAsm(w, grad, buf *float32, n int, lr, mu, damp1, wd float32, first, nesterov uint32)
//
// SGD with momentum, as torch.optim.SGD: d = g + wd*w; buf = d on the first
// step, else mu*buf + (1-dampening)*d; w -= lr*(Nesterov ? d + mu*buf : buf).
// first and nesterov are masks (0 or all ones) that select lanes, so no
// multiplication by 0 can turn an Inf into NaN.
TEXT ·sgdMomentumNEONAsm(SB), NOSPLIT, $0-56
	MOVD	n+24(FP), R1	// R1: elements left
	MOVD	w+0(FP), R0	// R0: w load pointer
	MOVD	grad+8(FP), R2	// R2: grad load pointer
	MOVD	buf+16(FP), R4	// R4: buf load pointer
	MOVD	w+0(FP), R3	// R3: w store pointer
	MOVD	buf+16(FP), R5	// R5: buf store pointer
	FMOVS	lr+32(FP), F16
	VDUP	V16.S[0], V16.S4	// V16: lr
	FMOVS	mu+36(FP), F17
	VDUP	V17.S[0], V17.S4	// V17: mu
	FMOVS	damp1+40(FP), F18
	VDUP	V18.S[0], V18.S4	// V18: 1 - dampening
	FMOVS	wd+44(FP), F19
	VDUP	V19.S[0], V19.S4	// V19: wd
	MOVWU	first+48(FP), R9
	VDUP	R9, V20.S4	// V20: all ones on the first step
	MOVWU	nesterov+52(FP), R9
	VDUP	R9, V21.S4	// V21: all ones for Nesterov
	MOVW	$0x00800000, R8
	VDUP	R8, V25.S4	// V25: 2^-126, the smallest normal

loopN:
	CMP	$8, R1
	BLT	loop4
	VLD1.P	32(R0), [V0.S4, V1.S4]
	VLD1.P	32(R2), [V2.S4, V3.S4]
	VLD1.P	32(R4), [V4.S4, V5.S4]
	MOV16B(2, 6)
	VFMLA	V19.S4, V0.S4, V6.S4 // d = g + wd*w
	FMUL4S(17, 4, 8)
	VFMLA	V18.S4, V6.S4, V8.S4 // b = mu*buf + (1-damp)*d
	BIT16B(20, 6, 8)	// b = d on the first step
	FLUSHSUB4S(8, 26)
	MOV16B(6, 10)
	VFMLA	V17.S4, V8.S4, V10.S4 // n = d + mu*b
	BIF16B(21, 8, 10)	// step = Nesterov ? n : b
	VFMLS	V16.S4, V10.S4, V0.S4 // w -= lr*step
	MOV16B(3, 7)
	VFMLA	V19.S4, V1.S4, V7.S4 // d = g + wd*w
	FMUL4S(17, 5, 9)
	VFMLA	V18.S4, V7.S4, V9.S4 // b = mu*buf + (1-damp)*d
	BIT16B(20, 7, 9)	// b = d on the first step
	FLUSHSUB4S(9, 27)
	MOV16B(7, 11)
	VFMLA	V17.S4, V9.S4, V11.S4 // n = d + mu*b
	BIF16B(21, 9, 11)	// step = Nesterov ? n : b
	VFMLS	V16.S4, V11.S4, V1.S4 // w -= lr*step
	VST1.P	[V0.S4, V1.S4], 32(R3)
	VST1.P	[V8.S4, V9.S4], 32(R5)
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V2.S4]
	VLD1.P	16(R4), [V4.S4]
	MOV16B(2, 6)
	VFMLA	V19.S4, V0.S4, V6.S4 // d = g + wd*w
	FMUL4S(17, 4, 8)
	VFMLA	V18.S4, V6.S4, V8.S4 // b = mu*buf + (1-damp)*d
	BIT16B(20, 6, 8)	// b = d on the first step
	FLUSHSUB4S(8, 26)
	MOV16B(6, 10)
	VFMLA	V17.S4, V8.S4, V10.S4 // n = d + mu*b
	BIF16B(21, 8, 10)	// step = Nesterov ? n : b
	VFMLS	V16.S4, V10.S4, V0.S4 // w -= lr*step
	VST1.P	[V0.S4], 16(R3)
	VST1.P	[V8.S4], 16(R5)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F2
	FMOVS.P	4(R4), F4
	MOV16B(2, 6)
	VFMLA	V19.S4, V0.S4, V6.S4 // d = g + wd*w
	FMUL4S(17, 4, 8)
	VFMLA	V18.S4, V6.S4, V8.S4 // b = mu*buf + (1-damp)*d
	BIT16B(20, 6, 8)	// b = d on the first step
	FLUSHSUB4S(8, 26)
	MOV16B(6, 10)
	VFMLA	V17.S4, V8.S4, V10.S4 // n = d + mu*b
	BIF16B(21, 8, 10)	// step = Nesterov ? n : b
	VFMLS	V16.S4, V10.S4, V0.S4 // w -= lr*step
	FMOVS.P	F0, 4(R3)
	FMOVS.P	F8, 4(R5)
	SUB	$1, R1
	B	tail

done:
	RET

// func adamNEONAsm(w, grad, m, v *float32, n int, b1, c1, b2, c2, eps, stepSize, invBC2, decay, l2 float32)
//
// Adam/AdamW (Kingma & Ba 2015; Loshchilov & Hutter 2019) with PyTorch's
// bias correction, eps outside the square root.
TEXT ·adamNEONAsm(SB), NOSPLIT, $0-76
	MOVD	n+32(FP), R1	// R1: elements left
	MOVD	w+0(FP), R0	// R0: w load pointer
	MOVD	grad+8(FP), R2	// R2: grad load pointer
	MOVD	m+16(FP), R4	// R4: m load pointer
	MOVD	v+24(FP), R6	// R6: v load pointer
	MOVD	w+0(FP), R3	// R3: w store pointer
	MOVD	m+16(FP), R5	// R5: m store pointer
	MOVD	v+24(FP), R7	// R7: v store pointer
	FMOVS	b1+40(FP), F16
	VDUP	V16.S[0], V16.S4	// V16: b1
	FMOVS	c1+44(FP), F17
	VDUP	V17.S[0], V17.S4	// V17: 1 - b1
	FMOVS	b2+48(FP), F18
	VDUP	V18.S[0], V18.S4	// V18: b2
	FMOVS	c2+52(FP), F19
	VDUP	V19.S[0], V19.S4	// V19: 1 - b2
	FMOVS	eps+56(FP), F20
	VDUP	V20.S[0], V20.S4	// V20: eps
	FMOVS	stepSize+60(FP), F21
	VDUP	V21.S[0], V21.S4	// V21: stepSize
	FMOVS	invBC2+64(FP), F22
	VDUP	V22.S[0], V22.S4	// V22: invBC2
	FMOVS	decay+68(FP), F23
	VDUP	V23.S[0], V23.S4	// V23: decay
	FMOVS	l2+72(FP), F24
	VDUP	V24.S[0], V24.S4	// V24: l2
	MOVW	$0x00800000, R8
	VDUP	R8, V25.S4	// V25: 2^-126, the smallest normal

loopN:
	CMP	$8, R1
	BLT	loop4
	VLD1.P	32(R0), [V0.S4, V1.S4]
	VLD1.P	32(R2), [V2.S4, V3.S4]
	VLD1.P	32(R4), [V4.S4, V5.S4]
	VLD1.P	32(R6), [V6.S4, V7.S4]
	MOV16B(2, 8)
	VFMLA	V24.S4, V0.S4, V8.S4 // gi = g + l2*w
	FMUL4S(16, 4, 4)
	VFMLA	V17.S4, V8.S4, V4.S4 // m = b1*m + (1-b1)*gi
	FLUSHSUB4S(4, 26)
	FMUL4S(19, 8, 10)
	FMUL4S(18, 6, 6)
	VFMLA	V10.S4, V8.S4, V6.S4 // v = b2*v + ((1-b2)*gi)*gi
	FLUSHSUB4S(6, 26)
	FSQRT4S(6, 10)
	MOV16B(20, 12)
	VFMLA	V22.S4, V10.S4, V12.S4 // denom = sqrt(v)*invBC2 + eps
	FMUL4S(21, 4, 10)
	FDIV4S(12, 10, 10)	// upd = stepSize*m / denom
	FMUL4S(23, 0, 0)
	FSUB4S(10, 0, 0)	// w = w*decay - upd
	MOV16B(3, 9)
	VFMLA	V24.S4, V1.S4, V9.S4 // gi = g + l2*w
	FMUL4S(16, 5, 5)
	VFMLA	V17.S4, V9.S4, V5.S4 // m = b1*m + (1-b1)*gi
	FLUSHSUB4S(5, 27)
	FMUL4S(19, 9, 11)
	FMUL4S(18, 7, 7)
	VFMLA	V11.S4, V9.S4, V7.S4 // v = b2*v + ((1-b2)*gi)*gi
	FLUSHSUB4S(7, 27)
	FSQRT4S(7, 11)
	MOV16B(20, 13)
	VFMLA	V22.S4, V11.S4, V13.S4 // denom = sqrt(v)*invBC2 + eps
	FMUL4S(21, 5, 11)
	FDIV4S(13, 11, 11)	// upd = stepSize*m / denom
	FMUL4S(23, 1, 1)
	FSUB4S(11, 1, 1)	// w = w*decay - upd
	VST1.P	[V0.S4, V1.S4], 32(R3)
	VST1.P	[V4.S4, V5.S4], 32(R5)
	VST1.P	[V6.S4, V7.S4], 32(R7)
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V2.S4]
	VLD1.P	16(R4), [V4.S4]
	VLD1.P	16(R6), [V6.S4]
	MOV16B(2, 8)
	VFMLA	V24.S4, V0.S4, V8.S4 // gi = g + l2*w
	FMUL4S(16, 4, 4)
	VFMLA	V17.S4, V8.S4, V4.S4 // m = b1*m + (1-b1)*gi
	FLUSHSUB4S(4, 26)
	FMUL4S(19, 8, 10)
	FMUL4S(18, 6, 6)
	VFMLA	V10.S4, V8.S4, V6.S4 // v = b2*v + ((1-b2)*gi)*gi
	FLUSHSUB4S(6, 26)
	FSQRT4S(6, 10)
	MOV16B(20, 12)
	VFMLA	V22.S4, V10.S4, V12.S4 // denom = sqrt(v)*invBC2 + eps
	FMUL4S(21, 4, 10)
	FDIV4S(12, 10, 10)	// upd = stepSize*m / denom
	FMUL4S(23, 0, 0)
	FSUB4S(10, 0, 0)	// w = w*decay - upd
	VST1.P	[V0.S4], 16(R3)
	VST1.P	[V4.S4], 16(R5)
	VST1.P	[V6.S4], 16(R7)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F2
	FMOVS.P	4(R4), F4
	FMOVS.P	4(R6), F6
	MOV16B(2, 8)
	VFMLA	V24.S4, V0.S4, V8.S4 // gi = g + l2*w
	FMUL4S(16, 4, 4)
	VFMLA	V17.S4, V8.S4, V4.S4 // m = b1*m + (1-b1)*gi
	FLUSHSUB4S(4, 26)
	FMUL4S(19, 8, 10)
	FMUL4S(18, 6, 6)
	VFMLA	V10.S4, V8.S4, V6.S4 // v = b2*v + ((1-b2)*gi)*gi
	FLUSHSUB4S(6, 26)
	FSQRT4S(6, 10)
	MOV16B(20, 12)
	VFMLA	V22.S4, V10.S4, V12.S4 // denom = sqrt(v)*invBC2 + eps
	FMUL4S(21, 4, 10)
	FDIV4S(12, 10, 10)	// upd = stepSize*m / denom
	FMUL4S(23, 0, 0)
	FSUB4S(10, 0, 0)	// w = w*decay - upd
	FMOVS.P	F0, 4(R3)
	FMOVS.P	F4, 4(R5)
	FMOVS.P	F6, 4(R7)
	SUB	$1, R1
	B	tail

done:
	RET
