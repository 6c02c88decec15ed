//go:build !purego

#include "textflag.h"

// The avx2 level's 2×2 pooling row kernels (pool_amd64.go): 8 output
// columns a step, read as 16 columns of each of the window's two input
// rows and split into even and odd columns (VSHUFPS, VPERMPD); a row's
// last 1..7 outputs with VMASKMOVPS and VPMASKMOVD, which neither read
// nor write the masked-off lanes.
//
// Registers shared by the four kernels:
//   SI, R13   input (or input-gradient) rows 2·r and 2·r+1
//   DI, DX    output rows: y (or dy) and arg
//   R8        rows left; R9 = ow; R10 = w; R11 = plane index of SI[0]
//   R12       w·4, the bytes of an input row
//   AX        output column; CX columns left in the row; BX, R14 scratch
//   Y9        the tail's outputs; Y10, Y11 its inputs in each row's two
//             vectors (TAILMASKS)
//   Y12       2·lane (·poolPerm)
//   Y13, Y14, Y15  max: the tap offsets 1, w, w+1; avg: div

// TAILMASKS sets Y9 to the first CX (1..7) lanes, Y10 and Y11 to the
// first 2·CX of two vectors (from ·avx2TailMask).
#define TAILMASKS \
	LEAQ    ·avx2TailMask+32(SB), R14; \
	MOVQ    CX, BX;                    \
	NEGQ    BX;                        \
	VMOVDQU (R14)(BX*4), Y9;           \
	LEAQ    (CX*2), BX;                \
	CMPQ    BX, $8;                    \
	JB      tlow;                      \
	SUBQ    $8, BX;                    \
	NEGQ    BX;                        \
	VPCMPEQD Y10, Y10, Y10;            \
	VMOVDQU (R14)(BX*4), Y11;          \
	JMP     tdone;                     \
tlow:                                  \
	NEGQ    BX;                        \
	VMOVDQU (R14)(BX*4), Y10;          \
	VPXOR   Y11, Y11, Y11;             \
tdone:

// LOADX and MLOADX load the 16 inputs of each row for 8 windows from
// column 2·AX into Y0:Y1 (row 2·r) and Y2:Y3 (row 2·r+1); MLOADX masked
// by Y10, Y11.
#define LOADX \
	VMOVUPS (SI)(AX*8), Y0;    \
	VMOVUPS 32(SI)(AX*8), Y1;  \
	VMOVUPS (R13)(AX*8), Y2;   \
	VMOVUPS 32(R13)(AX*8), Y3

#define MLOADX \
	VMASKMOVPS (SI)(AX*8), Y10, Y0;    \
	VMASKMOVPS 32(SI)(AX*8), Y11, Y1;  \
	VMASKMOVPS (R13)(AX*8), Y10, Y2;   \
	VMASKMOVPS 32(R13)(AX*8), Y11, Y3

// STOREX and MSTOREX store Y0:Y1 to row 2·r and Y2:Y3 to row 2·r+1 from
// column 2·AX; MSTOREX masked by Y10, Y11.
#define STOREX \
	VMOVUPS Y0, (SI)(AX*8);    \
	VMOVUPS Y1, 32(SI)(AX*8);  \
	VMOVUPS Y2, (R13)(AX*8);   \
	VMOVUPS Y3, 32(R13)(AX*8)

#define MSTOREX \
	VMASKMOVPS Y0, Y10, (SI)(AX*8);    \
	VMASKMOVPS Y1, Y11, 32(SI)(AX*8);  \
	VMASKMOVPS Y2, Y10, (R13)(AX*8);   \
	VMASKMOVPS Y3, Y11, 32(R13)(AX*8)

// SPLIT sets Y4, Y5 to the even and odd columns of Y0:Y1 and Y6, Y7 to
// those of Y2:Y3: the taps (0,0), (0,1), (1,0) and (1,1) of 8 windows.
#define SPLIT \
	VSHUFPS $0x88, Y1, Y0, Y4; \
	VPERMPD $0xd8, Y4, Y4;     \
	VSHUFPS $0xdd, Y1, Y0, Y5; \
	VPERMPD $0xd8, Y5, Y5;     \
	VSHUFPS $0x88, Y3, Y2, Y6; \
	VPERMPD $0xd8, Y6, Y6;     \
	VSHUFPS $0xdd, Y3, Y2, Y7; \
	VPERMPD $0xd8, Y7, Y7

// INTERLEAVE(e, o, lo, hi) sets lo:hi to the lanes of e and o
// alternately, e first; it clobbers e and o.
#define INTERLEAVE(e, o, lo, hi) \
	VUNPCKLPS  o, e, lo;         \
	VUNPCKHPS  o, e, hi;         \
	VPERM2F128 $0x20, hi, lo, e; \
	VPERM2F128 $0x31, hi, lo, o; \
	VMOVAPS    e, lo;            \
	VMOVAPS    o, hi

// TAKE makes tap v the maximum (Y4) where it is larger or NaN, and
// records its offset tap in Y8; it clobbers Y0, Y1.
#define TAKE(v, tap) \
	VCMPPS    $0x1e, Y4, v, Y0; \
	VCMPPS    $3, v, v, Y1;     \
	VORPS     Y1, Y0, Y0;       \
	VBLENDVPS Y0, v, Y4, Y4;    \
	VBLENDVPS Y0, tap, Y8, Y8

// WINDOWBASE sets Y2 to the plane index of each window's tap (0,0):
// R11 + 2·AX + 2·lane.
#define WINDOWBASE \
	LEAQ         (R11)(AX*2), BX; \
	MOVQ         BX, X2;          \
	VPBROADCASTD X2, Y2;          \
	VPADDD       Y12, Y2, Y2

// SETUP loads Y12 and R12; with TAPS, Y13..Y15 for the max kernels.
#define SETUP \
	VMOVDQU ·poolPerm(SB), Y12; \
	LEAQ    (R10*4), R12

#define TAPS \
	MOVL         $1, BX;        \
	MOVQ         BX, X13;       \
	VPBROADCASTD X13, Y13;      \
	MOVQ         R10, X14;      \
	VPBROADCASTD X14, Y14;      \
	VPADDD       Y13, Y14, Y15

// ROWS(STEP, MSTEP, ODD) runs STEP over each of the R8 rows' full steps
// of 8 columns and MSTEP over its last 1..7, then ODD at the end of the
// row pair.
#define ROWS(STEP, MSTEP, ODD) \
	TESTQ  R8, R8;            \
	JZ     done;              \
row:                          \
	LEAQ   (SI)(R12*1), R13;  \
	XORQ   AX, AX;            \
col:                          \
	MOVQ   R9, CX;            \
	SUBQ   AX, CX;            \
	JZ     next;              \
	CMPQ   CX, $8;            \
	JB     tail;              \
	STEP;                     \
	ADDQ   $8, AX;            \
	JMP    col;               \
tail:                         \
	TAILMASKS;                \
	MSTEP;                    \
next:                         \
	ODD;                      \
	LEAQ   (SI)(R12*2), SI;   \
	LEAQ   (DI)(R9*4), DI;    \
	LEAQ   (DX)(R9*4), DX;    \
	LEAQ   (R11)(R10*2), R11; \
	DECQ   R8;                \
	JNZ    row;               \
done:                         \
	VZEROUPPER;               \
	RET

// NOODD leaves an odd last column alone (the forward passes).
#define NOODD

// ZEROODD zeroes an odd last column of the two input-gradient rows.
#define ZEROODD \
	TESTQ $1, R10;            \
	JZ    even;               \
	MOVL  $0, -4(R13);        \
	MOVL  $0, -4(R13)(R12*1); \
even:

// MAXWIN: the maximum (Y4) and argmax (Y2) of 8 windows from Y0..Y3.
#define MAXWIN \
	SPLIT;              \
	VPXOR  Y8, Y8, Y8;  \
	TAKE(Y5, Y13);      \
	TAKE(Y6, Y14);      \
	TAKE(Y7, Y15);      \
	WINDOWBASE;         \
	VPADDD Y8, Y2, Y2

#define MAXSTEP \
	LOADX;                    \
	MAXWIN;                   \
	VMOVUPS Y4, (DI)(AX*4);   \
	VMOVDQU Y2, (DX)(AX*4)

#define MMAXSTEP \
	MLOADX;                            \
	MAXWIN;                            \
	VMASKMOVPS Y4, Y9, (DI)(AX*4);     \
	VPMASKMOVD Y2, Y9, (DX)(AX*4)

// func maxPool2x2AVX2Asm(y *float32, arg *int32, x *float32, n, ow, w, base int)
TEXT ·maxPool2x2AVX2Asm(SB), NOSPLIT, $0-56
	MOVQ y+0(FP), DI
	MOVQ arg+8(FP), DX
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), R8
	MOVQ ow+32(FP), R9
	MOVQ w+40(FP), R10
	MOVQ base+48(FP), R11
	SETUP
	TAPS
	ROWS(MAXSTEP, MMAXSTEP, NOODD)

// MAXBACK: dy (Y0) of 8 windows to the tap arg (Y1) names, 0 to the
// others, into Y0:Y1 and Y2:Y3 (the two rows).
#define MAXBACK \
	WINDOWBASE;                   \
	VPSUBD    Y2, Y1, Y1;         \
	VPXOR     Y3, Y3, Y3;         \
	VPCMPEQD  Y3, Y1, Y4;         \
	VANDPS    Y0, Y4, Y4;         \
	VPCMPEQD  Y13, Y1, Y5;        \
	VANDPS    Y0, Y5, Y5;         \
	VPCMPEQD  Y14, Y1, Y6;        \
	VANDPS    Y0, Y6, Y6;         \
	VPCMPEQD  Y15, Y1, Y7;        \
	VANDPS    Y0, Y7, Y7;         \
	INTERLEAVE(Y4, Y5, Y0, Y1);   \
	INTERLEAVE(Y6, Y7, Y2, Y3)

#define MAXBACKSTEP \
	VMOVUPS (DI)(AX*4), Y0; \
	VMOVDQU (DX)(AX*4), Y1; \
	MAXBACK;                \
	STOREX

#define MMAXBACKSTEP \
	VMASKMOVPS (DI)(AX*4), Y9, Y0; \
	VPMASKMOVD (DX)(AX*4), Y9, Y1; \
	MAXBACK;                       \
	MSTOREX

// func maxPool2x2BackwardAVX2Asm(dx, dy *float32, arg *int32, n, ow, w, base int)
TEXT ·maxPool2x2BackwardAVX2Asm(SB), NOSPLIT, $0-56
	MOVQ dx+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ arg+16(FP), DX
	MOVQ n+24(FP), R8
	MOVQ ow+32(FP), R9
	MOVQ w+40(FP), R10
	MOVQ base+48(FP), R11
	SETUP
	TAPS
	ROWS(MAXBACKSTEP, MMAXBACKSTEP, ZEROODD)

// AVGWIN: (((0 + tap00) + tap01) + tap10) + tap11) / div (Y13) of 8
// windows from Y0..Y3, into Y8.
#define AVGWIN \
	SPLIT;              \
	VXORPS Y8, Y8, Y8;  \
	VADDPS Y4, Y8, Y8;  \
	VADDPS Y5, Y8, Y8;  \
	VADDPS Y6, Y8, Y8;  \
	VADDPS Y7, Y8, Y8;  \
	VDIVPS Y13, Y8, Y8

#define AVGSTEP \
	LOADX;                  \
	AVGWIN;                 \
	VMOVUPS Y8, (DI)(AX*4)

#define MAVGSTEP \
	MLOADX;                          \
	AVGWIN;                          \
	VMASKMOVPS Y8, Y9, (DI)(AX*4)

// func avgPool2x2AVX2Asm(y, x *float32, n, ow, w int, div float32)
TEXT ·avgPool2x2AVX2Asm(SB), NOSPLIT, $0-44
	MOVQ         y+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), R8
	MOVQ         ow+24(FP), R9
	MOVQ         w+32(FP), R10
	VBROADCASTSS div+40(FP), Y13
	XORQ         R11, R11
	SETUP
	ROWS(AVGSTEP, MAVGSTEP, NOODD)

// AVGBACK: 0 + dy/div of 8 windows (Y0) to each of their taps, into
// Y0:Y1 and Y2:Y3.
#define AVGBACK \
	VDIVPS  Y13, Y0, Y0;        \
	VXORPS  Y4, Y4, Y4;         \
	VADDPS  Y0, Y4, Y4;         \
	VMOVAPS Y4, Y5;             \
	INTERLEAVE(Y4, Y5, Y0, Y1); \
	VMOVAPS Y0, Y2;             \
	VMOVAPS Y1, Y3

#define AVGBACKSTEP \
	VMOVUPS (DI)(AX*4), Y0; \
	AVGBACK;                \
	STOREX

#define MAVGBACKSTEP \
	VMASKMOVPS (DI)(AX*4), Y9, Y0; \
	AVGBACK;                       \
	MSTOREX

// func avgPool2x2BackwardAVX2Asm(dx, dy *float32, n, ow, w int, div float32)
TEXT ·avgPool2x2BackwardAVX2Asm(SB), NOSPLIT, $0-44
	MOVQ         dx+0(FP), SI
	MOVQ         dy+8(FP), DI
	MOVQ         n+16(FP), R8
	MOVQ         ow+24(FP), R9
	MOVQ         w+32(FP), R10
	VBROADCASTSS div+40(FP), Y13
	XORQ         R11, R11
	SETUP
	ROWS(AVGBACKSTEP, MAVGBACKSTEP, ZEROODD)

// TAPMASK sets Y2 to the lanes where the tap v is larger than the
// running maximum Y0 or NaN, and Y4 to each lane's index in the plane: BX
// broadcast plus lanes.
#define TAPMASK(v, lanes) \
	VCMPPS       $0x1e, Y0, v, Y2; \
	VCMPPS       $3, v, v, Y3;     \
	VORPS        Y3, Y2, Y2;       \
	MOVQ         BX, X4;           \
	VPBROADCASTD X4, Y4;           \
	VPADDD       lanes, Y4, Y4

// TAPFULL merges the tap v into 8 outputs: blends and whole stores.
#define TAPFULL(v, lanes) \
	TAPMASK(v, lanes);             \
	VBLENDVPS Y2, v, Y0, Y0;       \
	VMOVUPS   Y0, (DI)(AX*4);      \
	VMOVDQU   (DX)(AX*4), Y5;      \
	VBLENDVPS Y2, Y4, Y5, Y5;      \
	VMOVDQU   Y5, (DX)(AX*4)

// TAPTAIL merges the tap v into the outputs of Y9 with masked stores.
#define TAPTAIL(v, lanes) \
	TAPMASK(v, lanes);                \
	VANDPS     Y9, Y2, Y2;            \
	VMASKMOVPS v, Y2, (DI)(AX*4);     \
	VPMASKMOVD Y4, Y2, (DX)(AX*4)

// func maxPoolTapAVX2Asm(y *float32, arg *int32, x *float32, n, stride, base int)
//
// DI = y, DX = arg, SI = x, R9 = n, R10 = stride (1 or 2), R11 = base;
// AX = output index, CX outputs left; Y9 the tail's outputs, Y10 and Y11
// its inputs (stride 2); Y12 = 0, 2, ..., 14, Y13 = 0, 1, ..., 7.
TEXT ·maxPoolTapAVX2Asm(SB), NOSPLIT, $0-48
	MOVQ    y+0(FP), DI
	MOVQ    arg+8(FP), DX
	MOVQ    x+16(FP), SI
	MOVQ    n+24(FP), R9
	MOVQ    stride+32(FP), R10
	MOVQ    base+40(FP), R11
	VMOVDQU ·poolPerm(SB), Y12
	VPSRLD  $1, Y12, Y13
	LEAQ    ·avx2TailMask+32(SB), R14
	XORQ    AX, AX
	CMPQ    R10, $2
	JEQ     two

one:
	MOVQ    R9, CX
	SUBQ    AX, CX
	JLE     done
	LEAQ    (R11)(AX*1), BX
	CMPQ    CX, $8
	JB      onetail
	VMOVUPS (DI)(AX*4), Y0
	VMOVUPS (SI)(AX*4), Y1
	TAPFULL(Y1, Y13)
	ADDQ    $8, AX
	JMP     one

onetail:
	MOVQ       CX, R8
	NEGQ       R8
	VMOVDQU    (R14)(R8*4), Y9
	VMASKMOVPS (DI)(AX*4), Y9, Y0
	VMASKMOVPS (SI)(AX*4), Y9, Y1
	TAPTAIL(Y1, Y13)
	JMP        done

two:
	MOVQ    R9, CX
	SUBQ    AX, CX
	JLE     done
	LEAQ    (R11)(AX*2), BX
	CMPQ    CX, $9 // a whole step reads 16 inputs: 2·CX − 1 ≥ 16
	JB      twotail
	VMOVUPS (DI)(AX*4), Y0
	VMOVUPS (SI)(AX*8), Y6
	VMOVUPS 32(SI)(AX*8), Y7
	VSHUFPS $0x88, Y7, Y6, Y1
	VPERMPD $0xd8, Y1, Y1
	TAPFULL(Y1, Y12)
	ADDQ    $8, AX
	JMP     two

twotail:
	MOVQ     CX, R8
	NEGQ     R8
	VMOVDQU  (R14)(R8*4), Y9
	LEAQ     -1(CX*2), R8 // inputs left: 2·CX − 1
	CMPQ     R8, $8
	JB       twolow
	SUBQ     $8, R8
	NEGQ     R8
	VPCMPEQD Y10, Y10, Y10
	VMOVDQU  (R14)(R8*4), Y11
	JMP      twoload

twolow:
	NEGQ    R8
	VMOVDQU (R14)(R8*4), Y10
	VPXOR   Y11, Y11, Y11

twoload:
	VMASKMOVPS (DI)(AX*4), Y9, Y0
	VMASKMOVPS (SI)(AX*8), Y10, Y6
	VMASKMOVPS 32(SI)(AX*8), Y11, Y7
	VSHUFPS    $0x88, Y7, Y6, Y1
	VPERMPD    $0xd8, Y1, Y1
	TAPTAIL(Y1, Y12)

done:
	VZEROUPPER
	RET
