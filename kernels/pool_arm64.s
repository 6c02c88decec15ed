//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// The NEON level's 2×2 pooling row kernels (pool_arm64.go): 4 output
// columns a step, the window's two input rows read with VLD2 (which
// splits even and odd columns) and the backward passes' written with VST2
// (which interleaves them); only whole steps, the columns past n4 are
// Go's.
//
// Registers shared by the four kernels:
//   R0, R1    y (or dy) and arg cursors
//   R2        input (or input-gradient) row 2·r of the current row pair
//   R3        rows left; R4 = n4; R19 = ow·4; R6 = w; R7 = plane index
//             of R2[0]; R9 = w·4
//   R10, R11  cursors in rows 2·r and 2·r+1; R14 the plane index of the
//             step's first window's tap (0,0); R15 columns left
//   V12       2·lane (·poolLanes); V13, V14, V15 the tap offsets 1, w,
//             w+1 (max) or div in each lane (avg); V10 zero

// FCMEQ4S sets a lane of d to all ones where n = m (false for NaN),
// CMEQ4S where the int32 lanes are equal; ORN16B d = n | ^m.
#define FCMEQ4S(m, n, d) WORD $(0x4e20e400 | (m)<<16 | (n)<<5 | (d))
#define CMEQ4S(m, n, d) WORD $(0x6ea08c00 | (m)<<16 | (n)<<5 | (d))
#define ORN16B(m, n, d) WORD $(0x4ee01c00 | (m)<<16 | (n)<<5 | (d))

// ARGS loads the row geometry shared by the kernels: rows R3, columns
// R4, and R19, R6, R9; it returns when there is nothing to do.
#define ARGS(off) \
	MOVD n+(off)(FP), R3;       \
	MOVD n4+(off+8)(FP), R4;    \
	MOVD ow+(off+16)(FP), R19;  \
	MOVD w+(off+24)(FP), R6;    \
	CBZ  R3, done;              \
	CBZ  R4, done;              \
	LSL  $2, R19, R19;          \
	LSL  $2, R6, R9;            \
	VEOR V10.B16, V10.B16, V10.B16

// TAPS loads V12 and the tap offsets V13..V15.
#define TAPS \
	MOVD $·poolLanes(SB), R8; \
	VLD1 (R8), [V12.S4];      \
	MOVD $1, R8;              \
	VDUP R8, V13.S4;          \
	VDUP R6, V14.S4;          \
	ADD4S(13, 14, 15)

// ROWS(STEP) runs STEP over the n4/4 steps of each row pair, then moves
// to the next pair.
#define ROWS(STEP) \
row:                      \
	MOVD R2, R10;         \
	ADD  R9, R2, R11;     \
	MOVD R7, R14;         \
	MOVD R4, R15;         \
	MOVD R0, R20;         \
	MOVD R1, R21;         \
col:                      \
	STEP;                 \
	ADD  $8, R14;         \
	SUBS $4, R15, R15;    \
	BNE  col;             \
	ADD  R9, R2, R2;      \
	ADD  R9, R2, R2;      \
	ADD  R19, R0, R0;     \
	ADD  R19, R1, R1;     \
	ADD  R6, R7, R7;      \
	ADD  R6, R7, R7;      \
	SUBS $1, R3, R3;      \
	BNE  row;             \
done:                     \
	RET

// TAKE makes tap v the maximum (V4) where it is larger or NaN, and
// records its offset tap in V8.
#define TAKE(v, tap) \
	FCMGT4S(4, v, 5);  \
	FCMEQ4S(v, v, 6);  \
	ORN16B(6, 5, 5);   \
	BIT16B(5, v, 4);   \
	BIT16B(5, tap, 8)

// WINDOWBASE sets V9 to the plane index of each window's tap (0,0).
#define WINDOWBASE \
	VDUP R14, V9.S4; \
	ADD4S(12, 9, 9)

// MAXSTEP: the maximum and argmax of 4 windows to y (R20) and arg (R21).
#define MAXSTEP \
	VLD2.P 32(R10), [V0.S4, V1.S4]; \
	VLD2.P 32(R11), [V2.S4, V3.S4]; \
	MOV16B(0, 4);                   \
	VEOR   V8.B16, V8.B16, V8.B16;  \
	TAKE(1, 13);                    \
	TAKE(2, 14);                    \
	TAKE(3, 15);                    \
	WINDOWBASE;                     \
	ADD4S(8, 9, 9);                 \
	VST1.P [V4.S4], 16(R20);        \
	VST1.P [V9.S4], 16(R21)

// func maxPool2x2NEONAsm(y *float32, arg *int32, x *float32, n, n4, ow, w, base int)
TEXT ·maxPool2x2NEONAsm(SB), NOSPLIT, $0-64
	MOVD y+0(FP), R0
	MOVD arg+8(FP), R1
	MOVD x+16(FP), R2
	MOVD base+56(FP), R7
	ARGS(24)
	TAPS
	ROWS(MAXSTEP)

// MAXBACKSTEP: dy (R20) of 4 windows to the tap arg (R21) names, 0 to
// the others.
#define MAXBACKSTEP \
	VLD1.P 16(R20), [V0.S4];        \
	VLD1.P 16(R21), [V1.S4];        \
	WINDOWBASE;                     \
	SUB4S(9, 1, 1);                 \
	CMEQ4S(10, 1, 4);               \
	AND16B(0, 4, 4);                \
	CMEQ4S(13, 1, 5);               \
	AND16B(0, 5, 5);                \
	CMEQ4S(14, 1, 6);               \
	AND16B(0, 6, 6);                \
	CMEQ4S(15, 1, 7);               \
	AND16B(0, 7, 7);                \
	VST2.P [V4.S4, V5.S4], 32(R10); \
	VST2.P [V6.S4, V7.S4], 32(R11)

// func maxPool2x2BackwardNEONAsm(dx, dy *float32, arg *int32, n, n4, ow, w, base int)
TEXT ·maxPool2x2BackwardNEONAsm(SB), NOSPLIT, $0-64
	MOVD dx+0(FP), R2
	MOVD dy+8(FP), R0
	MOVD arg+16(FP), R1
	MOVD base+56(FP), R7
	ARGS(24)
	TAPS
	ROWS(MAXBACKSTEP)

// AVGSTEP: (((0 + tap00) + tap01) + tap10) + tap11) / div of 4 windows
// to y (R20).
#define AVGSTEP \
	VLD2.P 32(R10), [V0.S4, V1.S4]; \
	VLD2.P 32(R11), [V2.S4, V3.S4]; \
	FADD4S(0, 10, 4);               \
	FADD4S(1, 4, 4);                \
	FADD4S(2, 4, 4);                \
	FADD4S(3, 4, 4);                \
	FDIV4S(13, 4, 4);               \
	VST1.P [V4.S4], 16(R20)

// func avgPool2x2NEONAsm(y, x *float32, n, n4, ow, w int, div float32)
TEXT ·avgPool2x2NEONAsm(SB), NOSPLIT, $0-52
	MOVD  y+0(FP), R0
	MOVD  x+8(FP), R2
	MOVD  $0, R7
	FMOVS div+48(FP), F13
	VDUP  V13.S[0], V13.S4
	ARGS(16)
	ROWS(AVGSTEP)

// AVGBACKSTEP: 0 + dy/div of 4 windows (R20) to each of their taps.
#define AVGBACKSTEP \
	VLD1.P 16(R20), [V0.S4];        \
	FDIV4S(13, 0, 0);               \
	FADD4S(0, 10, 4);               \
	MOV16B(4, 5);                   \
	VST2.P [V4.S4, V5.S4], 32(R10); \
	VST2.P [V4.S4, V5.S4], 32(R11)

// func avgPool2x2BackwardNEONAsm(dx, dy *float32, n, n4, ow, w int, div float32)
TEXT ·avgPool2x2BackwardNEONAsm(SB), NOSPLIT, $0-52
	MOVD  dx+0(FP), R2
	MOVD  dy+8(FP), R0
	MOVD  $0, R7
	FMOVS div+48(FP), F13
	VDUP  V13.S[0], V13.S4
	ARGS(16)
	ROWS(AVGBACKSTEP)

// TAPSTEP merges the tap V1 into the running maximum of 4 outputs (R0,
// R1), where it is larger or NaN, the plane indices being R5 + V12.
#define TAPSTEP \
	VLD1   (R0), [V0.S4];     \
	FCMGT4S(0, 1, 5);         \
	FCMEQ4S(1, 1, 6);         \
	ORN16B(6, 5, 5);          \
	BIT16B(5, 1, 0);          \
	VST1.P [V0.S4], 16(R0);   \
	VLD1   (R1), [V2.S4];     \
	VDUP   R5, V9.S4;         \
	ADD4S(12, 9, 9);          \
	BIT16B(5, 9, 2);          \
	VST1.P [V2.S4], 16(R1);   \
	ADD    R6, R5, R5

// func maxPoolTapNEONAsm(y *float32, arg *int32, x *float32, n4, stride, base int)
//
// R0 = y, R1 = arg, R2 = x, R3 = outputs left (a positive multiple of
// 4), R5 = the plane index of the step's first tap, R6 = 4·stride; V12
// the lanes' index offsets (stride·lane).
TEXT ·maxPoolTapNEONAsm(SB), NOSPLIT, $0-48
	MOVD y+0(FP), R0
	MOVD arg+8(FP), R1
	MOVD x+16(FP), R2
	MOVD n4+24(FP), R3
	MOVD stride+32(FP), R4
	MOVD base+40(FP), R5
	MOVD $·poolLanes(SB), R8
	VLD1 (R8), [V12.S4]
	LSL  $2, R4, R6
	CMP  $2, R4
	BEQ  two
	SSHR4S(1, 12, 12)

one:
	VLD1.P 16(R2), [V1.S4]
	TAPSTEP
	SUBS   $4, R3, R3
	BNE    one
	RET

two:
	VLD2.P 32(R2), [V1.S4, V2.S4]
	TAPSTEP
	SUBS   $4, R3, R3
	BNE    two
	RET
