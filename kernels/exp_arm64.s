//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Exponential-based kernels: e^x, e^(x-m) with its sum for softmax,
// sigmoid and tanh.
//
// e^x = 2^n * e^r with n = round(x*log2(e)) and r = x - n*ln2 (ln 2 in two
// parts, fused multiply-subtracts, so r is accurate to about an ulp of r),
// |r| <= ln2/2. e^r = 1 + r + r^2*(c2 + c3*r + ... + c6*r^4), the c's
// interpolating (e^r-1-r)/r^2 at the Chebyshev nodes of [-ln2/2, ln2/2].
// x is first clamped to [-104, 89], so n lies in [-150, 128]; 2^n is
// applied as 2^n1 * 2^n2 with n1 = n>>1, n2 = n-n1, both normal floats:
// the first product is exact and the second rounds once, giving correctly
// rounded subnormals, 0 below e^-103.97 and +Inf above e^88.72. NaN passes
// the clamps (FMIN/FMAX propagate NaN) and the polynomial as NaN.
// Against the float64 e^x the error is at most 1.1 ulp of the float32
// result: 1.10 in an exhaustive float64 emulation of this arithmetic over
// every float32 in [-104, 89], 1.04 measured under qemu on 2.2 million
// evenly spaced inputs (transcend_test.go checks every level against 2).
//
// Float vector instructions the Go assembler does not know are written with
// the macros of neon_arm64.h. Inputs and temporaries occupy
// V0-V11 (sigmoid V0-V13, tanh V0-V7), the softmax sums V12-V13, the e^x
// constants V16-V27. Loops run 8 elements (two vectors; tanh one vector) per
// iteration, then 4, then single elements through the same vector code in
// lane 0.

// EXPSTEPS sets Vx to e^Vx with the constants in V16-V27 (expNEON sets
// them up); Vt, Vn, Vn1, Vp and Vq are scratch. x is clamped (NaN stays
// NaN), n = round(x·log2(e)), r = x - n·ln2 in two parts, e^r - 1 = r +
// r²·p(r), and the result is e^r·2^n1·2^n2 with n1 = n>>1 and n2 = n - n1:
// the first product is exact, the second rounds once.
#define EXPSTEPS(x, t, n, n1, p, q) \
	FMIN4S(16, x, x); \
	FMAX4S(17, x, x); \
	FMUL4S(18, x, t); \
	FRINTN4S(t, t); \
	FMLS4S(19, t, x); \
	FMLS4S(20, t, x); \
	FCVTZS4S(t, n); \
	SSHR4S(1, n, n1); \
	SUB4S(n1, n, n); \
	ADD4S(21, n, n); \
	ADD4S(21, n1, n1); \
	SHL4S(23, n, n); \
	SHL4S(23, n1, n1); \
	MOV16B(25, p); \
	FMLA4S(26, x, p); \
	MOV16B(24, q); \
	FMLA4S(p, x, q); \
	MOV16B(23, p); \
	FMLA4S(q, x, p); \
	MOV16B(22, q); \
	FMLA4S(p, x, q); \
	FMUL4S(x, x, t); \
	FMLA4S(t, q, x); \
	FADD4S(27, x, x); \
	FMUL4S(n1, x, x); \
	FMUL4S(n, x, x)

// EXPV0 sets V0 to e^V0 (expNEON's steps); V2, V4, V6, V8, V10 are scratch.
#define EXPV0 \
	EXPSTEPS(0, 2, 4, 6, 8, 10)

// SIGMOIDV0 sets V0 to sigmoid(V0), as sigmoidNEON's loops do; V2, V4, V6, V8, V10 and V12 are scratch.
#define SIGMOIDV0 \
	FABS4S(0, 12); \
	FNEG4S(12, 12); /* -|x| */ \
	EXPSTEPS(12, 2, 4, 6, 8, 10); \
	FADD4S(27, 12, 2); /* 1 + e^-|x| */ \
	FCMLTZ4S(0, 4); \
	MOV16B(27, 6); \
	BIT16B(4, 12, 6); /* x < 0 ? e^-|x| : 1 */ \
	FDIV4S(2, 6, 0)

// TANHV0 sets V7 to tanh(V0), as tanhNEON's loops do; V1-V6 are scratch.
#define TANHV0 \
	FABS4S(0, 6); /* a = |x| */ \
	FADD4S(6, 6, 7); /* 2a */ \
	EXPSTEPS(7, 1, 2, 3, 4, 5); \
	FADD4S(27, 7, 7); \
	FDIV4S(7, 28, 7); \
	FSUB4S(7, 27, 7); /* large a: 1 - 2/(e^2a + 1) */ \
	FMUL4S(6, 6, 1); /* s = a*a */ \
	MOV16B(12, 2); \
	VFMLA	V13.S4, V1.S4, V2.S4; /* P = q4 + q5*s */ \
	MOV16B(11, 3); \
	VFMLA	V2.S4, V1.S4, V3.S4; /* P = q3 + P*s */ \
	MOV16B(10, 2); \
	VFMLA	V3.S4, V1.S4, V2.S4; /* P = q2 + P*s */ \
	MOV16B(9, 3); \
	VFMLA	V2.S4, V1.S4, V3.S4; /* P = q1 + P*s */ \
	MOV16B(8, 2); \
	VFMLA	V3.S4, V1.S4, V2.S4; /* P = q0 + P*s */ \
	FMUL4S(6, 1, 4); /* a^3 */ \
	MOV16B(6, 3); \
	VFMLA	V4.S4, V2.S4, V3.S4; /* small a: a + a^3*P */ \
	FCMGT4S(6, 29, 5); /* a < 0.75 */ \
	BIT16B(5, 3, 7); \
	BIT16B(30, 0, 7) /* the sign of x */

// func expNEONAsm(dst, x *float32, n int)
TEXT ·expNEONAsm(SB), NOSPLIT, $0-24
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer
	MOVW	$0x42b20000, R5
	VDUP	R5, V16.S4	// V16: upper clamp 89.0 (e^89 overflows)
	MOVW	$0xc2d00000, R5
	VDUP	R5, V17.S4	// V17: lower clamp -104.0 (e^-104 underflows to 0)
	MOVW	$0x3fb8aa3b, R5
	VDUP	R5, V18.S4	// V18: log2(e)
	MOVW	$0x3f317218, R5
	VDUP	R5, V19.S4	// V19: ln2hi = float32(ln 2)
	MOVW	$0xb102e308, R5
	VDUP	R5, V20.S4	// V20: ln2lo = ln 2 - ln2hi
	MOVW	$0x0000007f, R5
	VDUP	R5, V21.S4	// V21: exponent bias (integer)
	MOVW	$0x3f000000, R5
	VDUP	R5, V22.S4	// V22: c2 = 0.5
	MOVW	$0x3e2aaa6e, R5
	VDUP	R5, V23.S4	// V23: c3
	MOVW	$0x3d2aaa8d, R5
	VDUP	R5, V24.S4	// V24: c4
	MOVW	$0x3c0905b7, R5
	VDUP	R5, V25.S4	// V25: c5
	MOVW	$0x3ab68885, R5
	VDUP	R5, V26.S4	// V26: c6
	MOVW	$0x3f800000, R5
	VDUP	R5, V27.S4	// V27: 1.0

loopN:
	CMP	$8, R1
	BLT	loop4
	VLD1.P	32(R0), [V0.S4, V1.S4]
	EXPV0
	EXPSTEPS(1, 3, 5, 7, 9, 11)
	VST1.P	[V0.S4, V1.S4], 32(R3)
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	EXPV0
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	EXPV0
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func expShiftSumNEONAsm(dst, x *float32, n int, m float32) (sum float32)
//
// dst = e^(x-m); returns the sum of dst (vector sums, then the tail in order).
TEXT ·expShiftSumNEONAsm(SB), NOSPLIT, $0-36
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer
	MOVW	$0x42b20000, R5
	VDUP	R5, V16.S4	// V16: upper clamp 89.0 (e^89 overflows)
	MOVW	$0xc2d00000, R5
	VDUP	R5, V17.S4	// V17: lower clamp -104.0 (e^-104 underflows to 0)
	MOVW	$0x3fb8aa3b, R5
	VDUP	R5, V18.S4	// V18: log2(e)
	MOVW	$0x3f317218, R5
	VDUP	R5, V19.S4	// V19: ln2hi = float32(ln 2)
	MOVW	$0xb102e308, R5
	VDUP	R5, V20.S4	// V20: ln2lo = ln 2 - ln2hi
	MOVW	$0x0000007f, R5
	VDUP	R5, V21.S4	// V21: exponent bias (integer)
	MOVW	$0x3f000000, R5
	VDUP	R5, V22.S4	// V22: c2 = 0.5
	MOVW	$0x3e2aaa6e, R5
	VDUP	R5, V23.S4	// V23: c3
	MOVW	$0x3d2aaa8d, R5
	VDUP	R5, V24.S4	// V24: c4
	MOVW	$0x3c0905b7, R5
	VDUP	R5, V25.S4	// V25: c5
	MOVW	$0x3ab68885, R5
	VDUP	R5, V26.S4	// V26: c6
	MOVW	$0x3f800000, R5
	VDUP	R5, V27.S4	// V27: 1.0
	FMOVS	m+24(FP), F28
	VDUP	V28.S[0], V28.S4	// V28: m
	VEOR	V12.B16, V12.B16, V12.B16	// V12, V13: sums
	VEOR	V13.B16, V13.B16, V13.B16

loopN:
	CMP	$8, R1
	BLT	loop4
	VLD1.P	32(R0), [V0.S4, V1.S4]
	FSUB4S(28, 0, 0)	// x - m
	EXPV0
	FSUB4S(28, 1, 1)	// x - m
	EXPSTEPS(1, 3, 5, 7, 9, 11)
	FADD4S(0, 12, 12)
	FADD4S(1, 13, 13)
	VST1.P	[V0.S4, V1.S4], 32(R3)
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	FSUB4S(28, 0, 0)	// x - m
	EXPV0
	FADD4S(0, 12, 12)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

reduce:
	FADD4S(13, 12, 12)
	FADDP4S(12, 12, 12)
	FADDP2S(12, 12)

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FSUB4S(28, 0, 0)	// x - m
	EXPV0
	FADDS	F0, F12
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	FMOVS	F12, sum+32(FP)
	RET

// func sumExpShiftNEONAsm(x *float32, n int, m float32) (sum float32)
//
// Returns the sum of e^(x-m), as expShiftSumNEON without storing.
TEXT ·sumExpShiftNEONAsm(SB), NOSPLIT, $0-28
	MOVD	n+8(FP), R1	// R1: elements left
	MOVD	x+0(FP), R0	// R0: x load pointer
	MOVW	$0x42b20000, R5
	VDUP	R5, V16.S4	// V16: upper clamp 89.0 (e^89 overflows)
	MOVW	$0xc2d00000, R5
	VDUP	R5, V17.S4	// V17: lower clamp -104.0 (e^-104 underflows to 0)
	MOVW	$0x3fb8aa3b, R5
	VDUP	R5, V18.S4	// V18: log2(e)
	MOVW	$0x3f317218, R5
	VDUP	R5, V19.S4	// V19: ln2hi = float32(ln 2)
	MOVW	$0xb102e308, R5
	VDUP	R5, V20.S4	// V20: ln2lo = ln 2 - ln2hi
	MOVW	$0x0000007f, R5
	VDUP	R5, V21.S4	// V21: exponent bias (integer)
	MOVW	$0x3f000000, R5
	VDUP	R5, V22.S4	// V22: c2 = 0.5
	MOVW	$0x3e2aaa6e, R5
	VDUP	R5, V23.S4	// V23: c3
	MOVW	$0x3d2aaa8d, R5
	VDUP	R5, V24.S4	// V24: c4
	MOVW	$0x3c0905b7, R5
	VDUP	R5, V25.S4	// V25: c5
	MOVW	$0x3ab68885, R5
	VDUP	R5, V26.S4	// V26: c6
	MOVW	$0x3f800000, R5
	VDUP	R5, V27.S4	// V27: 1.0
	FMOVS	m+16(FP), F28
	VDUP	V28.S[0], V28.S4	// V28: m
	VEOR	V12.B16, V12.B16, V12.B16	// V12, V13: sums
	VEOR	V13.B16, V13.B16, V13.B16

loopN:
	CMP	$8, R1
	BLT	loop4
	VLD1.P	32(R0), [V0.S4, V1.S4]
	FSUB4S(28, 0, 0)	// x - m
	EXPV0
	FSUB4S(28, 1, 1)	// x - m
	EXPSTEPS(1, 3, 5, 7, 9, 11)
	FADD4S(0, 12, 12)
	FADD4S(1, 13, 13)
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	FSUB4S(28, 0, 0)	// x - m
	EXPV0
	FADD4S(0, 12, 12)
	SUB	$4, R1
	B	loop4

reduce:
	FADD4S(13, 12, 12)
	FADDP4S(12, 12, 12)
	FADDP2S(12, 12)

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FSUB4S(28, 0, 0)	// x - m
	EXPV0
	FADDS	F0, F12
	SUB	$1, R1
	B	tail

done:
	FMOVS	F12, sum+24(FP)
	RET

// func sigmoidNEONAsm(dst, x *float32, n int)
//
// dst = 1/(1+e^-x), evaluated as 1/(1+e^-|x|) for x >= 0 and
// e^-|x|/(1+e^-|x|) for x < 0, so that no cancellation occurs and tiny
// results (down to subnormals) keep their relative accuracy; +-Inf give
// exactly 1 and 0, NaN gives NaN.
TEXT ·sigmoidNEONAsm(SB), NOSPLIT, $0-24
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer
	MOVW	$0x42b20000, R5
	VDUP	R5, V16.S4	// V16: upper clamp 89.0 (e^89 overflows)
	MOVW	$0xc2d00000, R5
	VDUP	R5, V17.S4	// V17: lower clamp -104.0 (e^-104 underflows to 0)
	MOVW	$0x3fb8aa3b, R5
	VDUP	R5, V18.S4	// V18: log2(e)
	MOVW	$0x3f317218, R5
	VDUP	R5, V19.S4	// V19: ln2hi = float32(ln 2)
	MOVW	$0xb102e308, R5
	VDUP	R5, V20.S4	// V20: ln2lo = ln 2 - ln2hi
	MOVW	$0x0000007f, R5
	VDUP	R5, V21.S4	// V21: exponent bias (integer)
	MOVW	$0x3f000000, R5
	VDUP	R5, V22.S4	// V22: c2 = 0.5
	MOVW	$0x3e2aaa6e, R5
	VDUP	R5, V23.S4	// V23: c3
	MOVW	$0x3d2aaa8d, R5
	VDUP	R5, V24.S4	// V24: c4
	MOVW	$0x3c0905b7, R5
	VDUP	R5, V25.S4	// V25: c5
	MOVW	$0x3ab68885, R5
	VDUP	R5, V26.S4	// V26: c6
	MOVW	$0x3f800000, R5
	VDUP	R5, V27.S4	// V27: 1.0

loopN:
	CMP	$8, R1
	BLT	loop4
	VLD1.P	32(R0), [V0.S4, V1.S4]
	SIGMOIDV0
	FABS4S(1, 13)
	FNEG4S(13, 13)	// -|x|
	EXPSTEPS(13, 3, 5, 7, 9, 11)
	FADD4S(27, 13, 3)	// 1 + e^-|x|
	FCMLTZ4S(1, 5)
	MOV16B(27, 7)
	BIT16B(5, 13, 7)	// x < 0 ? e^-|x| : 1
	FDIV4S(3, 7, 1)
	VST1.P	[V0.S4, V1.S4], 32(R3)
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	SIGMOIDV0
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	SIGMOIDV0
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func tanhNEONAsm(dst, x *float32, n int)
//
// dst = tanh(x) = sign(x)*tanh(|x|). For |x| < 0.75, |x| + |x|^3*P(x^2)
// with P of degree 5 interpolating (tanh(a)-a)/a^3 at Chebyshev nodes in
// a^2 (no cancellation; tiny x give x exactly); above, 1 - 2/(e^2|x| + 1),
// which rounds to exactly 1 from |x| ~ 9 on. NaN gives NaN, -0 gives -0.
// One vector per iteration: the constants fill V8-V13 and V16-V30.
TEXT ·tanhNEONAsm(SB), NOSPLIT, $0-24
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer
	MOVW	$0x42b20000, R5
	VDUP	R5, V16.S4	// V16: upper clamp 89.0 (e^89 overflows)
	MOVW	$0xc2d00000, R5
	VDUP	R5, V17.S4	// V17: lower clamp -104.0 (e^-104 underflows to 0)
	MOVW	$0x3fb8aa3b, R5
	VDUP	R5, V18.S4	// V18: log2(e)
	MOVW	$0x3f317218, R5
	VDUP	R5, V19.S4	// V19: ln2hi = float32(ln 2)
	MOVW	$0xb102e308, R5
	VDUP	R5, V20.S4	// V20: ln2lo = ln 2 - ln2hi
	MOVW	$0x0000007f, R5
	VDUP	R5, V21.S4	// V21: exponent bias (integer)
	MOVW	$0x3f000000, R5
	VDUP	R5, V22.S4	// V22: c2 = 0.5
	MOVW	$0x3e2aaa6e, R5
	VDUP	R5, V23.S4	// V23: c3
	MOVW	$0x3d2aaa8d, R5
	VDUP	R5, V24.S4	// V24: c4
	MOVW	$0x3c0905b7, R5
	VDUP	R5, V25.S4	// V25: c5
	MOVW	$0x3ab68885, R5
	VDUP	R5, V26.S4	// V26: c6
	MOVW	$0x3f800000, R5
	VDUP	R5, V27.S4	// V27: 1.0
	MOVW	$0x40000000, R5
	VDUP	R5, V28.S4	// V28: 2.0
	MOVW	$0x3f400000, R5
	VDUP	R5, V29.S4	// V29: 0.75, the branch point
	MOVW	$0x80000000, R5
	VDUP	R5, V30.S4	// V30: sign bit
	MOVW	$0xbeaaaaaa, R5
	VDUP	R5, V8.S4	// V8: q0
	MOVW	$0x3e088821, R5
	VDUP	R5, V9.S4	// V9: q1
	MOVW	$0xbd5cebd4, R5
	VDUP	R5, V10.S4	// V10: q2
	MOVW	$0x3cb1127a, R5
	VDUP	R5, V11.S4	// V11: q3
	MOVW	$0xbc01fc34, R5
	VDUP	R5, V12.S4	// V12: q4
	MOVW	$0x3afa4485, R5
	VDUP	R5, V13.S4	// V13: q5

loopN:
	CMP	$4, R1
	BLT	loop4
	VLD1.P	16(R0), [V0.S4]
	TANHV0
	VST1.P	[V7.S4], 16(R3)
	SUB	$4, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	TANHV0
	VST1.P	[V7.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	TANHV0
	FMOVS.P	F7, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET
