//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

// func sgemvDot4(n int, a *float32, lda int, x *float32, d *float32)
//
// d[r] = sum_j a[r*lda+j]*x[j], r < 4, j < n; n is a multiple of 8.
// SI, R9, R10, R11 walk rows 0-3 of A, DI walks x, CX counts down.
// Row r accumulates in Y(2r) and Y(2r+1) (16 columns a step), x in Y8:Y9.
TEXT ·sgemvDot4(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	MOVQ x+24(FP), DI
	MOVQ d+32(FP), DX
	SHLQ $2, R8
	LEAQ (SI)(R8*1), R9
	LEAQ (R9)(R8*1), R10
	LEAQ (R10)(R8*1), R11

	ZERO8

	CMPQ CX, $16
	JLT  tail8

loop16:
	VMOVUPS     (DI), Y8
	VMOVUPS     32(DI), Y9
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS 32(SI), Y9, Y1
	VFMADD231PS (R9), Y8, Y2
	VFMADD231PS 32(R9), Y9, Y3
	VFMADD231PS (R10), Y8, Y4
	VFMADD231PS 32(R10), Y9, Y5
	VFMADD231PS (R11), Y8, Y6
	VFMADD231PS 32(R11), Y9, Y7
	ADDQ        $64, DI
	ADDQ        $64, SI
	ADDQ        $64, R9
	ADDQ        $64, R10
	ADDQ        $64, R11
	SUBQ        $16, CX
	CMPQ        CX, $16
	JGE         loop16

tail8:
	TESTQ CX, CX
	JZ    reduce
	VMOVUPS     (DI), Y8
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS (R9), Y8, Y2
	VFMADD231PS (R10), Y8, Y4
	VFMADD231PS (R11), Y8, Y6

reduce:
	// Fold each row's 16 lanes to 4, then four horizontal adds put the
	// four row sums side by side in X0.
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y5, Y4, Y4
	VADDPS       Y7, Y6, Y6
	VEXTRACTF128 $1, Y0, X1
	VEXTRACTF128 $1, Y2, X3
	VEXTRACTF128 $1, Y4, X5
	VEXTRACTF128 $1, Y6, X7
	VADDPS       X1, X0, X0
	VADDPS       X3, X2, X2
	VADDPS       X5, X4, X4
	VADDPS       X7, X6, X6
	VHADDPS      X2, X0, X0
	VHADDPS      X6, X4, X4
	VHADDPS      X4, X0, X0
	VMOVUPS      X0, (DX)
	VZEROUPPER
	RET

// func sgemvAxpy4(n int, a *float32, lda int, coef *float32, y *float32)
//
// y[j] += sum_r coef[r]*a[r*lda+j], r < 4, j < n; n is a multiple of 8.
// SI, R9, R10, R11 walk rows 0-3 of A, DI walks y, CX counts down;
// coef[r] is broadcast in Y(12+r).
TEXT ·sgemvAxpy4(SB), NOSPLIT, $0-40
	MOVQ         n+0(FP), CX
	MOVQ         a+8(FP), SI
	MOVQ         lda+16(FP), R8
	MOVQ         coef+24(FP), DX
	MOVQ         y+32(FP), DI
	SHLQ         $2, R8
	LEAQ         (SI)(R8*1), R9
	LEAQ         (R9)(R8*1), R10
	LEAQ         (R10)(R8*1), R11
	VBROADCASTSS (DX), Y12
	VBROADCASTSS 4(DX), Y13
	VBROADCASTSS 8(DX), Y14
	VBROADCASTSS 12(DX), Y15

	CMPQ CX, $16
	JLT  atail8

aloop16:
	VMOVUPS     (DI), Y0
	VMOVUPS     32(DI), Y1
	VFMADD231PS (SI), Y12, Y0
	VFMADD231PS 32(SI), Y12, Y1
	VFMADD231PS (R9), Y13, Y0
	VFMADD231PS 32(R9), Y13, Y1
	VFMADD231PS (R10), Y14, Y0
	VFMADD231PS 32(R10), Y14, Y1
	VFMADD231PS (R11), Y15, Y0
	VFMADD231PS 32(R11), Y15, Y1
	VMOVUPS     Y0, (DI)
	VMOVUPS     Y1, 32(DI)
	ADDQ        $64, DI
	ADDQ        $64, SI
	ADDQ        $64, R9
	ADDQ        $64, R10
	ADDQ        $64, R11
	SUBQ        $16, CX
	CMPQ        CX, $16
	JGE         aloop16

atail8:
	TESTQ CX, CX
	JZ    adone
	VMOVUPS     (DI), Y0
	VFMADD231PS (SI), Y12, Y0
	VFMADD231PS (R9), Y13, Y0
	VFMADD231PS (R10), Y14, Y0
	VFMADD231PS (R11), Y15, Y0
	VMOVUPS     Y0, (DI)

adone:
	VZEROUPPER
	RET
