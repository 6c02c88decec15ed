//go:build !purego

#include "textflag.h"

// func packPanelRowNEON(dst *float32, step, w, l0 int, x *float32, mask *uint32, n int)
// R0 = the current panel's column 0, R1 = step in bytes, R2 = w, R3 = the
// current lane, R4 = x, R5 = mask, R6 = values left, R7 = values left in
// the current piece (the run of columns in one panel), R8 = where they go.
TEXT ·packPanelRowNEON(SB), NOSPLIT, $0-56
	MOVD	dst+0(FP), R0
	MOVD	step+8(FP), R1
	LSL	$2, R1, R1
	MOVD	w+16(FP), R2
	MOVD	l0+24(FP), R3
	MOVD	x+32(FP), R4
	MOVD	mask+40(FP), R5
	MOVD	n+48(FP), R6

piece:
	CBZ	R6, done
	SUB	R3, R2, R7
	CMP	R6, R7
	CSEL	GT, R6, R7, R7
	SUB	R7, R6, R6
	ADD	R3<<2, R0, R8

loop4:
	CMP	$4, R7
	BLT	tail
	VLD1.P	16(R4), [V0.S4]
	VLD1.P	16(R5), [V1.S4]
	VAND	V1.B16, V0.B16, V0.B16
	VST1.P	[V0.S4], 16(R8)
	SUB	$4, R7
	B	loop4

tail:
	CBZ	R7, next
	MOVWU.P	4(R4), R9
	MOVWU.P	4(R5), R10
	ANDW	R10, R9, R9
	MOVW.P	R9, 4(R8)
	SUB	$1, R7
	B	tail

next:
	ADD	R1, R0, R0
	MOVD	ZR, R3
	B	piece

done:
	RET
