//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Row-wise reductions. Float vector instructions the Go assembler does
// not know are written with the macros of neon_arm64.h.

// func maxNEONAsm(x *float32, n int) (max float32)
//
// Returns the maximum of x, -Inf if x is empty. FMAX, FMAXV and the scalar
// FMAX return NaN when an operand is NaN, so any NaN in x gives NaN.
// Four vectors of running maxima (V16-V19), then single elements.
TEXT ·maxNEONAsm(SB), NOSPLIT, $0-20
	MOVD	n+8(FP), R1	// R1: elements left
	MOVD	x+0(FP), R0	// R0: x load pointer
	MOVW	$0xff800000, R5
	VDUP	R5, V16.S4	// V16-V19: running maxima, from -Inf
	VMOV	V16.B16, V17.B16
	VMOV	V16.B16, V18.B16
	VMOV	V16.B16, V19.B16

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FMAX4S(0, 16, 16)
	FMAX4S(1, 17, 17)
	FMAX4S(2, 18, 18)
	FMAX4S(3, 19, 19)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	FMAX4S(0, 16, 16)
	SUB	$4, R1
	B	loop4

reduce:
	FMAX4S(17, 16, 16)
	FMAX4S(19, 18, 18)
	FMAX4S(18, 16, 16)
	FMAXV4S(16, 16)

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMAXS(0, 16, 16)
	SUB	$1, R1
	B	tail

done:
	FMOVS	F16, max+16(FP)
	RET

// func subShiftNEONAsm(dst, x *float32, n int, m, ls float32)
//
// dst = (x - m) - ls, the last step of log-softmax; dst may alias x.
TEXT ·subShiftNEONAsm(SB), NOSPLIT, $0-32
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer
	FMOVS	m+24(FP), F24
	FMOVS	ls+28(FP), F25
	VDUP	V24.S[0], V24.S4	// V24: m
	VDUP	V25.S[0], V25.S4	// V25: ls

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FSUB4S(24, 0, 0)
	FSUB4S(25, 0, 0)
	FSUB4S(24, 1, 1)
	FSUB4S(25, 1, 1)
	FSUB4S(24, 2, 2)
	FSUB4S(25, 2, 2)
	FSUB4S(24, 3, 3)
	FSUB4S(25, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	FSUB4S(24, 0, 0)
	FSUB4S(25, 0, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FSUB4S(24, 0, 0)
	FSUB4S(25, 0, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET
