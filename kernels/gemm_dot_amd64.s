//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

// The dot-product micro-kernel for products with few columns: C's values
// are dot products of rows of A and rows of Bᵀ, both contiguous along k,
// so the vectors run along k and no lane is wasted however narrow C is.

// DOTSTEP(LOAD) multiplies 8 depths of A's three rows (SI, SI+R8,
// SI+2·R8) into those of Bᵀ's four rows (DI, DI+R9, DI+2·R9, R10): the
// accumulator of row r and column j is Y(3j+r). LOADA and LOADB are
// VMOVUPS, or in the tail masked loads (LOADMA, LOADMB).
#define DOTSTEP(LOADA, LOADB) \
	LOADA((SI), Y12);          \
	LOADA((SI)(R8*1), Y13);    \
	LOADA((SI)(R8*2), Y14);    \
	LOADB((DI), Y15);          \
	VFMADD231PS Y15, Y12, Y0;  \
	VFMADD231PS Y15, Y13, Y1;  \
	VFMADD231PS Y15, Y14, Y2;  \
	LOADB((DI)(R9*1), Y15);    \
	VFMADD231PS Y15, Y12, Y3;  \
	VFMADD231PS Y15, Y13, Y4;  \
	VFMADD231PS Y15, Y14, Y5;  \
	LOADB((DI)(R9*2), Y15);    \
	VFMADD231PS Y15, Y12, Y6;  \
	VFMADD231PS Y15, Y13, Y7;  \
	VFMADD231PS Y15, Y14, Y8;  \
	LOADB((R10), Y15);         \
	VFMADD231PS Y15, Y12, Y9;  \
	VFMADD231PS Y15, Y13, Y10; \
	VFMADD231PS Y15, Y14, Y11

#define LOADU(mem, reg) VMOVUPS mem, reg

// In the tail the lane mask is in Y15 when DOTSTEP starts, for the three
// masked loads of A; each load of B reloads it from the stack slot
// mask-32(SP) into Y15 and then replaces it there by B's masked row.
#define LOADMA(mem, reg) VMASKMOVPS mem, Y15, reg
#define LOADMB(mem, reg) VMOVDQU mask-32(SP), Y15; \
	VMASKMOVPS mem, Y15, reg

// HSUM4X4(a, b, c, d, t) leaves in a's low 128 bits the four sums of the
// 8-lane vectors a, b, c, d, each as ((x0+x1)+(x2+x3))+((x4+x5)+(x6+x7)),
// the same order for every position. Clobbers c and t.
#define HSUM4X4(a, b, c, d, xa, xt) \
	VHADDPS b, a, a;           \
	VHADDPS d, c, c;           \
	VHADDPS c, a, a;           \
	VEXTRACTF128 $1, a, xt;    \
	VADDPS xt, xa, xa

// DOTARGS loads the arguments of the dot kernels (see sgemmDot3x4 for the
// registers) and, when k is not a multiple of 8, the tail's lane mask into
// Y15; with no tail it jumps to notail.
#define DOTARGS(notail) \
	MOVQ k+0(FP), DX;         \
	MOVQ a+8(FP), BX;         \
	MOVQ lda+16(FP), R8;      \
	SHLQ $2, R8;              \
	MOVQ b+24(FP), AX;        \
	MOVQ ldb+32(FP), R9;      \
	SHLQ $2, R9;              \
	MOVQ c+40(FP), R11;       \
	MOVQ ldc+48(FP), R12;     \
	SHLQ $2, R12;             \
	MOVQ groups+64(FP), R13;  \
	ANDQ $7, DX;              \
	JZ   notail;              \
	MOVQ DX, CX;              \
	TAILMASK(CX, SI)

// func sgemmDot3x4(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, groups int)
//
// For g < groups, sets the 3×4 block of C at c + g·3·ldc to alpha·A_g·Bᵀ
// + beta·C (C not read when beta is ±0), where A_g is rows 3g..3g+2 of A
// (rows lda floats apart, each k long) and Bᵀ is four rows ldb floats
// apart, each k long. k >= 1, groups >= 1. Only the first k floats of each
// row are read (the last k mod 8 through masked loads).
//
// BX = A's current group, SI = A row 0 during the loop, R8 = lda bytes,
// AX = Bᵀ, DI = Bᵀ row 0 and R10 = row 3 during the loop, R9 = ldb bytes,
// R11 = C's current group, R12 = ldc bytes, R13 = groups left, CX = steps
// of 8 left, DX = k mod 8.
TEXT ·sgemmDot3x4(SB), NOSPLIT, $32-72
	DOTARGS(group)
	VMOVDQU Y15, mask-32(SP)

group:
	MOVQ BX, SI
	MOVQ AX, DI
	LEAQ (R9)(R9*2), R10
	ADDQ AX, R10
	ZERO12
	MOVQ k+0(FP), CX
	SHRQ $3, CX
	JZ   tail

loop:
	DOTSTEP(LOADU, LOADU)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R10
	DECQ CX
	JNZ  loop

tail:
	TESTQ DX, DX
	JZ    sums
	VMOVDQU mask-32(SP), Y15
	DOTSTEP(LOADMA, LOADMB)

sums:
	// Row r's four sums into Xr (r = 0, 1, 2).
	HSUM4X4(Y0, Y3, Y6, Y9, X0, X12)
	HSUM4X4(Y1, Y4, Y7, Y10, X1, X12)
	HSUM4X4(Y2, Y5, Y8, Y11, X2, X12)
	VBROADCASTSS alpha+56(FP), X13
	VMULPS X13, X0, X0
	VMULPS X13, X1, X1
	VMULPS X13, X2, X2
	MOVL beta+60(FP), CX
	ANDL $0x7fffffff, CX
	JZ   store
	VBROADCASTSS beta+60(FP), X14
	MOVQ R11, CX
	VFMADD231PS (CX), X14, X0
	ADDQ R12, CX
	VFMADD231PS (CX), X14, X1
	ADDQ R12, CX
	VFMADD231PS (CX), X14, X2

store:
	MOVQ    R11, CX
	VMOVUPS X0, (CX)
	ADDQ    R12, CX
	VMOVUPS X1, (CX)
	ADDQ    R12, CX
	VMOVUPS X2, (CX)
	ADDQ    R12, CX
	MOVQ    CX, R11
	LEAQ    (BX)(R8*2), BX
	ADDQ    R8, BX
	DECQ    R13
	JNZ     group
	VZEROUPPER
	RET

// DOT5STEP(LOADA, LOADB) multiplies 8 depths of A's two rows (SI, SI+R8)
// into those of Bᵀ's five rows (DI, DI+R9, DI+2·R9, R10, R10+R9): the
// accumulator of row r and column j is Y(5r+j); Y10, Y11 hold A, Y12 B.
#define DOT5STEP(LOADA, LOADB) \
	LOADA((SI), Y10);          \
	LOADA((SI)(R8*1), Y11);    \
	LOADB((DI), Y12);          \
	VFMADD231PS Y12, Y10, Y0;  \
	VFMADD231PS Y12, Y11, Y5;  \
	LOADB((DI)(R9*1), Y12);    \
	VFMADD231PS Y12, Y10, Y1;  \
	VFMADD231PS Y12, Y11, Y6;  \
	LOADB((DI)(R9*2), Y12);    \
	VFMADD231PS Y12, Y10, Y2;  \
	VFMADD231PS Y12, Y11, Y7;  \
	LOADB((R10), Y12);         \
	VFMADD231PS Y12, Y10, Y3;  \
	VFMADD231PS Y12, Y11, Y8;  \
	LOADB((R10)(R9*1), Y12);   \
	VFMADD231PS Y12, Y10, Y4;  \
	VFMADD231PS Y12, Y11, Y9

// In DOT5STEP's tail the mask is in Y15 for the whole step (Y12 takes B).
#define LOADM5(mem, reg) VMASKMOVPS mem, Y15, reg

// HSUM1(a, xa, xt) leaves in xa's lowest lane the sum of a's 8 lanes in
// HSUM4X4's order, ((x0+x1)+(x2+x3))+((x4+x5)+(x6+x7)).
#define HSUM1(a, xa, xt) \
	VHADDPS a, a, a;        \
	VHADDPS a, a, a;        \
	VEXTRACTF128 $1, a, xt; \
	VADDSS xt, xa, xa

// ROW5(x4, x1, off) finishes one row of the 2×5 block at CX: alpha times
// the sums x4 (columns 0-3) and x1 (column 4), plus beta·C unless beta is
// ±0 (DX = beta's bits without the sign), then stored.
#define ROW5(x4, x1) \
	VMULPS X13, x4, x4;       \
	VMULSS X13, x1, x1;       \
	TESTL  DX, DX;            \
	JZ     3(PC);             \
	VFMADD231PS (CX), X14, x4; \
	VFMADD231SS 16(CX), X14, x1; \
	VMOVUPS x4, (CX);         \
	VMOVSS  x1, 16(CX)

// func sgemmDot2x5(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, groups int)
//
// sgemmDot3x4 for 2×5 blocks: for g < groups, sets the 2×5 block of C at
// c + g·2·ldc to alpha·A_g·Bᵀ + beta·C (C not read when beta is ±0), A_g
// being rows 2g, 2g+1 of A and Bᵀ five rows, all k long. Ten
// accumulators instead of twelve, but no column wasted when C has 5 or 10
// columns (an output layer of 10 classes).
//
// Registers as in sgemmDot3x4, with R10 = Bᵀ row 3 and the mask in Y15.
TEXT ·sgemmDot2x5(SB), NOSPLIT, $0-72
	DOTARGS(group5)

group5:
	MOVQ BX, SI
	MOVQ AX, DI
	LEAQ (R9)(R9*2), R10
	ADDQ AX, R10
	ZERO8
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	MOVQ k+0(FP), CX
	SHRQ $3, CX
	JZ   tail5

loop5:
	DOT5STEP(LOADU, LOADU)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R10
	DECQ CX
	JNZ  loop5

tail5:
	TESTQ DX, DX
	JZ    sums5
	DOT5STEP(LOADM5, LOADM5)

sums5:
	HSUM4X4(Y0, Y1, Y2, Y3, X0, X12)
	HSUM1(Y4, X4, X12)
	HSUM4X4(Y5, Y6, Y7, Y8, X5, X12)
	HSUM1(Y9, X9, X12)
	VBROADCASTSS alpha+56(FP), X13
	VBROADCASTSS beta+60(FP), X14
	MOVL beta+60(FP), DX
	ANDL $0x7fffffff, DX
	MOVQ R11, CX
	ROW5(X0, X4)
	ADDQ R12, CX
	ROW5(X5, X9)
	ADDQ R12, CX
	MOVQ CX, R11
	LEAQ (BX)(R8*2), BX
	MOVQ k+0(FP), DX
	ANDQ $7, DX
	DECQ R13
	JNZ  group5
	VZEROUPPER
	RET
