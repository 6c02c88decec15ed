//go:build !purego

#include "textflag.h"

// The avx512 level's 2×2 pooling row kernels (pool_amd64.go): 16 output
// columns a step, read as 32 columns of each of the window's two input
// rows and split into even and odd columns with VPERMT2PS; a row's last
// 1..15 outputs with masked moves (the loads zeroing, never faulting).
//
// Registers shared by the four kernels:
//   SI, R13   input (or input-gradient) rows 2·r and 2·r+1
//   DI, DX    output rows: y (or dy) and arg
//   R8        rows left; R9 = ow; R10 = w; R11 = plane index of SI[0]
//   R12       w·4, the bytes of an input row
//   AX        output column; CX columns left in the row; BX, R14 scratch
//   K1        the tail's outputs, K2 and K3 its inputs in each row's two
//             vectors (all of them on full steps)
//   Z20, Z21  lane indices 0, 2, ..., 30 and 1, 3, ..., 31 (·poolPerm)
//   Z26, Z27  interleaving lane indices (·poolPerm)

// POOLSETUP loads the lane indices and R12.
#define POOLSETUP \
	LEAQ      ·poolPerm(SB), BX; \
	VMOVDQU32 (BX), Z20;         \
	VMOVDQU32 64(BX), Z21;       \
	VMOVDQU32 128(BX), Z26;      \
	VMOVDQU32 192(BX), Z27;      \
	LEAQ      (R10*4), R12

// TAILMASKS sets K1 to the first CX (1..15) lanes, K2 and K3 to the first
// 2·CX of two vectors.
#define TAILMASKS \
	LEAQ  ·avx512TailMasks(SB), R14; \
	KMOVW (R14)(CX*2), K1;           \
	LEAQ  (CX*2), BX;                \
	CMPQ  BX, $16;                   \
	JB    tlow;                      \
	KMOVW 32(R14), K2;               \
	KMOVW -32(R14)(BX*2), K3;        \
	JMP   tdone;                     \
tlow:                                \
	KMOVW (R14)(BX*2), K2;           \
	KXORW K3, K3, K3;                \
tdone:

// SPLIT sets Z4, Z5 to the even and odd columns of row 2·r (Z0:Z1) and
// Z6, Z7 to those of row 2·r+1 (Z2:Z3): the taps (0,0), (0,1), (1,0)
// and (1,1) of 16 windows.
#define SPLIT \
	VMOVAPS   Z0, Z4;        \
	VPERMT2PS Z1, Z20, Z4;   \
	VMOVAPS   Z0, Z5;        \
	VPERMT2PS Z1, Z21, Z5;   \
	VMOVAPS   Z2, Z6;        \
	VPERMT2PS Z3, Z20, Z6;   \
	VMOVAPS   Z2, Z7;        \
	VPERMT2PS Z3, Z21, Z7

// LOADX loads the 32 inputs of each row for 16 windows from column 2·AX,
// masked by K2 and K3 (all lanes on full steps).
#define LOADX \
	VMOVUPS.Z (SI)(AX*8), K2, Z0;    \
	VMOVUPS.Z 64(SI)(AX*8), K3, Z1;  \
	VMOVUPS.Z (R13)(AX*8), K2, Z2;   \
	VMOVUPS.Z 64(R13)(AX*8), K3, Z3

// STOREX stores Z10:Z11 to row 2·r and Z12:Z13 to row 2·r+1 from column
// 2·AX, masked by K2 and K3.
#define STOREX \
	VMOVUPS Z10, K2, (SI)(AX*8);   \
	VMOVUPS Z11, K3, 64(SI)(AX*8); \
	VMOVUPS Z12, K2, (R13)(AX*8);  \
	VMOVUPS Z13, K3, 64(R13)(AX*8)

// INTERLEAVE(e, o, lo, hi) sets lo:hi to the lanes of e and o
// alternately, e first: a row of 32 inputs from its even and odd columns.
#define INTERLEAVE(e, o, lo, hi) \
	VMOVAPS   e, lo;          \
	VPERMT2PS o, Z26, lo;     \
	VMOVAPS   e, hi;          \
	VPERMT2PS o, Z27, hi

// TAKE makes tap v the maximum (Z4) where it is larger or NaN, and
// records its offset tap in Z8.
#define TAKE(v, tap) \
	VCMPPS    $0x1e, Z4, v, K4; \
	VCMPPS    $3, v, v, K5;     \
	KORW      K4, K5, K4;       \
	VMOVAPS   v, K4, Z4;        \
	VMOVDQA32 tap, K4, Z8

// WINDOWBASE sets Z9 to the plane index of each window's tap (0,0):
// R11 + 2·AX + 2·lane.
#define WINDOWBASE \
	LEAQ         (R11)(AX*2), BX; \
	VPBROADCASTD BX, Z9;          \
	VPADDD       Z20, Z9, Z9

// TAPS sets Z22, Z23 and Z24 to the plane offsets of the taps (0,1),
// (1,0) and (1,1) from (0,0): 1, w and w+1; Z25 to zero.
#define TAPS \
	MOVL         $1, BX;        \
	VPBROADCASTD BX, Z22;       \
	VPBROADCASTD R10, Z23;      \
	VPADDD       Z22, Z23, Z24; \
	VPXORD       Z25, Z25, Z25

// ROWS(STEP, ODD) runs STEP over the columns of each of the R8 rows: full
// steps of 16 with all lanes in K1, K2 and K3, then a tail with
// TAILMASKS; then ODD, at the end of each row pair.
#define ROWS(STEP, ODD) \
	TESTQ  R8, R8;            \
	JZ     done;              \
row:                          \
	LEAQ   (SI)(R12*1), R13;  \
	XORQ   AX, AX;            \
col:                          \
	MOVQ   R9, CX;            \
	SUBQ   AX, CX;            \
	JZ     next;              \
	CMPQ   CX, $16;           \
	JB     tail;              \
	KXNORW K1, K1, K1;        \
	KXNORW K2, K2, K2;        \
	KXNORW K3, K3, K3;        \
	STEP;                     \
	ADDQ   $16, AX;           \
	JMP    col;               \
tail:                         \
	TAILMASKS;                \
	STEP;                     \
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
	TESTQ $1, R10;           \
	JZ    even;              \
	MOVL  $0, -4(R13);       \
	MOVL  $0, -4(R13)(R12*1); \
even:

// MAXSTEP: the maximum (Z4) and argmax (Z9) of 16 windows, stored to y
// and arg.
#define MAXSTEP \
	LOADX;                        \
	SPLIT;                        \
	VPXORD    Z8, Z8, Z8;         \
	TAKE(Z5, Z22);                \
	TAKE(Z6, Z23);                \
	TAKE(Z7, Z24);                \
	WINDOWBASE;                   \
	VPADDD    Z8, Z9, Z9;         \
	VMOVUPS   Z4, K1, (DI)(AX*4); \
	VMOVDQU32 Z9, K1, (DX)(AX*4)

// func maxPool2x2AVX512Asm(y *float32, arg *int32, x *float32, n, ow, w, base int)
TEXT ·maxPool2x2AVX512Asm(SB), NOSPLIT, $0-56
	MOVQ y+0(FP), DI
	MOVQ arg+8(FP), DX
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), R8
	MOVQ ow+32(FP), R9
	MOVQ w+40(FP), R10
	MOVQ base+48(FP), R11
	POOLSETUP
	TAPS
	ROWS(MAXSTEP, NOODD)

// MAXBACKSTEP: dy of 16 windows to the tap arg names, 0 to the others;
// DI is dy, DX arg. Z1 = arg - the window's tap (0,0).
#define MAXBACKSTEP \
	VMOVUPS.Z   (DI)(AX*4), K1, Z0;  \
	VMOVDQU32.Z (DX)(AX*4), K1, Z1;  \
	WINDOWBASE;                      \
	VPSUBD      Z9, Z1, Z1;          \
	VPCMPEQD    Z25, Z1, K4;         \
	VMOVAPS.Z   Z0, K4, Z4;          \
	VPCMPEQD    Z22, Z1, K4;         \
	VMOVAPS.Z   Z0, K4, Z5;          \
	VPCMPEQD    Z23, Z1, K4;         \
	VMOVAPS.Z   Z0, K4, Z6;          \
	VPCMPEQD    Z24, Z1, K4;         \
	VMOVAPS.Z   Z0, K4, Z7;          \
	INTERLEAVE(Z4, Z5, Z10, Z11);    \
	INTERLEAVE(Z6, Z7, Z12, Z13);    \
	STOREX

// func maxPool2x2BackwardAVX512Asm(dx, dy *float32, arg *int32, n, ow, w, base int)
TEXT ·maxPool2x2BackwardAVX512Asm(SB), NOSPLIT, $0-56
	MOVQ dx+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ arg+16(FP), DX
	MOVQ n+24(FP), R8
	MOVQ ow+32(FP), R9
	MOVQ w+40(FP), R10
	MOVQ base+48(FP), R11
	POOLSETUP
	TAPS
	ROWS(MAXBACKSTEP, ZEROODD)

// AVGSTEP: (((0 + tap00) + tap01) + tap10) + tap11) / div (Z28) of 16
// windows, stored to y (DI).
#define AVGSTEP \
	LOADX;                      \
	SPLIT;                      \
	VPXORD  Z8, Z8, Z8;         \
	VADDPS  Z4, Z8, Z8;         \
	VADDPS  Z5, Z8, Z8;         \
	VADDPS  Z6, Z8, Z8;         \
	VADDPS  Z7, Z8, Z8;         \
	VDIVPS  Z28, Z8, Z8;        \
	VMOVUPS Z8, K1, (DI)(AX*4)

// func avgPool2x2AVX512Asm(y, x *float32, n, ow, w int, div float32)
TEXT ·avgPool2x2AVX512Asm(SB), NOSPLIT, $0-44
	MOVQ         y+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), R8
	MOVQ         ow+24(FP), R9
	MOVQ         w+32(FP), R10
	VBROADCASTSS div+40(FP), Z28
	XORQ         R11, R11
	POOLSETUP
	ROWS(AVGSTEP, NOODD)

// AVGBACKSTEP: 0 + dy/div of 16 windows (DI) to each of their taps.
#define AVGBACKSTEP \
	VMOVUPS.Z (DI)(AX*4), K1, Z0;   \
	VDIVPS    Z28, Z0, Z0;          \
	VPXORD    Z4, Z4, Z4;           \
	VADDPS    Z0, Z4, Z4;           \
	INTERLEAVE(Z4, Z4, Z10, Z11);   \
	VMOVAPS   Z10, Z12;             \
	VMOVAPS   Z11, Z13;             \
	STOREX

// func avgPool2x2BackwardAVX512Asm(dx, dy *float32, n, ow, w int, div float32)
TEXT ·avgPool2x2BackwardAVX512Asm(SB), NOSPLIT, $0-44
	MOVQ         dx+0(FP), SI
	MOVQ         dy+8(FP), DI
	MOVQ         n+16(FP), R8
	MOVQ         ow+24(FP), R9
	MOVQ         w+32(FP), R10
	VBROADCASTSS div+40(FP), Z28
	XORQ         R11, R11
	POOLSETUP
	ROWS(AVGBACKSTEP, ZEROODD)

// TAPMERGE merges the tap v into the running maximum (Z0) of the outputs
// in K1, where v is larger or NaN, storing v to y and base + the lane's
// index (BX broadcast plus lanes) to arg (masked stores, which leave the
// other outputs alone).
#define TAPMERGE(v, lanes) \
	VCMPPS       $0x1e, Z0, v, K4;   \
	VCMPPS       $3, v, v, K5;       \
	KORW         K4, K5, K4;         \
	KANDW        K1, K4, K4;         \
	VMOVUPS      v, K4, (DI)(AX*4);  \
	VPBROADCASTD BX, Z9;             \
	VPADDD       lanes, Z9, Z9;      \
	VMOVDQU32    Z9, K4, (DX)(AX*4)

// func maxPoolTapAVX512Asm(y *float32, arg *int32, x *float32, n, stride, base int)
//
// DI = y, DX = arg, SI = x, R9 = n, R10 = stride (1 or 2), R11 = base;
// AX = output index, CX outputs left; K1 the step's outputs, K2 and K3
// its inputs (stride 2); Z20 = 0, 2, ..., 30, Z21 = 0, 1, ..., 15.
TEXT ·maxPoolTapAVX512Asm(SB), NOSPLIT, $0-48
	MOVQ      y+0(FP), DI
	MOVQ      arg+8(FP), DX
	MOVQ      x+16(FP), SI
	MOVQ      n+24(FP), R9
	MOVQ      stride+32(FP), R10
	MOVQ      base+40(FP), R11
	LEAQ      ·poolPerm(SB), BX
	VMOVDQU32 (BX), Z20
	VPSRLD    $1, Z20, Z21
	LEAQ      ·avx512TailMasks(SB), R14
	XORQ      AX, AX
	CMPQ      R10, $2
	JEQ       two

one:
	MOVQ   R9, CX
	SUBQ   AX, CX
	JLE    done
	KXNORW K1, K1, K1
	CMPQ   CX, $16
	JAE    oneload
	KMOVW  (R14)(CX*2), K1

oneload:
	VMOVUPS.Z (DI)(AX*4), K1, Z0
	VMOVUPS.Z (SI)(AX*4), K1, Z1
	LEAQ      (R11)(AX*1), BX
	TAPMERGE(Z1, Z21)
	ADDQ      $16, AX
	JMP       one

two:
	MOVQ   R9, CX
	SUBQ   AX, CX
	JLE    done
	LEAQ   -1(CX*2), BX // inputs left: 2·CX − 1
	KXNORW K1, K1, K1
	KXNORW K2, K2, K2
	KXNORW K3, K3, K3
	CMPQ   BX, $32
	JAE    twoload
	CMPQ   CX, $16
	JAE    twoin
	KMOVW  (R14)(CX*2), K1

twoin:
	CMPQ  BX, $16
	JB    twolow
	KMOVW -32(R14)(BX*2), K3
	JMP   twoload

twolow:
	KMOVW (R14)(BX*2), K2
	KXORW K3, K3, K3

twoload:
	VMOVUPS.Z (DI)(AX*4), K1, Z0
	VMOVUPS.Z (SI)(AX*8), K2, Z2
	VMOVUPS.Z 64(SI)(AX*8), K3, Z3
	VMOVAPS   Z2, Z1
	VPERMT2PS Z3, Z20, Z1
	LEAQ      (R11)(AX*2), BX
	TAPMERGE(Z1, Z20)
	ADDQ      $16, AX
	JMP       two

done:
	VZEROUPPER
	RET
