//go:build !purego

#include "textflag.h"

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
// Float vector instructions the Go assembler does not know are written as
// WORD with the instruction in the comment. Inputs and temporaries occupy
// V0-V11 (sigmoid V0-V13, tanh V0-V7), the softmax sums V12-V13, the e^x
// constants V16-V27. Loops run 8 elements (two vectors; tanh one vector) per
// iteration, then 4, then single elements through the same vector code in
// lane 0.

// EXPV0 sets V0 to e^V0 (expNEON's steps); V2, V4, V6, V8, V10 are scratch.
#define EXPV0 \
	WORD	$0x4eb0f400; /* fmin v0.4s, v0.4s, v16.4s: clamp; NaN stays NaN */ \
	WORD	$0x4e31f400; /* fmax v0.4s, v0.4s, v17.4s */ \
	WORD	$0x6e32dc02; /* fmul v2.4s, v0.4s, v18.4s // x*log2(e) */ \
	WORD	$0x4e218842; /* frintn v2.4s, v2.4s: n = round to nearest even */ \
	VFMLS	V19.S4, V2.S4, V0.S4; /* r = x - n*ln2hi */ \
	VFMLS	V20.S4, V2.S4, V0.S4; /* r -= n*ln2lo */ \
	WORD	$0x4ea1b844; /* fcvtzs v4.4s, v2.4s: n as integer, -150..128 */ \
	WORD	$0x4f3f0486; /* sshr v6.4s, v4.4s, #1: n1 = n>>1 */ \
	WORD	$0x6ea68484; /* sub v4.4s, v4.4s, v6.4s: n2 = n - n1 */ \
	WORD	$0x4eb58484; /* add v4.4s, v4.4s, v21.4s */ \
	WORD	$0x4eb584c6; /* add v6.4s, v6.4s, v21.4s */ \
	WORD	$0x4f375484; /* shl v4.4s, v4.4s, #23: 2^n2 */ \
	WORD	$0x4f3754c6; /* shl v6.4s, v6.4s, #23: 2^n1 */ \
	WORD	$0x4eb91f28; /* mov v8.16b, v25.16b */ \
	VFMLA	V26.S4, V0.S4, V8.S4; /* p = c5 + c6*r */ \
	WORD	$0x4eb81f0a; /* mov v10.16b, v24.16b */ \
	VFMLA	V8.S4, V0.S4, V10.S4; /* p = c4 + p*r */ \
	WORD	$0x4eb71ee8; /* mov v8.16b, v23.16b */ \
	VFMLA	V10.S4, V0.S4, V8.S4; /* p = c3 + p*r */ \
	WORD	$0x4eb61eca; /* mov v10.16b, v22.16b */ \
	VFMLA	V8.S4, V0.S4, V10.S4; /* p = c2 + p*r */ \
	WORD	$0x6e20dc02; /* fmul v2.4s, v0.4s, v0.4s // r*r */ \
	VFMLA	V2.S4, V10.S4, V0.S4; /* r + r*r*p = e^r - 1 */ \
	WORD	$0x4e3bd400; /* fadd v0.4s, v0.4s, v27.4s: e^r */ \
	WORD	$0x6e26dc00; /* fmul v0.4s, v0.4s, v6.4s // e^r * 2^n1 is exact */ \
	WORD	$0x6e24dc00 /* fmul v0.4s, v0.4s, v4.4s // * 2^n2 rounds once, to 0 or +Inf if out of range */

// SIGMOIDV0 sets V0 to sigmoid(V0), as sigmoidNEON's loops do; V2, V4, V6, V8, V10 and V12 are scratch.
#define SIGMOIDV0 \
	WORD	$0x4ea0f80c; /* fabs v12.4s, v0.4s */ \
	WORD	$0x6ea0f98c; /* fneg v12.4s, v12.4s: -|x| */ \
	WORD	$0x4eb0f58c; /* fmin v12.4s, v12.4s, v16.4s: clamp; NaN stays NaN */ \
	WORD	$0x4e31f58c; /* fmax v12.4s, v12.4s, v17.4s */ \
	WORD	$0x6e32dd82; /* fmul v2.4s, v12.4s, v18.4s // x*log2(e) */ \
	WORD	$0x4e218842; /* frintn v2.4s, v2.4s: n = round to nearest even */ \
	VFMLS	V19.S4, V2.S4, V12.S4; /* r = x - n*ln2hi */ \
	VFMLS	V20.S4, V2.S4, V12.S4; /* r -= n*ln2lo */ \
	WORD	$0x4ea1b844; /* fcvtzs v4.4s, v2.4s: n as integer, -150..128 */ \
	WORD	$0x4f3f0486; /* sshr v6.4s, v4.4s, #1: n1 = n>>1 */ \
	WORD	$0x6ea68484; /* sub v4.4s, v4.4s, v6.4s: n2 = n - n1 */ \
	WORD	$0x4eb58484; /* add v4.4s, v4.4s, v21.4s */ \
	WORD	$0x4eb584c6; /* add v6.4s, v6.4s, v21.4s */ \
	WORD	$0x4f375484; /* shl v4.4s, v4.4s, #23: 2^n2 */ \
	WORD	$0x4f3754c6; /* shl v6.4s, v6.4s, #23: 2^n1 */ \
	WORD	$0x4eb91f28; /* mov v8.16b, v25.16b */ \
	VFMLA	V26.S4, V12.S4, V8.S4; /* p = c5 + c6*r */ \
	WORD	$0x4eb81f0a; /* mov v10.16b, v24.16b */ \
	VFMLA	V8.S4, V12.S4, V10.S4; /* p = c4 + p*r */ \
	WORD	$0x4eb71ee8; /* mov v8.16b, v23.16b */ \
	VFMLA	V10.S4, V12.S4, V8.S4; /* p = c3 + p*r */ \
	WORD	$0x4eb61eca; /* mov v10.16b, v22.16b */ \
	VFMLA	V8.S4, V12.S4, V10.S4; /* p = c2 + p*r */ \
	WORD	$0x6e2cdd82; /* fmul v2.4s, v12.4s, v12.4s // r*r */ \
	VFMLA	V2.S4, V10.S4, V12.S4; /* r + r*r*p = e^r - 1 */ \
	WORD	$0x4e3bd58c; /* fadd v12.4s, v12.4s, v27.4s: e^r */ \
	WORD	$0x6e26dd8c; /* fmul v12.4s, v12.4s, v6.4s // e^r * 2^n1 is exact */ \
	WORD	$0x6e24dd8c; /* fmul v12.4s, v12.4s, v4.4s // * 2^n2 rounds once, to 0 or +Inf if out of range */ \
	WORD	$0x4e3bd582; /* fadd v2.4s, v12.4s, v27.4s: 1 + e^-|x| */ \
	WORD	$0x4ea0e804; /* fcmlt v4.4s, v0.4s, #0.0 */ \
	WORD	$0x4ebb1f66; /* mov v6.16b, v27.16b */ \
	WORD	$0x6ea41d86; /* bit v6.16b, v12.16b, v4.16b: x < 0 ? e^-|x| : 1 */ \
	WORD	$0x6e22fcc0 /* fdiv v0.4s, v6.4s, v2.4s */

// TANHV0 sets V7 to tanh(V0), as tanhNEON's loops do; V1-V6 are scratch.
#define TANHV0 \
	WORD	$0x4ea0f806; /* fabs v6.4s, v0.4s: a = |x| */ \
	WORD	$0x4e26d4c7; /* fadd v7.4s, v6.4s, v6.4s: 2a */ \
	WORD	$0x4eb0f4e7; /* fmin v7.4s, v7.4s, v16.4s: clamp; NaN stays NaN */ \
	WORD	$0x4e31f4e7; /* fmax v7.4s, v7.4s, v17.4s */ \
	WORD	$0x6e32dce1; /* fmul v1.4s, v7.4s, v18.4s // x*log2(e) */ \
	WORD	$0x4e218821; /* frintn v1.4s, v1.4s: n = round to nearest even */ \
	VFMLS	V19.S4, V1.S4, V7.S4; /* r = x - n*ln2hi */ \
	VFMLS	V20.S4, V1.S4, V7.S4; /* r -= n*ln2lo */ \
	WORD	$0x4ea1b822; /* fcvtzs v2.4s, v1.4s: n as integer, -150..128 */ \
	WORD	$0x4f3f0443; /* sshr v3.4s, v2.4s, #1: n1 = n>>1 */ \
	WORD	$0x6ea38442; /* sub v2.4s, v2.4s, v3.4s: n2 = n - n1 */ \
	WORD	$0x4eb58442; /* add v2.4s, v2.4s, v21.4s */ \
	WORD	$0x4eb58463; /* add v3.4s, v3.4s, v21.4s */ \
	WORD	$0x4f375442; /* shl v2.4s, v2.4s, #23: 2^n2 */ \
	WORD	$0x4f375463; /* shl v3.4s, v3.4s, #23: 2^n1 */ \
	WORD	$0x4eb91f24; /* mov v4.16b, v25.16b */ \
	VFMLA	V26.S4, V7.S4, V4.S4; /* p = c5 + c6*r */ \
	WORD	$0x4eb81f05; /* mov v5.16b, v24.16b */ \
	VFMLA	V4.S4, V7.S4, V5.S4; /* p = c4 + p*r */ \
	WORD	$0x4eb71ee4; /* mov v4.16b, v23.16b */ \
	VFMLA	V5.S4, V7.S4, V4.S4; /* p = c3 + p*r */ \
	WORD	$0x4eb61ec5; /* mov v5.16b, v22.16b */ \
	VFMLA	V4.S4, V7.S4, V5.S4; /* p = c2 + p*r */ \
	WORD	$0x6e27dce1; /* fmul v1.4s, v7.4s, v7.4s // r*r */ \
	VFMLA	V1.S4, V5.S4, V7.S4; /* r + r*r*p = e^r - 1 */ \
	WORD	$0x4e3bd4e7; /* fadd v7.4s, v7.4s, v27.4s: e^r */ \
	WORD	$0x6e23dce7; /* fmul v7.4s, v7.4s, v3.4s // e^r * 2^n1 is exact */ \
	WORD	$0x6e22dce7; /* fmul v7.4s, v7.4s, v2.4s // * 2^n2 rounds once, to 0 or +Inf if out of range */ \
	WORD	$0x4e3bd4e7; /* fadd v7.4s, v7.4s, v27.4s */ \
	WORD	$0x6e27ff87; /* fdiv v7.4s, v28.4s, v7.4s */ \
	WORD	$0x4ea7d767; /* fsub v7.4s, v27.4s, v7.4s: large a: 1 - 2/(e^2a + 1) */ \
	WORD	$0x6e26dcc1; /* fmul v1.4s, v6.4s, v6.4s // s = a*a */ \
	WORD	$0x4eac1d82; /* mov v2.16b, v12.16b */ \
	VFMLA	V13.S4, V1.S4, V2.S4; /* P = q4 + q5*s */ \
	WORD	$0x4eab1d63; /* mov v3.16b, v11.16b */ \
	VFMLA	V2.S4, V1.S4, V3.S4; /* P = q3 + P*s */ \
	WORD	$0x4eaa1d42; /* mov v2.16b, v10.16b */ \
	VFMLA	V3.S4, V1.S4, V2.S4; /* P = q2 + P*s */ \
	WORD	$0x4ea91d23; /* mov v3.16b, v9.16b */ \
	VFMLA	V2.S4, V1.S4, V3.S4; /* P = q1 + P*s */ \
	WORD	$0x4ea81d02; /* mov v2.16b, v8.16b */ \
	VFMLA	V3.S4, V1.S4, V2.S4; /* P = q0 + P*s */ \
	WORD	$0x6e26dc24; /* fmul v4.4s, v1.4s, v6.4s: a^3 */ \
	WORD	$0x4ea61cc3; /* mov v3.16b, v6.16b */ \
	VFMLA	V4.S4, V2.S4, V3.S4; /* small a: a + a^3*P */ \
	WORD	$0x6ea6e7a5; /* fcmgt v5.4s, v29.4s, v6.4s: a < 0.75 */ \
	WORD	$0x6ea51c67; /* bit v7.16b, v3.16b, v5.16b */ \
	WORD	$0x6ebe1c07 /* bit v7.16b, v0.16b, v30.16b: the sign of x */

// func expNEON(dst, x []float32)
TEXT ·expNEON(SB), NOSPLIT, $0-48
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	x_base+24(FP), R0	// R0: x load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer
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
	WORD	$0x4eb0f421 // fmin v1.4s, v1.4s, v16.4s // clamp; NaN stays NaN
	WORD	$0x4e31f421 // fmax v1.4s, v1.4s, v17.4s
	WORD	$0x6e32dc23 // fmul v3.4s, v1.4s, v18.4s // x*log2(e)
	WORD	$0x4e218863 // frintn v3.4s, v3.4s // n = round to nearest even
	VFMLS	V19.S4, V3.S4, V1.S4 // r = x - n*ln2hi
	VFMLS	V20.S4, V3.S4, V1.S4 // r -= n*ln2lo
	WORD	$0x4ea1b865 // fcvtzs v5.4s, v3.4s // n as integer, -150..128
	WORD	$0x4f3f04a7 // sshr v7.4s, v5.4s, #1 // n1 = n>>1
	WORD	$0x6ea784a5 // sub v5.4s, v5.4s, v7.4s // n2 = n - n1
	WORD	$0x4eb584a5 // add v5.4s, v5.4s, v21.4s
	WORD	$0x4eb584e7 // add v7.4s, v7.4s, v21.4s
	WORD	$0x4f3754a5 // shl v5.4s, v5.4s, #23 // 2^n2
	WORD	$0x4f3754e7 // shl v7.4s, v7.4s, #23 // 2^n1
	WORD	$0x4eb91f29 // mov v9.16b, v25.16b
	VFMLA	V26.S4, V1.S4, V9.S4 // p = c5 + c6*r
	WORD	$0x4eb81f0b // mov v11.16b, v24.16b
	VFMLA	V9.S4, V1.S4, V11.S4 // p = c4 + p*r
	WORD	$0x4eb71ee9 // mov v9.16b, v23.16b
	VFMLA	V11.S4, V1.S4, V9.S4 // p = c3 + p*r
	WORD	$0x4eb61ecb // mov v11.16b, v22.16b
	VFMLA	V9.S4, V1.S4, V11.S4 // p = c2 + p*r
	WORD	$0x6e21dc23 // fmul v3.4s, v1.4s, v1.4s // r*r
	VFMLA	V3.S4, V11.S4, V1.S4 // r + r*r*p = e^r - 1
	WORD	$0x4e3bd421 // fadd v1.4s, v1.4s, v27.4s // e^r
	WORD	$0x6e27dc21 // fmul v1.4s, v1.4s, v7.4s // e^r * 2^n1 is exact
	WORD	$0x6e25dc21 // fmul v1.4s, v1.4s, v5.4s // * 2^n2 rounds once, to 0 or +Inf if out of range
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

// func expShiftSumNEON(dst, x []float32, m float32) (sum float32)
//
// dst = e^(x-m); returns the sum of dst (vector sums, then the tail in order).
TEXT ·expShiftSumNEON(SB), NOSPLIT, $0-60
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	x_base+24(FP), R0	// R0: x load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer
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
	FMOVS	m+48(FP), F28
	VDUP	V28.S[0], V28.S4	// V28: m
	VEOR	V12.B16, V12.B16, V12.B16	// V12, V13: sums
	VEOR	V13.B16, V13.B16, V13.B16

loopN:
	CMP	$8, R1
	BLT	loop4
	VLD1.P	32(R0), [V0.S4, V1.S4]
	WORD	$0x4ebcd400 // fsub v0.4s, v0.4s, v28.4s // x - m
	EXPV0
	WORD	$0x4ebcd421 // fsub v1.4s, v1.4s, v28.4s // x - m
	WORD	$0x4eb0f421 // fmin v1.4s, v1.4s, v16.4s // clamp; NaN stays NaN
	WORD	$0x4e31f421 // fmax v1.4s, v1.4s, v17.4s
	WORD	$0x6e32dc23 // fmul v3.4s, v1.4s, v18.4s // x*log2(e)
	WORD	$0x4e218863 // frintn v3.4s, v3.4s // n = round to nearest even
	VFMLS	V19.S4, V3.S4, V1.S4 // r = x - n*ln2hi
	VFMLS	V20.S4, V3.S4, V1.S4 // r -= n*ln2lo
	WORD	$0x4ea1b865 // fcvtzs v5.4s, v3.4s // n as integer, -150..128
	WORD	$0x4f3f04a7 // sshr v7.4s, v5.4s, #1 // n1 = n>>1
	WORD	$0x6ea784a5 // sub v5.4s, v5.4s, v7.4s // n2 = n - n1
	WORD	$0x4eb584a5 // add v5.4s, v5.4s, v21.4s
	WORD	$0x4eb584e7 // add v7.4s, v7.4s, v21.4s
	WORD	$0x4f3754a5 // shl v5.4s, v5.4s, #23 // 2^n2
	WORD	$0x4f3754e7 // shl v7.4s, v7.4s, #23 // 2^n1
	WORD	$0x4eb91f29 // mov v9.16b, v25.16b
	VFMLA	V26.S4, V1.S4, V9.S4 // p = c5 + c6*r
	WORD	$0x4eb81f0b // mov v11.16b, v24.16b
	VFMLA	V9.S4, V1.S4, V11.S4 // p = c4 + p*r
	WORD	$0x4eb71ee9 // mov v9.16b, v23.16b
	VFMLA	V11.S4, V1.S4, V9.S4 // p = c3 + p*r
	WORD	$0x4eb61ecb // mov v11.16b, v22.16b
	VFMLA	V9.S4, V1.S4, V11.S4 // p = c2 + p*r
	WORD	$0x6e21dc23 // fmul v3.4s, v1.4s, v1.4s // r*r
	VFMLA	V3.S4, V11.S4, V1.S4 // r + r*r*p = e^r - 1
	WORD	$0x4e3bd421 // fadd v1.4s, v1.4s, v27.4s // e^r
	WORD	$0x6e27dc21 // fmul v1.4s, v1.4s, v7.4s // e^r * 2^n1 is exact
	WORD	$0x6e25dc21 // fmul v1.4s, v1.4s, v5.4s // * 2^n2 rounds once, to 0 or +Inf if out of range
	WORD	$0x4e20d58c // fadd v12.4s, v12.4s, v0.4s
	WORD	$0x4e21d5ad // fadd v13.4s, v13.4s, v1.4s
	VST1.P	[V0.S4, V1.S4], 32(R3)
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	WORD	$0x4ebcd400 // fsub v0.4s, v0.4s, v28.4s // x - m
	EXPV0
	WORD	$0x4e20d58c // fadd v12.4s, v12.4s, v0.4s
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

reduce:
	WORD	$0x4e2dd58c // fadd v12.4s, v12.4s, v13.4s
	WORD	$0x6e2cd58c // faddp v12.4s, v12.4s, v12.4s
	WORD	$0x7e30d98c // faddp s12, v12.2s

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	WORD	$0x4ebcd400 // fsub v0.4s, v0.4s, v28.4s // x - m
	EXPV0
	FADDS	F0, F12
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	FMOVS	F12, sum+56(FP)
	RET

// func sumExpShiftNEON(x []float32, m float32) (sum float32)
//
// Returns the sum of e^(x-m), as expShiftSumNEON without storing.
TEXT ·sumExpShiftNEON(SB), NOSPLIT, $0-36
	MOVD	x_len+8(FP), R1	// R1: elements left
	MOVD	x_base+0(FP), R0	// R0: x load pointer
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
	WORD	$0x4ebcd400 // fsub v0.4s, v0.4s, v28.4s // x - m
	EXPV0
	WORD	$0x4ebcd421 // fsub v1.4s, v1.4s, v28.4s // x - m
	WORD	$0x4eb0f421 // fmin v1.4s, v1.4s, v16.4s // clamp; NaN stays NaN
	WORD	$0x4e31f421 // fmax v1.4s, v1.4s, v17.4s
	WORD	$0x6e32dc23 // fmul v3.4s, v1.4s, v18.4s // x*log2(e)
	WORD	$0x4e218863 // frintn v3.4s, v3.4s // n = round to nearest even
	VFMLS	V19.S4, V3.S4, V1.S4 // r = x - n*ln2hi
	VFMLS	V20.S4, V3.S4, V1.S4 // r -= n*ln2lo
	WORD	$0x4ea1b865 // fcvtzs v5.4s, v3.4s // n as integer, -150..128
	WORD	$0x4f3f04a7 // sshr v7.4s, v5.4s, #1 // n1 = n>>1
	WORD	$0x6ea784a5 // sub v5.4s, v5.4s, v7.4s // n2 = n - n1
	WORD	$0x4eb584a5 // add v5.4s, v5.4s, v21.4s
	WORD	$0x4eb584e7 // add v7.4s, v7.4s, v21.4s
	WORD	$0x4f3754a5 // shl v5.4s, v5.4s, #23 // 2^n2
	WORD	$0x4f3754e7 // shl v7.4s, v7.4s, #23 // 2^n1
	WORD	$0x4eb91f29 // mov v9.16b, v25.16b
	VFMLA	V26.S4, V1.S4, V9.S4 // p = c5 + c6*r
	WORD	$0x4eb81f0b // mov v11.16b, v24.16b
	VFMLA	V9.S4, V1.S4, V11.S4 // p = c4 + p*r
	WORD	$0x4eb71ee9 // mov v9.16b, v23.16b
	VFMLA	V11.S4, V1.S4, V9.S4 // p = c3 + p*r
	WORD	$0x4eb61ecb // mov v11.16b, v22.16b
	VFMLA	V9.S4, V1.S4, V11.S4 // p = c2 + p*r
	WORD	$0x6e21dc23 // fmul v3.4s, v1.4s, v1.4s // r*r
	VFMLA	V3.S4, V11.S4, V1.S4 // r + r*r*p = e^r - 1
	WORD	$0x4e3bd421 // fadd v1.4s, v1.4s, v27.4s // e^r
	WORD	$0x6e27dc21 // fmul v1.4s, v1.4s, v7.4s // e^r * 2^n1 is exact
	WORD	$0x6e25dc21 // fmul v1.4s, v1.4s, v5.4s // * 2^n2 rounds once, to 0 or +Inf if out of range
	WORD	$0x4e20d58c // fadd v12.4s, v12.4s, v0.4s
	WORD	$0x4e21d5ad // fadd v13.4s, v13.4s, v1.4s
	SUB	$8, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	WORD	$0x4ebcd400 // fsub v0.4s, v0.4s, v28.4s // x - m
	EXPV0
	WORD	$0x4e20d58c // fadd v12.4s, v12.4s, v0.4s
	SUB	$4, R1
	B	loop4

reduce:
	WORD	$0x4e2dd58c // fadd v12.4s, v12.4s, v13.4s
	WORD	$0x6e2cd58c // faddp v12.4s, v12.4s, v12.4s
	WORD	$0x7e30d98c // faddp s12, v12.2s

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	WORD	$0x4ebcd400 // fsub v0.4s, v0.4s, v28.4s // x - m
	EXPV0
	FADDS	F0, F12
	SUB	$1, R1
	B	tail

done:
	FMOVS	F12, sum+32(FP)
	RET

// func sigmoidNEON(dst, x []float32)
//
// dst = 1/(1+e^-x), evaluated as 1/(1+e^-|x|) for x >= 0 and
// e^-|x|/(1+e^-|x|) for x < 0, so that no cancellation occurs and tiny
// results (down to subnormals) keep their relative accuracy; +-Inf give
// exactly 1 and 0, NaN gives NaN.
TEXT ·sigmoidNEON(SB), NOSPLIT, $0-48
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	x_base+24(FP), R0	// R0: x load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer
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
	WORD	$0x4ea0f82d // fabs v13.4s, v1.4s
	WORD	$0x6ea0f9ad // fneg v13.4s, v13.4s // -|x|
	WORD	$0x4eb0f5ad // fmin v13.4s, v13.4s, v16.4s // clamp; NaN stays NaN
	WORD	$0x4e31f5ad // fmax v13.4s, v13.4s, v17.4s
	WORD	$0x6e32dda3 // fmul v3.4s, v13.4s, v18.4s // x*log2(e)
	WORD	$0x4e218863 // frintn v3.4s, v3.4s // n = round to nearest even
	VFMLS	V19.S4, V3.S4, V13.S4 // r = x - n*ln2hi
	VFMLS	V20.S4, V3.S4, V13.S4 // r -= n*ln2lo
	WORD	$0x4ea1b865 // fcvtzs v5.4s, v3.4s // n as integer, -150..128
	WORD	$0x4f3f04a7 // sshr v7.4s, v5.4s, #1 // n1 = n>>1
	WORD	$0x6ea784a5 // sub v5.4s, v5.4s, v7.4s // n2 = n - n1
	WORD	$0x4eb584a5 // add v5.4s, v5.4s, v21.4s
	WORD	$0x4eb584e7 // add v7.4s, v7.4s, v21.4s
	WORD	$0x4f3754a5 // shl v5.4s, v5.4s, #23 // 2^n2
	WORD	$0x4f3754e7 // shl v7.4s, v7.4s, #23 // 2^n1
	WORD	$0x4eb91f29 // mov v9.16b, v25.16b
	VFMLA	V26.S4, V13.S4, V9.S4 // p = c5 + c6*r
	WORD	$0x4eb81f0b // mov v11.16b, v24.16b
	VFMLA	V9.S4, V13.S4, V11.S4 // p = c4 + p*r
	WORD	$0x4eb71ee9 // mov v9.16b, v23.16b
	VFMLA	V11.S4, V13.S4, V9.S4 // p = c3 + p*r
	WORD	$0x4eb61ecb // mov v11.16b, v22.16b
	VFMLA	V9.S4, V13.S4, V11.S4 // p = c2 + p*r
	WORD	$0x6e2ddda3 // fmul v3.4s, v13.4s, v13.4s // r*r
	VFMLA	V3.S4, V11.S4, V13.S4 // r + r*r*p = e^r - 1
	WORD	$0x4e3bd5ad // fadd v13.4s, v13.4s, v27.4s // e^r
	WORD	$0x6e27ddad // fmul v13.4s, v13.4s, v7.4s // e^r * 2^n1 is exact
	WORD	$0x6e25ddad // fmul v13.4s, v13.4s, v5.4s // * 2^n2 rounds once, to 0 or +Inf if out of range
	WORD	$0x4e3bd5a3 // fadd v3.4s, v13.4s, v27.4s // 1 + e^-|x|
	WORD	$0x4ea0e825 // fcmlt v5.4s, v1.4s, #0.0
	WORD	$0x4ebb1f67 // mov v7.16b, v27.16b
	WORD	$0x6ea51da7 // bit v7.16b, v13.16b, v5.16b // x < 0 ? e^-|x| : 1
	WORD	$0x6e23fce1 // fdiv v1.4s, v7.4s, v3.4s
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

// func tanhNEON(dst, x []float32)
//
// dst = tanh(x) = sign(x)*tanh(|x|). For |x| < 0.75, |x| + |x|^3*P(x^2)
// with P of degree 5 interpolating (tanh(a)-a)/a^3 at Chebyshev nodes in
// a^2 (no cancellation; tiny x give x exactly); above, 1 - 2/(e^2|x| + 1),
// which rounds to exactly 1 from |x| ~ 9 on. NaN gives NaN, -0 gives -0.
// One vector per iteration: the constants fill V8-V13 and V16-V30.
TEXT ·tanhNEON(SB), NOSPLIT, $0-48
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	x_base+24(FP), R0	// R0: x load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer
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
