//go:build !purego

#include "textflag.h"

// Row-wise reductions. Float vector instructions the Go assembler does
// not know are written as WORD with the instruction in the comment.

// func maxNEON(x []float32) (max float32)
//
// Returns the maximum of x, -Inf if x is empty. FMAX, FMAXV and the scalar
// FMAX return NaN when an operand is NaN, so any NaN in x gives NaN.
// Four vectors of running maxima (V16-V19), then single elements.
TEXT ·maxNEON(SB), NOSPLIT, $0-28
	MOVD	x_len+8(FP), R1	// R1: elements left
	MOVD	x_base+0(FP), R0	// R0: x load pointer
	MOVW	$0xff800000, R5
	VDUP	R5, V16.S4	// V16-V19: running maxima, from -Inf
	VMOV	V16.B16, V17.B16
	VMOV	V16.B16, V18.B16
	VMOV	V16.B16, V19.B16

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD	$0x4e20f610 // fmax v16.4s, v16.4s, v0.4s
	WORD	$0x4e21f631 // fmax v17.4s, v17.4s, v1.4s
	WORD	$0x4e22f652 // fmax v18.4s, v18.4s, v2.4s
	WORD	$0x4e23f673 // fmax v19.4s, v19.4s, v3.4s
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	WORD	$0x4e20f610 // fmax v16.4s, v16.4s, v0.4s
	SUB	$4, R1
	B	loop4

reduce:
	WORD	$0x4e31f610 // fmax v16.4s, v16.4s, v17.4s
	WORD	$0x4e33f652 // fmax v18.4s, v18.4s, v19.4s
	WORD	$0x4e32f610 // fmax v16.4s, v16.4s, v18.4s
	WORD	$0x6e30fa10 // fmaxv s16, v16.4s

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	WORD	$0x1e204a10 // fmax s16, s16, s0
	SUB	$1, R1
	B	tail

done:
	FMOVS	F16, max+24(FP)
	RET

// func subShiftNEON(dst, x []float32, m, ls float32)
//
// dst = (x - m) - ls, the last step of log-softmax; dst may alias x.
TEXT ·subShiftNEON(SB), NOSPLIT, $0-56
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	x_base+24(FP), R0	// R0: x load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer
	FMOVS	m+48(FP), F24
	FMOVS	ls+52(FP), F25
	VDUP	V24.S[0], V24.S4	// V24: m
	VDUP	V25.S[0], V25.S4	// V25: ls

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD	$0x4eb8d400 // fsub v0.4s, v0.4s, v24.4s
	WORD	$0x4eb9d400 // fsub v0.4s, v0.4s, v25.4s
	WORD	$0x4eb8d421 // fsub v1.4s, v1.4s, v24.4s
	WORD	$0x4eb9d421 // fsub v1.4s, v1.4s, v25.4s
	WORD	$0x4eb8d442 // fsub v2.4s, v2.4s, v24.4s
	WORD	$0x4eb9d442 // fsub v2.4s, v2.4s, v25.4s
	WORD	$0x4eb8d463 // fsub v3.4s, v3.4s, v24.4s
	WORD	$0x4eb9d463 // fsub v3.4s, v3.4s, v25.4s
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	WORD	$0x4eb8d400 // fsub v0.4s, v0.4s, v24.4s
	WORD	$0x4eb9d400 // fsub v0.4s, v0.4s, v25.4s
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	WORD	$0x4eb8d400 // fsub v0.4s, v0.4s, v24.4s
	WORD	$0x4eb9d400 // fsub v0.4s, v0.4s, v25.4s
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET
