//go:build !purego

#include "textflag.h"

// PackPanelRow's kernels. Registers: DI = the current panel's column 0,
// R10 = the current lane, R8 = step in bytes, R9 = w, SI = x, DX = mask,
// CX = values left, R11 = values left in the current piece (the run of
// columns in one panel), BX = where they go.

// ARGS loads the arguments.
#define ARGS \
	MOVQ dst+0(FP), DI    \
	MOVQ step+8(FP), R8   \
	SHLQ $2, R8           \
	MOVQ w+16(FP), R9     \
	MOVQ l0+24(FP), R10   \
	MOVQ x+32(FP), SI     \
	MOVQ mask+40(FP), DX  \
	MOVQ n+48(FP), CX

// PIECE jumps to done when no values are left, else starts the next
// piece: R11 = min(w - lane, values left), taken off CX, and BX = where
// it goes.
#define PIECE(done) \
	TESTQ   CX, CX        \
	JE      done          \
	MOVQ    R9, R11       \
	SUBQ    R10, R11      \
	CMPQ    R11, CX       \
	CMOVQGT CX, R11       \
	SUBQ    R11, CX       \
	LEAQ    (DI)(R10*4), BX

// func packPanelRowAVX512Asm(dst *float32, step, w, l0 int, x *float32, mask *uint32, n int)
TEXT ·packPanelRowAVX512Asm(SB), NOSPLIT, $0-56
	ARGS

zpiece:
	PIECE(zdone)

zloop:
	CMPQ      R11, $16
	JL        ztail
	VMOVDQU32 (SI), Z0
	VPANDD    (DX), Z0, Z0
	VMOVDQU32 Z0, (BX)
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $64, BX
	SUBQ      $16, R11
	JMP       zloop

ztail:
	TESTQ     R11, R11
	JE        znext
	MOVQ      CX, R12
	MOVQ      R11, CX
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	MOVQ      R12, CX
	KMOVW     AX, K1
	VMOVDQU32.Z (SI), K1, Z0
	VMOVDQU32.Z (DX), K1, Z1
	VPANDD    Z1, Z0, Z0
	VMOVDQU32 Z0, K1, (BX)
	LEAQ      (SI)(R11*4), SI
	LEAQ      (DX)(R11*4), DX

znext:
	ADDQ R8, DI
	XORQ R10, R10
	JMP  zpiece

zdone:
	VZEROUPPER
	RET

// func packPanelRowAVX2Asm(dst *float32, step, w, l0 int, x *float32, mask *uint32, n int)
TEXT ·packPanelRowAVX2Asm(SB), NOSPLIT, $0-56
	ARGS

ypiece:
	PIECE(ydone)

yloop:
	CMPQ    R11, $8
	JL      ytail
	VMOVDQU (SI), Y0
	VPAND   (DX), Y0, Y0
	VMOVDQU Y0, (BX)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, BX
	SUBQ    $8, R11
	JMP     yloop

ytail:
	TESTQ R11, R11
	JE    ynext
	MOVL  (SI), AX
	ANDL  (DX), AX
	MOVL  AX, (BX)
	ADDQ  $4, SI
	ADDQ  $4, DX
	ADDQ  $4, BX
	DECQ  R11
	JMP   ytail

ynext:
	ADDQ R8, DI
	XORQ R10, R10
	JMP  ypiece

ydone:
	VZEROUPPER
	RET
