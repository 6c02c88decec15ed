//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Elementwise kernels. Float vector instructions the Go assembler does not
// know are written with the macros of neon_arm64.h. Each
// kernel runs 16 elements (four vectors) per iteration, then 4, then
// single elements through the same vector code in lane 0, so the last
// elements get exactly the arithmetic of the others and no load or store
// goes past the n-th element. Inputs occupy V0-V11, temporaries the next
// registers, broadcast scalars V24 and up. Outputs may alias inputs element
// for element: each element is loaded before its result is stored.

// func addNEONAsm(dst, a, b *float32, n int)
TEXT ·addNEONAsm(SB), NOSPLIT, $0-32
	MOVD	n+24(FP), R1	// R1: elements left
	MOVD	a+8(FP), R0	// R0: a load pointer
	MOVD	b+16(FP), R2	// R2: b load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	FADD4S(4, 0, 0)
	FADD4S(5, 1, 1)
	FADD4S(6, 2, 2)
	FADD4S(7, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FADD4S(4, 0, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FADD4S(4, 0, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func subNEONAsm(dst, a, b *float32, n int)
TEXT ·subNEONAsm(SB), NOSPLIT, $0-32
	MOVD	n+24(FP), R1	// R1: elements left
	MOVD	a+8(FP), R0	// R0: a load pointer
	MOVD	b+16(FP), R2	// R2: b load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	FSUB4S(4, 0, 0)
	FSUB4S(5, 1, 1)
	FSUB4S(6, 2, 2)
	FSUB4S(7, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FSUB4S(4, 0, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FSUB4S(4, 0, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func mulNEONAsm(dst, a, b *float32, n int)
TEXT ·mulNEONAsm(SB), NOSPLIT, $0-32
	MOVD	n+24(FP), R1	// R1: elements left
	MOVD	a+8(FP), R0	// R0: a load pointer
	MOVD	b+16(FP), R2	// R2: b load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	FMUL4S(4, 0, 0)
	FMUL4S(5, 1, 1)
	FMUL4S(6, 2, 2)
	FMUL4S(7, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FMUL4S(4, 0, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FMUL4S(4, 0, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func addsNEONAsm(dst, a *float32, n int, s float32)
TEXT ·addsNEONAsm(SB), NOSPLIT, $0-28
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	a+8(FP), R0	// R0: a load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer
	FMOVS	s+24(FP), F24
	VDUP	V24.S[0], V24.S4 // V24: s

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FADD4S(24, 0, 0)
	FADD4S(24, 1, 1)
	FADD4S(24, 2, 2)
	FADD4S(24, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	FADD4S(24, 0, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FADD4S(24, 0, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func saxpbyNEONAsm(a float32, x *float32, b float32, y *float32, n int)
//
// y = a*x + b*y, computed as fma(b, y, a*x) like the generic level as
// compiled for arm64.
TEXT ·saxpbyNEONAsm(SB), NOSPLIT, $0-40
	MOVD	n+32(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	y+24(FP), R2	// R2: y load pointer
	MOVD	y+24(FP), R3	// R3: y store pointer
	FMOVS	a+0(FP), F24
	FMOVS	b+16(FP), F25
	VDUP	V24.S[0], V24.S4 // V24: a
	VDUP	V25.S[0], V25.S4 // V25: b

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	FMUL4S(24, 0, 8)
	VFMLA	V25.S4, V4.S4, V8.S4
	FMUL4S(24, 1, 9)
	VFMLA	V25.S4, V5.S4, V9.S4
	FMUL4S(24, 2, 10)
	VFMLA	V25.S4, V6.S4, V10.S4
	FMUL4S(24, 3, 11)
	VFMLA	V25.S4, V7.S4, V11.S4
	VST1.P	[V8.S4, V9.S4, V10.S4, V11.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FMUL4S(24, 0, 8)
	VFMLA	V25.S4, V4.S4, V8.S4
	VST1.P	[V8.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FMUL4S(24, 0, 8)
	VFMLA	V25.S4, V4.S4, V8.S4
	FMOVS.P	F8, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func reluNEONAsm(dst, x *float32, n int)
//
// dst = x with the lanes where x < 0 cleared. NaN < 0 is false, so NaN
// passes through, and -0 stays -0, as in the generic level.
TEXT ·reluNEONAsm(SB), NOSPLIT, $0-24
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FCMLTZ4S(0, 4)
	BIC16B(4, 0, 0)
	FCMLTZ4S(1, 5)
	BIC16B(5, 1, 1)
	FCMLTZ4S(2, 6)
	BIC16B(6, 2, 2)
	FCMLTZ4S(3, 7)
	BIC16B(7, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	FCMLTZ4S(0, 4)
	BIC16B(4, 0, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FCMLTZ4S(0, 4)
	BIC16B(4, 0, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func reluBackwardNEONAsm(dx, dy, x *float32, n int)
//
// dx = dy where !(x <= 0), else +0: NaN passes dy, as PyTorch's
// threshold_backward does.
TEXT ·reluBackwardNEONAsm(SB), NOSPLIT, $0-32
	MOVD	n+24(FP), R1	// R1: elements left
	MOVD	dy+8(FP), R0	// R0: dy load pointer
	MOVD	x+16(FP), R2	// R2: x load pointer
	MOVD	dx+0(FP), R3	// R3: dx store pointer

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	FCMLEZ4S(4, 8)
	BIC16B(8, 0, 0)
	FCMLEZ4S(5, 9)
	BIC16B(9, 1, 1)
	FCMLEZ4S(6, 10)
	BIC16B(10, 2, 2)
	FCMLEZ4S(7, 11)
	BIC16B(11, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FCMLEZ4S(4, 8)
	BIC16B(8, 0, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FCMLEZ4S(4, 8)
	BIC16B(8, 0, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func leakyNEONAsm(dst, x *float32, n int, slope float32)
//
// dst = slope*x where x < 0, else x (NaN passes through).
TEXT ·leakyNEONAsm(SB), NOSPLIT, $0-28
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	dst+0(FP), R3	// R3: dst store pointer
	FMOVS	slope+24(FP), F24
	VDUP	V24.S[0], V24.S4 // V24: slope

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FCMLTZ4S(0, 4)
	FMUL4S(24, 0, 8)
	BIT16B(4, 8, 0)
	FCMLTZ4S(1, 5)
	FMUL4S(24, 1, 9)
	BIT16B(5, 9, 1)
	FCMLTZ4S(2, 6)
	FMUL4S(24, 2, 10)
	BIT16B(6, 10, 2)
	FCMLTZ4S(3, 7)
	FMUL4S(24, 3, 11)
	BIT16B(7, 11, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	FCMLTZ4S(0, 4)
	FMUL4S(24, 0, 8)
	BIT16B(4, 8, 0)
	VST1.P	[V0.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FCMLTZ4S(0, 4)
	FMUL4S(24, 0, 8)
	BIT16B(4, 8, 0)
	FMOVS.P	F0, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func leakyBackwardNEONAsm(dx, dy, x *float32, n int, slope float32)
//
// dx = dy where x > 0, else slope*dy.
TEXT ·leakyBackwardNEONAsm(SB), NOSPLIT, $0-36
	MOVD	n+24(FP), R1	// R1: elements left
	MOVD	dy+8(FP), R0	// R0: dy load pointer
	MOVD	x+16(FP), R2	// R2: x load pointer
	MOVD	dx+0(FP), R3	// R3: dx store pointer
	FMOVS	slope+32(FP), F24
	VDUP	V24.S[0], V24.S4 // V24: slope

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	FCMGTZ4S(4, 8)
	FMUL4S(24, 0, 12)
	BIT16B(8, 0, 12)
	FCMGTZ4S(5, 9)
	FMUL4S(24, 1, 13)
	BIT16B(9, 1, 13)
	FCMGTZ4S(6, 10)
	FMUL4S(24, 2, 14)
	BIT16B(10, 2, 14)
	FCMGTZ4S(7, 11)
	FMUL4S(24, 3, 15)
	BIT16B(11, 3, 15)
	VST1.P	[V12.S4, V13.S4, V14.S4, V15.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FCMGTZ4S(4, 8)
	FMUL4S(24, 0, 12)
	BIT16B(8, 0, 12)
	VST1.P	[V12.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail: // one element in lane 0; FMOVS loads clear lanes 1-3
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FCMGTZ4S(4, 8)
	FMUL4S(24, 0, 12)
	BIT16B(8, 0, 12)
	FMOVS.P	F12, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func addBiasRowsNEONAsm(c, bias *float32, cols, rows int)
//
// Adds bias (cols elements) to each of the rows consecutive rows of cols
// elements starting at c: one call for a whole block of rows instead of one
// per row. Each row runs the loops of addNEON.
TEXT ·addBiasRowsNEONAsm(SB), NOSPLIT, $0-32
	MOVD	c+0(FP), R0	// R0: c load pointer
	MOVD	R0, R3	// R3: c store pointer
	MOVD	bias+8(FP), R6	// R6: bias start
	MOVD	cols+16(FP), R7	// R7: cols
	MOVD	rows+24(FP), R8	// R8: rows left

row:
	CBZ	R8, done
	MOVD	R6, R2	// R2: bias load pointer
	MOVD	R7, R1	// R1: elements left in this row

loopN:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	FADD4S(4, 0, 0)
	FADD4S(5, 1, 1)
	FADD4S(6, 2, 2)
	FADD4S(7, 3, 3)
	VST1.P	[V0.S4, V1.S4, V2.S4, V3.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FADD4S(4, 0, 0)
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

// func colSumRowsNEONAsm(dst, a *float32, cols, rows int)
//
// Adds the rows consecutive rows of cols elements starting at a into dst
// (cols elements), in row order: dst += row, one call for a block of rows.
TEXT ·colSumRowsNEONAsm(SB), NOSPLIT, $0-32
	MOVD	dst+0(FP), R6	// R6: dst start
	MOVD	cols+16(FP), R7	// R7: cols
	MOVD	a+8(FP), R0	// R0: a load pointer, through all rows
	MOVD	rows+24(FP), R8	// R8: rows left

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
	FADD4S(0, 4, 4)
	FADD4S(1, 5, 5)
	FADD4S(2, 6, 6)
	FADD4S(3, 7, 7)
	VST1.P	[V4.S4, V5.S4, V6.S4, V7.S4], 64(R3)
	SUB	$16, R1
	B	loopN

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	FADD4S(0, 4, 4)
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
