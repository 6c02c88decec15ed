//go:build !purego

#include "textflag.h"

// func packShiftedNEON(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32)
//
// ShiftedRows.Pack's NEON kernel. Registers: R0 = dst, R1 = w, R2 = the
// current row's offsets, R3 = rows left, R4 = src and R5 = mask at the
// panel's first column; R6 and R7 = the row's runs, R8 = floats left in
// the row.
TEXT ·packShiftedNEON(SB), NOSPLIT, $0-48
	MOVD dst+0(FP), R0
	MOVD w+8(FP), R1
	MOVD offs+16(FP), R2
	MOVD kb+24(FP), R3
	MOVD src+32(FP), R4
	MOVD mask+40(FP), R5
	CBZ  R3, done

row:
	MOVWU (R2), R6   // srcOff[p], at most MaxInt32
	MOVWU 4(R2), R7  // maskOff[p]
	ADD   R6<<2, R4, R6
	ADD   R7<<2, R5, R7
	MOVD  R1, R8

vec:
	VLD1.P 16(R6), [V0.S4]
	VLD1.P 16(R7), [V1.S4]
	VAND   V1.B16, V0.B16, V0.B16
	VST1.P [V0.S4], 16(R0)
	SUBS   $4, R8, R8
	BNE    vec
	ADD    $8, R2
	SUBS   $1, R3, R3
	BNE    row

done:
	RET
