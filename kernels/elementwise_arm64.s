//go:build !purego

#include "textflag.h"

// Elementwise kernels. Float vector instructions the Go assembler does not
// know are written as WORD with the instruction in the comment. Each
// kernel runs 16 elements (four vectors) per iteration, then 4, then
// single elements through the same vector code in lane 0, so the last
// elements get exactly the arithmetic of the others and no load or store
// goes past a slice's end. Inputs occupy V0-V11, temporaries the next
// registers, broadcast scalars V24 and up. Outputs may alias inputs element
// for element: each element is loaded before its result is stored.

// func addNEON(dst, a, b []float32)
TEXT ·addNEON(SB), NOSPLIT, $0-72
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	a_base+24(FP), R0	// R0: a load pointer
	MOVD	b_base+48(FP), R2	// R2: b load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
	WORD	$0x4e25d421 // fadd v1.4s, v1.4s, v5.4s
	WORD	$0x4e26d442 // fadd v2.4s, v2.4s, v6.4s
	WORD	$0x4e27d463 // fadd v3.4s, v3.4s, v7.4s
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	WORD	$0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func subNEON(dst, a, b []float32)
TEXT ·subNEON(SB), NOSPLIT, $0-72
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	a_base+24(FP), R0	// R0: a load pointer
	MOVD	b_base+48(FP), R2	// R2: b load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x4ea4d400 // fsub v0.4s, v0.4s, v4.4s
	WORD	$0x4ea5d421 // fsub v1.4s, v1.4s, v5.4s
	WORD	$0x4ea6d442 // fsub v2.4s, v2.4s, v6.4s
	WORD	$0x4ea7d463 // fsub v3.4s, v3.4s, v7.4s
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x4ea4d400 // fsub v0.4s, v0.4s, v4.4s
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	WORD	$0x4ea4d400 // fsub v0.4s, v0.4s, v4.4s
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func mulNEON(dst, a, b []float32)
TEXT ·mulNEON(SB), NOSPLIT, $0-72
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	a_base+24(FP), R0	// R0: a load pointer
	MOVD	b_base+48(FP), R2	// R2: b load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x6e24dc00 // fmul v0.4s, v0.4s, v4.4s
	WORD	$0x6e25dc21 // fmul v1.4s, v1.4s, v5.4s
	WORD	$0x6e26dc42 // fmul v2.4s, v2.4s, v6.4s
	WORD	$0x6e27dc63 // fmul v3.4s, v3.4s, v7.4s
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x6e24dc00 // fmul v0.4s, v0.4s, v4.4s
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	WORD	$0x6e24dc00 // fmul v0.4s, v0.4s, v4.4s
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func addsNEON(dst, a []float32, s float32)
TEXT ·addsNEON(SB), NOSPLIT, $0-52
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	a_base+24(FP), R0	// R0: a load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer
	FMOVS	s+48(FP), F24
	VDUP	V24.S[0], V24.S4 // V24: s

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD	$0x4e38d400 // fadd v0.4s, v0.4s, v24.4s
	WORD	$0x4e38d421 // fadd v1.4s, v1.4s, v24.4s
	WORD	$0x4e38d442 // fadd v2.4s, v2.4s, v24.4s
	WORD	$0x4e38d463 // fadd v3.4s, v3.4s, v24.4s
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	WORD	$0x4e38d400 // fadd v0.4s, v0.4s, v24.4s
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	WORD	$0x4e38d400 // fadd v0.4s, v0.4s, v24.4s
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func axpbyNEON(a float32, x []float32, b float32, y []float32)
//
// y = a*x + b*y, computed as fma(b, y, a*x) like the generic level as
// compiled for arm64.
TEXT ·axpbyNEON(SB), NOSPLIT, $0-64
	MOVD	x_len+16(FP), R1	// R1: elements left
	MOVD	x_base+8(FP), R0	// R0: x load pointer
	MOVD	y_base+40(FP), R2	// R2: y load pointer
	MOVD	y_base+40(FP), R3	// R3: y store pointer
	FMOVS	a+0(FP), F24
	FMOVS	b+32(FP), F25
	VDUP	V24.S[0], V24.S4 // V24: a
	VDUP	V25.S[0], V25.S4 // V25: b

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x6e38dc08 // fmul v8.4s, v0.4s, v24.4s
	VFMLA	V25.S4, V4.S4, V8.S4
	WORD	$0x6e38dc29 // fmul v9.4s, v1.4s, v24.4s
	VFMLA	V25.S4, V5.S4, V9.S4
	WORD	$0x6e38dc4a // fmul v10.4s, v2.4s, v24.4s
	VFMLA	V25.S4, V6.S4, V10.S4
	WORD	$0x6e38dc6b // fmul v11.4s, v3.4s, v24.4s
	VFMLA	V25.S4, V7.S4, V11.S4
	VST1.P	[V8.S4, V9.S4, V10.S4, V11.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x6e38dc08 // fmul v8.4s, v0.4s, v24.4s
	VFMLA	V25.S4, V4.S4, V8.S4
	VST1.P	[V8.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	WORD	$0x6e38dc08 // fmul v8.4s, v0.4s, v24.4s
	VFMLA	V25.S4, V4.S4, V8.S4
	FMOVS.P	F8, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func reluNEON(dst, x []float32)
//
// dst = x with the lanes where x < 0 cleared. NaN < 0 is false, so NaN
// passes through, and -0 stays -0, as in the generic level.
TEXT ·reluNEON(SB), NOSPLIT, $0-48
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	x_base+24(FP), R0	// R0: x load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD	$0x4ea0e804 // fcmlt v4.4s, v0.4s, #0.0
	WORD	$0x4e641c00 // bic v0.16b, v0.16b, v4.16b
	WORD	$0x4ea0e825 // fcmlt v5.4s, v1.4s, #0.0
	WORD	$0x4e651c21 // bic v1.16b, v1.16b, v5.16b
	WORD	$0x4ea0e846 // fcmlt v6.4s, v2.4s, #0.0
	WORD	$0x4e661c42 // bic v2.16b, v2.16b, v6.16b
	WORD	$0x4ea0e867 // fcmlt v7.4s, v3.4s, #0.0
	WORD	$0x4e671c63 // bic v3.16b, v3.16b, v7.16b
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	WORD	$0x4ea0e804 // fcmlt v4.4s, v0.4s, #0.0
	WORD	$0x4e641c00 // bic v0.16b, v0.16b, v4.16b
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	WORD	$0x4ea0e804 // fcmlt v4.4s, v0.4s, #0.0
	WORD	$0x4e641c00 // bic v0.16b, v0.16b, v4.16b
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func reluBackwardNEON(dx, dy, x []float32)
//
// dx = dy where x > 0, else +0 (NaN > 0 is false).
TEXT ·reluBackwardNEON(SB), NOSPLIT, $0-72
	MOVD	dx_len+8(FP), R1	// R1: elements left
	MOVD	dy_base+24(FP), R0	// R0: dy load pointer
	MOVD	x_base+48(FP), R2	// R2: x load pointer
	MOVD	dx_base+0(FP), R3	// R3: dx store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x4ea0c888 // fcmgt v8.4s, v4.4s, #0.0
	WORD	$0x4e281c00 // and v0.16b, v0.16b, v8.16b
	WORD	$0x4ea0c8a9 // fcmgt v9.4s, v5.4s, #0.0
	WORD	$0x4e291c21 // and v1.16b, v1.16b, v9.16b
	WORD	$0x4ea0c8ca // fcmgt v10.4s, v6.4s, #0.0
	WORD	$0x4e2a1c42 // and v2.16b, v2.16b, v10.16b
	WORD	$0x4ea0c8eb // fcmgt v11.4s, v7.4s, #0.0
	WORD	$0x4e2b1c63 // and v3.16b, v3.16b, v11.16b
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x4ea0c888 // fcmgt v8.4s, v4.4s, #0.0
	WORD	$0x4e281c00 // and v0.16b, v0.16b, v8.16b
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	WORD	$0x4ea0c888 // fcmgt v8.4s, v4.4s, #0.0
	WORD	$0x4e281c00 // and v0.16b, v0.16b, v8.16b
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func leakyNEON(dst, x []float32, slope float32)
//
// dst = slope*x where x < 0, else x (NaN passes through).
TEXT ·leakyNEON(SB), NOSPLIT, $0-52
	MOVD	dst_len+8(FP), R1	// R1: elements left
	MOVD	x_base+24(FP), R0	// R0: x load pointer
	MOVD	dst_base+0(FP), R3	// R3: dst store pointer
	FMOVS	slope+48(FP), F24
	VDUP	V24.S[0], V24.S4 // V24: slope

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD	$0x4ea0e804 // fcmlt v4.4s, v0.4s, #0.0
	WORD	$0x6e38dc08 // fmul v8.4s, v0.4s, v24.4s
	WORD	$0x6ea41d00 // bit v0.16b, v8.16b, v4.16b
	WORD	$0x4ea0e825 // fcmlt v5.4s, v1.4s, #0.0
	WORD	$0x6e38dc29 // fmul v9.4s, v1.4s, v24.4s
	WORD	$0x6ea51d21 // bit v1.16b, v9.16b, v5.16b
	WORD	$0x4ea0e846 // fcmlt v6.4s, v2.4s, #0.0
	WORD	$0x6e38dc4a // fmul v10.4s, v2.4s, v24.4s
	WORD	$0x6ea61d42 // bit v2.16b, v10.16b, v6.16b
	WORD	$0x4ea0e867 // fcmlt v7.4s, v3.4s, #0.0
	WORD	$0x6e38dc6b // fmul v11.4s, v3.4s, v24.4s
	WORD	$0x6ea71d63 // bit v3.16b, v11.16b, v7.16b
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	WORD	$0x4ea0e804 // fcmlt v4.4s, v0.4s, #0.0
	WORD	$0x6e38dc08 // fmul v8.4s, v0.4s, v24.4s
	WORD	$0x6ea41d00 // bit v0.16b, v8.16b, v4.16b
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	WORD	$0x4ea0e804 // fcmlt v4.4s, v0.4s, #0.0
	WORD	$0x6e38dc08 // fmul v8.4s, v0.4s, v24.4s
	WORD	$0x6ea41d00 // bit v0.16b, v8.16b, v4.16b
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func leakyBackwardNEON(dx, dy, x []float32, slope float32)
//
// dx = dy where x > 0, else slope*dy.
TEXT ·leakyBackwardNEON(SB), NOSPLIT, $0-76
	MOVD	dx_len+8(FP), R1	// R1: elements left
	MOVD	dy_base+24(FP), R0	// R0: dy load pointer
	MOVD	x_base+48(FP), R2	// R2: x load pointer
	MOVD	dx_base+0(FP), R3	// R3: dx store pointer
	FMOVS	slope+72(FP), F24
	VDUP	V24.S[0], V24.S4 // V24: slope

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x4ea0c888 // fcmgt v8.4s, v4.4s, #0.0
	WORD	$0x6e38dc0c // fmul v12.4s, v0.4s, v24.4s
	WORD	$0x6ea81c0c // bit v12.16b, v0.16b, v8.16b
	WORD	$0x4ea0c8a9 // fcmgt v9.4s, v5.4s, #0.0
	WORD	$0x6e38dc2d // fmul v13.4s, v1.4s, v24.4s
	WORD	$0x6ea91c2d // bit v13.16b, v1.16b, v9.16b
	WORD	$0x4ea0c8ca // fcmgt v10.4s, v6.4s, #0.0
	WORD	$0x6e38dc4e // fmul v14.4s, v2.4s, v24.4s
	WORD	$0x6eaa1c4e // bit v14.16b, v2.16b, v10.16b
	WORD	$0x4ea0c8eb // fcmgt v11.4s, v7.4s, #0.0
	WORD	$0x6e38dc6f // fmul v15.4s, v3.4s, v24.4s
	WORD	$0x6eab1c6f // bit v15.16b, v3.16b, v11.16b
	VST1.P	[V12.S4, V13.S4, V14.S4, V15.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x4ea0c888 // fcmgt v8.4s, v4.4s, #0.0
	WORD	$0x6e38dc0c // fmul v12.4s, v0.4s, v24.4s
	WORD	$0x6ea81c0c // bit v12.16b, v0.16b, v8.16b
	VST1.P	[V12.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	WORD	$0x4ea0c888 // fcmgt v8.4s, v4.4s, #0.0
	WORD	$0x6e38dc0c // fmul v12.4s, v0.4s, v24.4s
	WORD	$0x6ea81c0c // bit v12.16b, v0.16b, v8.16b
	FMOVS.P	F12, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func addBiasRowsNEON(c, bias []float32, rows int)
//
// Adds bias to each of the rows consecutive rows of len(bias) elements
// starting at c's base: one call for a whole block of rows instead of one
// per row. Each row runs the loops of addNEON.
TEXT ·addBiasRowsNEON(SB), NOSPLIT, $0-56
	MOVD	c_base+0(FP), R0	// R0: c load pointer
	MOVD	R0, R3	// R3: c store pointer
	MOVD	bias_base+24(FP), R6	// R6: bias start
	MOVD	bias_len+32(FP), R7	// R7: cols
	MOVD	rows+48(FP), R8	// R8: rows left

row:
	CBZ	R8, done
	MOVD	R6, R2	// R2: bias load pointer
	MOVD	R7, R1	// R1: elements left in this row

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
	WORD	$0x4e25d421 // fadd v1.4s, v1.4s, v5.4s
	WORD	$0x4e26d442 // fadd v2.4s, v2.4s, v6.4s
	WORD	$0x4e27d463 // fadd v3.4s, v3.4s, v7.4s
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail:
	CBZ	R1, nextrow
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FADDS	F4, F0	// F0 = F0 + F4
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

nextrow:
	SUB	$1, R8
	B	row

done:
	RET

// func colSumRowsNEON(dst, a []float32, rows int)
//
// Adds the rows consecutive rows of len(dst) elements starting at a's base
// into dst, in row order: dst += row, one call for a block of rows.
TEXT ·colSumRowsNEON(SB), NOSPLIT, $0-56
	MOVD	dst_base+0(FP), R6	// R6: dst start
	MOVD	dst_len+8(FP), R7	// R7: cols
	MOVD	a_base+24(FP), R0	// R0: a load pointer, through all rows
	MOVD	rows+48(FP), R8	// R8: rows left

row:
	CBZ	R8, done
	MOVD	R6, R2	// R2: dst load pointer
	MOVD	R6, R3	// R3: dst store pointer
	MOVD	R7, R1	// R1: elements left in this row

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD	$0x4e20d484 // fadd v4.4s, v4.4s, v0.4s
	WORD	$0x4e21d4a5 // fadd v5.4s, v5.4s, v1.4s
	WORD	$0x4e22d4c6 // fadd v6.4s, v6.4s, v2.4s
	WORD	$0x4e23d4e7 // fadd v7.4s, v7.4s, v3.4s
	VST1.P	[V4.S4, V5.S4, V6.S4, V7.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	WORD	$0x4e20d484 // fadd v4.4s, v4.4s, v0.4s
	VST1.P	[V4.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail:
	CBZ	R1, nextrow
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FADDS	F0, F4	// F4 = F4 + F0
	FMOVS.P	F4, 4(R3)
	SUB	$1, R1
	B	tail

nextrow:
	SUB	$1, R8
	B	row

done:
	RET
