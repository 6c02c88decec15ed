//go:build !purego

#include "textflag.h"

// ShiftedRows.Pack's kernels. Registers: DI = dst, R9 = w, R8 = the
// current row's offsets, CX = rows left, SI = src and DX = mask at the
// panel's first column; AX and BX = the row's runs, R10 = floats left in
// the row.

// ARGS loads the arguments and returns at once when kb is 0.
#define ARGS(done) \
	MOVQ  dst+0(FP), DI   \
	MOVQ  w+8(FP), R9     \
	MOVQ  offs+16(FP), R8 \
	MOVQ  kb+24(FP), CX   \
	MOVQ  src+32(FP), SI  \
	MOVQ  mask+40(FP), DX \
	TESTQ CX, CX          \
	JE    done

// RUNS points AX and BX at the current row's runs and R10 at w.
#define RUNS \
	MOVLQSX (R8), AX        \
	MOVLQSX 4(R8), BX       \
	LEAQ    (SI)(AX*4), AX  \
	LEAQ    (DX)(BX*4), BX  \
	MOVQ    R9, R10

// func packShiftedAVX512(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32)
TEXT ·packShiftedAVX512(SB), NOSPLIT, $0-48
	ARGS(zdone)
	CMPQ R9, $32
	JEQ  zrow32

zrow:
	RUNS

zvec:
	VMOVDQU32 (AX), Z0
	VPANDD    (BX), Z0, Z0
	VMOVDQU32 Z0, (DI)
	ADDQ      $64, AX
	ADDQ      $64, BX
	ADDQ      $64, DI
	SUBQ      $16, R10
	JNE       zvec
	ADDQ      $8, R8
	DECQ      CX
	JNE       zrow
	JMP       zdone

zrow32: // the avx512 tiles' width, a row in two vectors without a loop
	RUNS
	VMOVDQU32 (AX), Z0
	VMOVDQU32 64(AX), Z1
	VPANDD    (BX), Z0, Z0
	VPANDD    64(BX), Z1, Z1
	VMOVDQU32 Z0, (DI)
	VMOVDQU32 Z1, 64(DI)
	ADDQ      $128, DI
	ADDQ      $8, R8
	DECQ      CX
	JNE       zrow32

zdone:
	VZEROUPPER
	RET

// func packShiftedAVX2(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32)
TEXT ·packShiftedAVX2(SB), NOSPLIT, $0-48
	ARGS(ydone)

yrow:
	RUNS

yvec:
	VMOVDQU (AX), Y0
	VPAND   (BX), Y0, Y0
	VMOVDQU Y0, (DI)
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DI
	SUBQ    $8, R10
	JNE     yvec
	ADDQ    $8, R8
	DECQ    CX
	JNE     yrow

ydone:
	VZEROUPPER
	RET

// func packShiftedColsAVX512(dst *float32, w int, offs *int32, kb int, src *float32, mask *uint32, cols int)
TEXT ·packShiftedColsAVX512(SB), NOSPLIT, $0-56
	ARGS(cdone)
	MOVL $0xFFFF, R14
	XORQ R15, R15

crow:
	RUNS
	MOVQ cols+48(FP), R11 // columns left to read in the row

cvec:
	// K1 selects the vector's first min(max(R11, 0), 16) lanes; the
	// zeroing masked loads read no further, and fault on nothing past.
	CMPQ      R11, $0
	CMOVQLT   R15, R11
	BZHIL     R11, R14, R12
	KMOVW     R12, K1
	VMOVDQU32.Z (AX), K1, Z0
	VMOVDQU32.Z (BX), K1, Z1
	VPANDD    Z1, Z0, Z0
	VMOVDQU32 Z0, (DI)
	ADDQ      $64, AX
	ADDQ      $64, BX
	ADDQ      $64, DI
	SUBQ      $16, R11
	SUBQ      $16, R10
	JNE       cvec
	ADDQ      $8, R8
	DECQ      CX
	JNE       crow

cdone:
	VZEROUPPER
	RET
