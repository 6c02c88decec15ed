//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

// One step of the 6×16 rank-1 update: the 16 values of a row of the B
// panel at boff(BX) in Y12:Y13, each of the 6 values of a column of the A
// panel at aoff(AX) broadcast into Y14 or Y15 and multiplied into the two
// accumulators of its row (row r in Y(2r), Y(2r+1)).
#define STEP(aoff, boff) \
	VMOVUPS      boff(BX), Y12;      \
	VMOVUPS      boff+32(BX), Y13;   \
	VBROADCASTSS aoff(AX), Y14;      \
	VFMADD231PS  Y12, Y14, Y0;       \
	VFMADD231PS  Y13, Y14, Y1;       \
	VBROADCASTSS aoff+4(AX), Y15;    \
	VFMADD231PS  Y12, Y15, Y2;       \
	VFMADD231PS  Y13, Y15, Y3;       \
	VBROADCASTSS aoff+8(AX), Y14;    \
	VFMADD231PS  Y12, Y14, Y4;       \
	VFMADD231PS  Y13, Y14, Y5;       \
	VBROADCASTSS aoff+12(AX), Y15;   \
	VFMADD231PS  Y12, Y15, Y6;       \
	VFMADD231PS  Y13, Y15, Y7;       \
	VBROADCASTSS aoff+16(AX), Y14;   \
	VFMADD231PS  Y12, Y14, Y8;       \
	VFMADD231PS  Y13, Y14, Y9;       \
	VBROADCASTSS aoff+20(AX), Y15;   \
	VFMADD231PS  Y12, Y15, Y10;      \
	VFMADD231PS  Y13, Y15, Y11

// SCALE12 multiplies the accumulators Y0-Y11 by alpha (a float32 in
// memory), skipping the multiplies when alpha is exactly 1 (1·x is x, bit
// for bit), and continues at label done. It clobbers DX and Y14.
#define SCALE12(alpha, done) \
	MOVL         alpha, DX;        \
	CMPL         DX, $0x3f800000;  \
	JEQ          done;             \
	VBROADCASTSS alpha, Y14;       \
	VMULPS       Y14, Y0, Y0;      \
	VMULPS       Y14, Y1, Y1;      \
	VMULPS       Y14, Y2, Y2;      \
	VMULPS       Y14, Y3, Y3;      \
	VMULPS       Y14, Y4, Y4;      \
	VMULPS       Y14, Y5, Y5;      \
	VMULPS       Y14, Y6, Y6;      \
	VMULPS       Y14, Y7, Y7;      \
	VMULPS       Y14, Y8, Y8;      \
	VMULPS       Y14, Y9, Y9;      \
	VMULPS       Y14, Y10, Y10;    \
	VMULPS       Y14, Y11, Y11;    \
done:

// Write one row of the tile: alpha*acc (already scaled) to (DI).
#define STOREROW(lo, hi) \
	VMOVUPS lo, (DI);    \
	VMOVUPS hi, 32(DI);  \
	ADDQ    R8, DI

// Write the six rows as alpha*acc + beta*C, beta in Y15, and advance DI
// six rows; r2 and r4 are scratch (rows 2 and 4). All of C is read before
// any of it is written: when ldc is a multiple of 1024 floats the rows
// share their low 12 address bits, and a load issued after a store with
// the same low bits may wait for it (4K aliasing). The effect on a whole
// product was within this machine's noise; the order costs nothing.
#define UPDATE6(r2, r4) \
	LEAQ        (DI)(R8*2), r2;         \
	LEAQ        (r2)(R8*2), r4;         \
	VFMADD231PS (DI), Y15, Y0;          \
	VFMADD231PS 32(DI), Y15, Y1;        \
	VFMADD231PS (DI)(R8*1), Y15, Y2;    \
	VFMADD231PS 32(DI)(R8*1), Y15, Y3;  \
	VFMADD231PS (r2), Y15, Y4;          \
	VFMADD231PS 32(r2), Y15, Y5;        \
	VFMADD231PS (r2)(R8*1), Y15, Y6;    \
	VFMADD231PS 32(r2)(R8*1), Y15, Y7;  \
	VFMADD231PS (r4), Y15, Y8;          \
	VFMADD231PS 32(r4), Y15, Y9;        \
	VFMADD231PS (r4)(R8*1), Y15, Y10;   \
	VFMADD231PS 32(r4)(R8*1), Y15, Y11; \
	VMOVUPS     Y0, (DI);               \
	VMOVUPS     Y1, 32(DI);             \
	VMOVUPS     Y2, (DI)(R8*1);         \
	VMOVUPS     Y3, 32(DI)(R8*1);       \
	VMOVUPS     Y4, (r2);               \
	VMOVUPS     Y5, 32(r2);             \
	VMOVUPS     Y6, (r2)(R8*1);         \
	VMOVUPS     Y7, 32(r2)(R8*1);       \
	VMOVUPS     Y8, (r4);               \
	VMOVUPS     Y9, 32(r4);             \
	VMOVUPS     Y10, (r4)(R8*1);        \
	VMOVUPS     Y11, 32(r4)(R8*1);      \
	LEAQ        (r4)(R8*2), DI

// func sgemmKernel6x16(kc int, a, b, c *float32, ldc int, alpha, beta float32, tiles int)
//
// Computes tiles tiles down a column of C: tile t uses the t-th packed A
// panel (they follow each other, kc*6 floats apart), the one B panel, and
// rows 6t..6t+5 of C.
//
// R13 = tiles left, CX = kc (counts down), AX = A panel, BX = B panel
// (R12 keeps its start), DI = C row, R8 = ldc in bytes, DX = beta's bits.
// Y0-Y11 accumulate the tile, Y12-Y15 hold B rows and broadcast A values.
TEXT ·sgemmKernel6x16(SB), NOSPLIT, $0-56
	MOVQ a+8(FP), AX
	MOVQ b+16(FP), R12
	MOVQ c+24(FP), DI
	MOVQ ldc+32(FP), R8
	SHLQ $2, R8
	MOVQ tiles+48(FP), R13

tile:
	MOVQ kc+0(FP), CX
	MOVQ R12, BX

	// Warm C's six rows while the loop runs.
	MOVQ        DI, R9
	PREFETCHT0  (R9)
	PREFETCHT0  60(R9)
	ADDQ        R8, R9
	PREFETCHT0  (R9)
	PREFETCHT0  60(R9)
	ADDQ        R8, R9
	PREFETCHT0  (R9)
	PREFETCHT0  60(R9)
	ADDQ        R8, R9
	PREFETCHT0  (R9)
	PREFETCHT0  60(R9)
	ADDQ        R8, R9
	PREFETCHT0  (R9)
	PREFETCHT0  60(R9)
	ADDQ        R8, R9
	PREFETCHT0  (R9)
	PREFETCHT0  60(R9)

	ZERO12

	CMPQ CX, $4
	JLT  tail

loop4:
	PREFETCHT0 384(AX)
	STEP(0, 0)
	STEP(24, 64)
	PREFETCHT0 480(AX)
	STEP(48, 128)
	STEP(72, 192)
	ADDQ $96, AX
	ADDQ $256, BX
	SUBQ $4, CX
	CMPQ CX, $4
	JGE  loop4

tail:
	TESTQ CX, CX
	JZ    store

loop1:
	STEP(0, 0)
	ADDQ $24, AX
	ADDQ $64, BX
	DECQ CX
	JNZ  loop1

store:
	SCALE12(alpha+40(FP), scaled)

	// beta = ±0: overwrite C without reading it.
	MOVL beta+44(FP), DX
	ANDL $0x7fffffff, DX
	JNZ  update
	STOREROW(Y0, Y1)
	STOREROW(Y2, Y3)
	STOREROW(Y4, Y5)
	STOREROW(Y6, Y7)
	STOREROW(Y8, Y9)
	STOREROW(Y10, Y11)
	DECQ R13
	JNZ  tile
	VZEROUPPER
	RET

update:
	VBROADCASTSS beta+44(FP), Y15
	UPDATE6(R9, R10)
	DECQ R13
	JNZ  tile
	VZEROUPPER
	RET

// One step of the strided 6×16 update: B's row at (BX), A's six values at
// (AX), (AX)+rs, (AX)+2rs, (R11), (R11)+rs, (R11)+2rs with rs in R10.
#define SSTEP \
	VMOVUPS      (BX), Y12;          \
	VMOVUPS      32(BX), Y13;        \
	VBROADCASTSS (AX), Y14;          \
	VFMADD231PS  Y12, Y14, Y0;       \
	VFMADD231PS  Y13, Y14, Y1;       \
	VBROADCASTSS (AX)(R10*1), Y15;   \
	VFMADD231PS  Y12, Y15, Y2;       \
	VFMADD231PS  Y13, Y15, Y3;       \
	VBROADCASTSS (AX)(R10*2), Y14;   \
	VFMADD231PS  Y12, Y14, Y4;       \
	VFMADD231PS  Y13, Y14, Y5;       \
	VBROADCASTSS (R11), Y15;         \
	VFMADD231PS  Y12, Y15, Y6;       \
	VFMADD231PS  Y13, Y15, Y7;       \
	VBROADCASTSS (R11)(R10*1), Y14;  \
	VFMADD231PS  Y12, Y14, Y8;       \
	VFMADD231PS  Y13, Y14, Y9;       \
	VBROADCASTSS (R11)(R10*2), Y15;  \
	VFMADD231PS  Y12, Y15, Y10;      \
	VFMADD231PS  Y13, Y15, Y11;      \
	ADDQ         R9, AX;             \
	ADDQ         R9, R11;            \
	ADDQ         R12, BX


// Masked row writes for a tile narrower than 16: lanes selected by Y12
// (columns 0-7) and Y13 (columns 8-15); lanes outside are neither read
// nor written.
#define MSTOREROW(lo, hi) \
	VMASKMOVPS lo, Y12, (DI);   \
	VMASKMOVPS hi, Y13, 32(DI); \
	ADDQ       R8, DI

#define MUPDATEROW(lo, hi) \
	VMASKMOVPS  (DI), Y12, Y14;   \
	VFMADD231PS Y14, Y15, lo;     \
	VMASKMOVPS  32(DI), Y13, Y14; \
	VFMADD231PS Y14, Y15, hi;     \
	VMASKMOVPS  lo, Y12, (DI);    \
	VMASKMOVPS  hi, Y13, 32(DI);  \
	ADDQ        R8, DI

// func sgemmKernel6x16Strided(kc int, a *float32, rsA, csA int, b *float32, csB int, c *float32, ldc int, cols int, alpha, beta float32, tsA, tiles int)
//
// 6×16 tiles down a column of C with operands read in place instead of
// packed: tile t's A value (i, p) at a[t*tsA+i*rsA+p*csA], B row p at
// b[p*csB:p*csB+16], C rows 6t to 6t+5. Only the first cols (1-16)
// columns of C are read and written, through masked moves.
//
// CX = kc (counts down), AX = A rows 0-2 base, R11 = A rows 3-5 base,
// R10 = rsA and R9 = csA in bytes (UPDATE6 clobbers both: they are
// loaded again for each tile), BX = B row, R12 = csB in bytes, DI = C
// row, R8 = ldc in bytes. Registers as in sgemmKernel6x16. The frame
// holds the current tile's A (at0) and the tiles left (left).
TEXT ·sgemmKernel6x16Strided(SB), NOSPLIT, $16-96
	MOVQ a+8(FP), AX
	MOVQ AX, at0-8(SP)
	MOVQ tiles+88(FP), DX
	MOVQ DX, left-16(SP)
	MOVQ csB+40(FP), R12
	SHLQ $2, R12
	MOVQ c+48(FP), DI
	MOVQ ldc+56(FP), R8
	SHLQ $2, R8

stile:
	MOVQ kc+0(FP), CX
	MOVQ b+32(FP), BX
	MOVQ rsA+16(FP), R10
	SHLQ $2, R10
	MOVQ csA+24(FP), R9
	SHLQ $2, R9
	LEAQ (R10)(R10*2), R11
	ADDQ AX, R11

	ZERO12

	// Two steps per iteration, then the odd one.
	SUBQ $2, CX
	JLT  slast

sloop2:
	SSTEP
	SSTEP
	SUBQ $2, CX
	JGE  sloop2

slast:
	ADDQ $2, CX
	JZ   sdone
	SSTEP

sdone:

	SCALE12(alpha+72(FP), sscaled)

	MOVL beta+76(FP), DX
	ANDL $0x7fffffff, DX
	MOVQ cols+64(FP), SI
	CMPQ SI, $16
	JLT  masked
	TESTL DX, DX
	JNZ  supdate
	STOREROW(Y0, Y1)
	STOREROW(Y2, Y3)
	STOREROW(Y4, Y5)
	STOREROW(Y6, Y7)
	STOREROW(Y8, Y9)
	STOREROW(Y10, Y11)
	JMP  snext

supdate:
	VBROADCASTSS beta+76(FP), Y15
	UPDATE6(R9, R10)
	JMP  snext

masked:
	// SI = 16 - cols; Y12:Y13 = the 16 lanes at gemmLaneMask + 4*SI.
	NEGQ    SI
	ADDQ    $16, SI
	LEAQ    ·gemmLaneMask(SB), R13
	LEAQ    (R13)(SI*4), R13
	VMOVDQU (R13), Y12
	VMOVDQU 32(R13), Y13
	TESTL   DX, DX
	JNZ     mupdate
	MSTOREROW(Y0, Y1)
	MSTOREROW(Y2, Y3)
	MSTOREROW(Y4, Y5)
	MSTOREROW(Y6, Y7)
	MSTOREROW(Y8, Y9)
	MSTOREROW(Y10, Y11)
	JMP     snext

mupdate:
	VBROADCASTSS beta+76(FP), Y15
	MUPDATEROW(Y0, Y1)
	MUPDATEROW(Y2, Y3)
	MUPDATEROW(Y4, Y5)
	MUPDATEROW(Y6, Y7)
	MUPDATEROW(Y8, Y9)
	MUPDATEROW(Y10, Y11)

snext:
	// DI is now the next tile's first row.
	DECQ left-16(SP)
	JZ   sret
	MOVQ tsA+80(FP), DX
	SHLQ $2, DX
	MOVQ at0-8(SP), AX
	ADDQ DX, AX
	MOVQ AX, at0-8(SP)
	JMP  stile

sret:
	VZEROUPPER
	RET
