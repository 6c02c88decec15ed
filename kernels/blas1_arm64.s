//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// Float vector instructions the Go assembler does not know are written with
// the macros of neon_arm64.h. Loops do 16 elements (four
// vectors) at a time, then 4, then single elements, so no load or store
// goes past the n-th element.

// func saxpyNEONAsm(a float32, x, y *float32, n int)
TEXT ·saxpyNEONAsm(SB), NOSPLIT, $0-32
	FMOVS	a+0(FP), F0	// F0: a
	MOVD	x+8(FP), R0	// R0: x pointer
	MOVD	n+24(FP), R1	// R1: elements left
	MOVD	y+16(FP), R2	// R2: y load pointer
	MOVD	R2, R3                   // R3: y store pointer
	VDUP	V0.S[0], V1.S4           // V1: a in every lane

loop16:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V2.S4, V3.S4, V4.S4, V5.S4]
	VLD1.P	64(R2), [V6.S4, V7.S4, V8.S4, V9.S4]
	VFMLA	V1.S4, V2.S4, V6.S4
	VFMLA	V1.S4, V3.S4, V7.S4
	VFMLA	V1.S4, V4.S4, V8.S4
	VFMLA	V1.S4, V5.S4, V9.S4
	VST1.P	[V6.S4, V7.S4, V8.S4, V9.S4], 64(R3)
	SUB	$16, R1
	B	loop16

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V2.S4]
	VLD1.P	16(R2), [V6.S4]
	VFMLA	V1.S4, V2.S4, V6.S4
	VST1.P	[V6.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail:
	CBZ	R1, done
	FMOVS.P	4(R0), F2
	FMOVS	(R3), F6
	FMADDS	F0, F6, F2, F6           // F6 = F2*F0 + F6
	FMOVS.P	F6, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// func sscalNEONAsm(a float32, x *float32, n int)
TEXT ·sscalNEONAsm(SB), NOSPLIT, $0-24
	FMOVS	a+0(FP), F0	// F0: a
	MOVD	x+8(FP), R0	// R0: x load pointer
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	R0, R3                   // R3: x store pointer
	VDUP	V0.S[0], V1.S4           // V1: a in every lane

loop16:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V2.S4, V3.S4, V4.S4, V5.S4]
	FMUL4S(1, 2, 2)
	FMUL4S(1, 3, 3)
	FMUL4S(1, 4, 4)
	FMUL4S(1, 5, 5)
	VST1.P	[V2.S4, V3.S4, V4.S4, V5.S4], 64(R3)
	SUB	$16, R1
	B	loop16

loop4:
	CMP	$4, R1
	BLT	tail
	VLD1.P	16(R0), [V2.S4]
	FMUL4S(1, 2, 2)
	VST1.P	[V2.S4], 16(R3)
	SUB	$4, R1
	B	loop4

tail:
	CBZ	R1, done
	FMOVS.P	4(R0), F2
	FMULS	F0, F2
	FMOVS.P	F2, 4(R3)
	SUB	$1, R1
	B	tail

done:
	RET

// The reductions keep four vector accumulators V16-V19 (16 partial sums),
// add them pairwise at the end ((V16+V17)+(V18+V19), then the lanes
// (l0+l1)+(l2+l3)), and then add the tail elements in order.

// func sdotNEONAsm(x, y *float32, n int) float32
TEXT ·sdotNEONAsm(SB), NOSPLIT, $0-28
	MOVD	x+0(FP), R0	// R0: x pointer
	MOVD	n+16(FP), R1	// R1: elements left
	MOVD	y+8(FP), R2	// R2: y pointer
	VEOR	V16.B16, V16.B16, V16.B16
	VEOR	V17.B16, V17.B16, V17.B16
	VEOR	V18.B16, V18.B16, V18.B16
	VEOR	V19.B16, V19.B16, V19.B16

loop16:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P	64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	VFMLA	V0.S4, V4.S4, V16.S4
	VFMLA	V1.S4, V5.S4, V17.S4
	VFMLA	V2.S4, V6.S4, V18.S4
	VFMLA	V3.S4, V7.S4, V19.S4
	SUB	$16, R1
	B	loop16

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	VLD1.P	16(R2), [V4.S4]
	VFMLA	V0.S4, V4.S4, V16.S4
	SUB	$4, R1
	B	loop4

reduce:
	HSUM4

tail:
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMOVS.P	4(R2), F4
	FMADDS	F0, F16, F4, F16         // F16 = F4*F0 + F16
	SUB	$1, R1
	B	tail

done:
	FMOVS	F16, ret+24(FP)
	RET

// func sumsqNEONAsm(x *float32, n int) float32
TEXT ·sumsqNEONAsm(SB), NOSPLIT, $0-20
	MOVD	x+0(FP), R0	// R0: x pointer
	MOVD	n+8(FP), R1	// R1: elements left
	VEOR	V16.B16, V16.B16, V16.B16
	VEOR	V17.B16, V17.B16, V17.B16
	VEOR	V18.B16, V18.B16, V18.B16
	VEOR	V19.B16, V19.B16, V19.B16

loop16:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VFMLA	V0.S4, V0.S4, V16.S4
	VFMLA	V1.S4, V1.S4, V17.S4
	VFMLA	V2.S4, V2.S4, V18.S4
	VFMLA	V3.S4, V3.S4, V19.S4
	SUB	$16, R1
	B	loop16

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	VFMLA	V0.S4, V0.S4, V16.S4
	SUB	$4, R1
	B	loop4

reduce:
	HSUM4

tail:
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FMADDS	F0, F16, F0, F16         // F16 = F0*F0 + F16
	SUB	$1, R1
	B	tail

done:
	FMOVS	F16, ret+16(FP)
	RET

// func sumNEONAsm(x *float32, n int) float32
TEXT ·sumNEONAsm(SB), NOSPLIT, $0-20
	MOVD	x+0(FP), R0	// R0: x pointer
	MOVD	n+8(FP), R1	// R1: elements left
	VEOR	V16.B16, V16.B16, V16.B16
	VEOR	V17.B16, V17.B16, V17.B16
	VEOR	V18.B16, V18.B16, V18.B16
	VEOR	V19.B16, V19.B16, V19.B16

loop16:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FADD4S(0, 16, 16)
	FADD4S(1, 17, 17)
	FADD4S(2, 18, 18)
	FADD4S(3, 19, 19)
	SUB	$16, R1
	B	loop16

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	FADD4S(0, 16, 16)
	SUB	$4, R1
	B	loop4

reduce:
	HSUM4

tail:
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FADDS	F0, F16
	SUB	$1, R1
	B	tail

done:
	FMOVS	F16, ret+16(FP)
	RET

// func sasumNEONAsm(x *float32, n int) float32
TEXT ·sasumNEONAsm(SB), NOSPLIT, $0-20
	MOVD	x+0(FP), R0	// R0: x pointer
	MOVD	n+8(FP), R1	// R1: elements left
	VEOR	V16.B16, V16.B16, V16.B16
	VEOR	V17.B16, V17.B16, V17.B16
	VEOR	V18.B16, V18.B16, V18.B16
	VEOR	V19.B16, V19.B16, V19.B16

loop16:
	CMP	$16, R1
	BLT	loop4
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	FABS4S(0, 0)
	FABS4S(1, 1)
	FABS4S(2, 2)
	FABS4S(3, 3)
	FADD4S(0, 16, 16)
	FADD4S(1, 17, 17)
	FADD4S(2, 18, 18)
	FADD4S(3, 19, 19)
	SUB	$16, R1
	B	loop16

loop4:
	CMP	$4, R1
	BLT	reduce
	VLD1.P	16(R0), [V0.S4]
	FABS4S(0, 0)
	FADD4S(0, 16, 16)
	SUB	$4, R1
	B	loop4

reduce:
	HSUM4

tail:
	CBZ	R1, done
	FMOVS.P	4(R0), F0
	FABSS	F0, F0
	FADDS	F0, F16
	SUB	$1, R1
	B	tail

done:
	FMOVS	F16, ret+16(FP)
	RET
