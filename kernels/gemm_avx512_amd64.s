//go:build !purego

#include "textflag.h"
#include "gemm_avx512_amd64.h"

// ROWSARGS(shift, rows) loads the arguments of packRows32 and packRows8,
// func(kb, panels int, src *float32, ld int, dst *float32): CX = kb, SI
// = src, R8 = ld and R12 = 3·ld in bytes, DI = dst, R9 = the panel size
// in bytes (kb << shift); with fewer than eight rows it continues at
// label rows, the row-at-a-time loop.
#define ROWSARGS(shift, rows) \
	MOVQ kb+0(FP), CX;    \
	MOVQ src+16(FP), SI;  \
	MOVQ ld+24(FP), R8;   \
	SHLQ $2, R8;          \
	MOVQ dst+32(FP), DI;  \
	MOVQ CX, R9;          \
	SHLQ $shift, R9;      \
	LEAQ (R8)(R8*2), R12; \
	CMPQ CX, $8;          \
	JLT  rows

// ROWSBLOCK starts a block of eight rows: DX counts the panels, R10 and
// R13 walk rows 0 and 4 of the block, R11 the panels.
#define ROWSBLOCK \
	MOVQ panels+8(FP), DX; \
	MOVQ SI, R10;          \
	LEAQ (SI)(R8*4), R13;  \
	MOVQ DI, R11

// ROWSNEXT(bytes, block, done) ends a block of eight rows: SI steps eight
// rows on, DI the block's bytes in panel 0; it loops to label block while
// eight rows are left, and goes to label done when none is.
#define ROWSNEXT(bytes, block, done) \
	LEAQ  (SI)(R8*8), SI; \
	ADDQ  bytes, DI;      \
	SUBQ  $8, CX;         \
	CMPQ  CX, $8;         \
	JGE   block;          \
	TESTQ CX, CX;         \
	JZ    done

// One step of the 8×32 rank-1 update: the 32 values of a row of the B
// panel at boff(BX) in b0:b1, each of the 8 values of a column of the A
// panel at aoff(AX) broadcast into Z28-Z31 (in turn) and multiplied into
// the two accumulators of its row (row r in Z(2r), Z(2r+1)): 10 loads
// (2 of B, 8 broadcasts of A) per 16 FMAs. (Broadcasting inside the FMAs,
// VFMADD231PS.BCST, ran at the same speed on Zen 4 but needs 18 loads per
// 16 FMAs, more than two load ports serve on CPUs with two 512-bit FMA
// units.)
#define STEP(aoff, boff, b0, b1) \
	VMOVUPS      boff(BX), b0;     \
	VMOVUPS      boff+64(BX), b1;  \
	VBROADCASTSS aoff+0(AX), Z28; \
	VFMADD231PS  b0, Z28, Z0;      \
	VFMADD231PS  b1, Z28, Z1;      \
	VBROADCASTSS aoff+4(AX), Z29; \
	VFMADD231PS  b0, Z29, Z2;      \
	VFMADD231PS  b1, Z29, Z3;      \
	VBROADCASTSS aoff+8(AX), Z30; \
	VFMADD231PS  b0, Z30, Z4;      \
	VFMADD231PS  b1, Z30, Z5;      \
	VBROADCASTSS aoff+12(AX), Z31; \
	VFMADD231PS  b0, Z31, Z6;      \
	VFMADD231PS  b1, Z31, Z7;      \
	VBROADCASTSS aoff+16(AX), Z28; \
	VFMADD231PS  b0, Z28, Z8;      \
	VFMADD231PS  b1, Z28, Z9;      \
	VBROADCASTSS aoff+20(AX), Z29; \
	VFMADD231PS  b0, Z29, Z10;      \
	VFMADD231PS  b1, Z29, Z11;      \
	VBROADCASTSS aoff+24(AX), Z30; \
	VFMADD231PS  b0, Z30, Z12;      \
	VFMADD231PS  b1, Z30, Z13;      \
	VBROADCASTSS aoff+28(AX), Z31; \
	VFMADD231PS  b0, Z31, Z14;      \
	VFMADD231PS  b1, Z31, Z15

// STORE4(p, ...) writes four rows of the tile at p, p+ldc, p+2ldc, p+3ldc
// (R8 = ldc, R9 = 3ldc in bytes), each row a pair of accumulators.
#define STORE4(p, r0a, r0b, r1a, r1b, r2a, r2b, r3a, r3b) \
	VMOVUPS r0a, (p);           \
	VMOVUPS r0b, 64(p);         \
	VMOVUPS r1a, (p)(R8*1);     \
	VMOVUPS r1b, 64(p)(R8*1);   \
	VMOVUPS r2a, (p)(R8*2);     \
	VMOVUPS r2b, 64(p)(R8*2);   \
	VMOVUPS r3a, (p)(R9*1);     \
	VMOVUPS r3b, 64(p)(R9*1)

// ADDC4(p, ...) adds beta (in Z31) times four rows of C at p to the
// accumulators of those rows, as STORE4 addresses them.
#define ADDC4(p, r0a, r0b, r1a, r1b, r2a, r2b, r3a, r3b) \
	VFMADD231PS (p), Z31, r0a;         \
	VFMADD231PS 64(p), Z31, r0b;       \
	VFMADD231PS (p)(R8*1), Z31, r1a;   \
	VFMADD231PS 64(p)(R8*1), Z31, r1b; \
	VFMADD231PS (p)(R8*2), Z31, r2a;   \
	VFMADD231PS 64(p)(R8*2), Z31, r2b; \
	VFMADD231PS (p)(R9*1), Z31, r3a;   \
	VFMADD231PS 64(p)(R9*1), Z31, r3b

// COLARGS loads the arguments the column kernels share, func(kc int, a, b, c
// *float32, ldc int, 8 bytes of their own, tiles int): AX = a, R12 = b,
// DI = c, R8 = ldc and R9 = 3·ldc in bytes, R13 = tiles.
#define COLARGS \
	MOVQ a+8(FP), AX;      \
	MOVQ b+16(FP), R12;    \
	MOVQ c+24(FP), DI;     \
	MOVQ ldc+32(FP), R8;   \
	SHLQ $2, R8;           \
	LEAQ (R8)(R8*2), R9;   \
	MOVQ tiles+48(FP), R13

// WARM4(p) prefetches four rows of a tile of C at p, as STORE4 addresses
// them, two cache lines each, to be warm when the tile is written.
#define WARM4(p) \
	PREFETCHT0 (p);          \
	PREFETCHT0 64(p);        \
	PREFETCHT0 (p)(R8*1);    \
	PREFETCHT0 64(p)(R8*1);  \
	PREFETCHT0 (p)(R8*2);    \
	PREFETCHT0 64(p)(R8*2);  \
	PREFETCHT0 (p)(R9*1);    \
	PREFETCHT0 64(p)(R9*1)

// TILE8(tile, loop4, tail, loop1, done) computes one 8×32 tile's sums
// A·B into Z0-Z15 (labels are the macro's, given so each kernel has its
// own): CX = kc, BX = the B panel from R12, R10 = the tile's row 4, C's
// rows warmed (while the loop runs), then kc steps, four at a time, AX walking the A panel.
#define TILE8(tile, loop4, tail, loop1, done) \
tile:                           \
	MOVQ kc+0(FP), CX;          \
	MOVQ R12, BX;               \
	LEAQ (DI)(R8*4), R10;       \
	WARM4(DI);                  \
	WARM4(R10);                 \
	ZERO16;                     \
	CMPQ CX, $4;                \
	JLT  tail;                  \
loop4:                          \
	/* A streams from L2, 32 bytes a step: fetch 8 steps ahead */ \
	PREFETCHT0 256(AX);         \
	STEP(0, 0, Z24, Z25);       \
	STEP(32, 128, Z26, Z27);    \
	PREFETCHT0 320(AX);         \
	STEP(64, 256, Z24, Z25);    \
	STEP(96, 384, Z26, Z27);    \
	SUBQ $-128, AX;             \
	ADDQ $512, BX;              \
	SUBQ $4, CX;                \
	CMPQ CX, $4;                \
	JGE  loop4;                 \
tail:                           \
	TESTQ CX, CX;               \
	JZ    done;                 \
loop1:                          \
	STEP(0, 0, Z24, Z25);       \
	ADDQ $32, AX;               \
	ADDQ $128, BX;              \
	DECQ CX;                    \
	JNZ  loop1

// func sgemmKernel8x32(kc int, a, b, c *float32, ldc int, alpha, beta float32, tiles int)
//
// Computes tiles 8×32 tiles down a column of C: tile t uses the t-th
// packed A panel (they follow each other, kc*8 floats apart), the one B
// panel (kc*32 floats), and rows 8t..8t+7 of C. With beta = ±0, C is
// written without being read; otherwise all of the tile's C is read
// before any of it is written (see UPDATE6 in gemm_amd64.s).
//
// R13 = tiles left, CX = kc (counts down), AX = A panel, BX = B panel
// (R12 keeps its start), DI = C row, R10 = C row 4 of the tile, R8 = ldc
// and R9 = 3·ldc in bytes, DX = alpha's, then beta's, bits. Z0-Z15
// accumulate the tile, Z24-Z27 hold B rows, Z28-Z31 A values broadcast
// (and alpha, beta).
TEXT ·sgemmKernel8x32(SB), NOSPLIT, $0-56
	COLARGS

	TILE8(tile8, loop8x4, tail8, loop8x1, store8)

store8:
	SCALE16(alpha+40(FP), scaled8)

	// beta = ±0: overwrite C without reading it.
	MOVL beta+44(FP), DX
	ANDL $0x7fffffff, DX
	JNZ  update8
	STORE4(DI, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	STORE4(R10, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LEAQ (R10)(R8*4), DI
	DECQ R13
	JNZ  tile8
	VZEROUPPER
	RET

update8:
	VBROADCASTSS beta+44(FP), Z31
	ADDC4(DI, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	ADDC4(R10, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	STORE4(DI, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	STORE4(R10, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	LEAQ (R10)(R8*4), DI
	DECQ R13
	JNZ  tile8
	VZEROUPPER
	RET

// STEP1(aoff, boff, b, t0, t1, t2, t3, r0, ..., r7) is STEP for a tile at
// most 16 (ZMM operands) or 8 (YMM operands) columns wide: the first
// vector of B's row at boff(BX) into b, the 8 values of A at aoff(AX)
// broadcast into t0-t3 in turn and multiplied into the accumulator r of
// their row only.
#define STEP1(aoff, boff, b, t0, t1, t2, t3, r0, r1, r2, r3, r4, r5, r6, r7) \
	VMOVUPS      boff(BX), b;      \
	VBROADCASTSS aoff+0(AX), t0; \
	VFMADD231PS  b, t0, r0;       \
	VBROADCASTSS aoff+4(AX), t1; \
	VFMADD231PS  b, t1, r1;       \
	VBROADCASTSS aoff+8(AX), t2; \
	VFMADD231PS  b, t2, r2;       \
	VBROADCASTSS aoff+12(AX), t3; \
	VFMADD231PS  b, t3, r3;       \
	VBROADCASTSS aoff+16(AX), t0; \
	VFMADD231PS  b, t0, r4;       \
	VBROADCASTSS aoff+20(AX), t1; \
	VFMADD231PS  b, t1, r5;       \
	VBROADCASTSS aoff+24(AX), t2; \
	VFMADD231PS  b, t2, r6;       \
	VBROADCASTSS aoff+28(AX), t3; \
	VFMADD231PS  b, t3, r7

// HSTEP is the step for at most 16 columns; QSTEP for at most 8, on YMM
// registers (half the cost of ZMM FMAs where 512-bit FMAs are split in
// two; 256-bit operations clear the accumulators' upper lanes, so the
// ZMM stores that follow write zeros there, which the masks drop).
#define HSTEP(aoff, boff) STEP1(aoff, boff, Z24, Z28, Z29, Z30, Z31, Z0, Z2, Z4, Z6, Z8, Z10, Z12, Z14)
#define QSTEP(aoff, boff) STEP1(aoff, boff, Y24, Y28, Y29, Y30, Y31, Y0, Y2, Y4, Y6, Y8, Y10, Y12, Y14)

// func sgemmKernel8x32Cols(kc int, a, b, c *float32, ldc int, alpha, beta float32, tiles, cols int)
//
// sgemmKernel8x32 for the last, partial panel of B: only the first cols
// (1 to 31) columns of C are read and written, through masked moves, and
// when cols <= 16 only the first vector of each row is computed (half the
// FMAs), when cols <= 8 only its first 8 lanes. Every element gets the same operations as in sgemmKernel8x32.
//
// Registers as in sgemmKernel8x32; K1 and K2 select the columns 0-15 and
// 16-31 that are written, SI is the row pointer of the masked writes.
TEXT ·sgemmKernel8x32Cols(SB), NOSPLIT, $0-64
	// AX = (1 << cols) - 1: bits 0-15 to K1, 16-31 to K2.
	MOVQ  cols+56(FP), CX
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1
	SHRQ  $16, AX
	KMOVW AX, K2
	MOVQ  a+8(FP), AX
	MOVQ  b+16(FP), R12
	MOVQ  c+24(FP), DI
	MOVQ  ldc+32(FP), R8
	SHLQ  $2, R8
	MOVQ  tiles+48(FP), R13

ctile:
	MOVQ kc+0(FP), CX
	MOVQ R12, BX
	ZERO16
	CMPQ cols+56(FP), $8
	JLE  cquarter
	CMPQ cols+56(FP), $16
	JLE  chalf

cfull:
	STEP(0, 0, Z24, Z25)
	ADDQ $32, AX
	SUBQ $-128, BX
	DECQ CX
	JNZ  cfull
	JMP  cstore

chalf:
	HSTEP(0, 0)
	ADDQ $32, AX
	SUBQ $-128, BX
	DECQ CX
	JNZ  chalf
	JMP  cstore

cquarter:
	QSTEP(0, 0)
	ADDQ $32, AX
	SUBQ $-128, BX
	DECQ CX
	JNZ  cquarter

cstore:
	SCALE16(alpha+40(FP), cscaled)
	MOVL beta+44(FP), DX
	ANDL $0x7fffffff, DX
	JZ   cwrite
	VBROADCASTSS beta+44(FP), Z31
	MADDC8

cwrite:
	MSTORE8
	DECQ R13
	JNZ  ctile
	VZEROUPPER
	RET

// SSTEP is STEP for A and B read in place: B's row at (BX), A's eight
// values at (AX), (AX)+rs, (AX)+2rs, (AX)+3rs and the same from R12 (row
// 4), rs in R10 and 3rs in R11; then it steps A by R9 and B by R13.
#define SSTEP \
	VMOVUPS      (BX), Z24;        \
	VMOVUPS      64(BX), Z25;      \
	VBROADCASTSS (AX), Z28; \
	VFMADD231PS  Z24, Z28, Z0;     \
	VFMADD231PS  Z25, Z28, Z1;     \
	VBROADCASTSS (AX)(R10*1), Z29; \
	VFMADD231PS  Z24, Z29, Z2;     \
	VFMADD231PS  Z25, Z29, Z3;     \
	VBROADCASTSS (AX)(R10*2), Z30; \
	VFMADD231PS  Z24, Z30, Z4;     \
	VFMADD231PS  Z25, Z30, Z5;     \
	VBROADCASTSS (AX)(R11*1), Z31; \
	VFMADD231PS  Z24, Z31, Z6;     \
	VFMADD231PS  Z25, Z31, Z7;     \
	VBROADCASTSS (R12), Z28; \
	VFMADD231PS  Z24, Z28, Z8;     \
	VFMADD231PS  Z25, Z28, Z9;     \
	VBROADCASTSS (R12)(R10*1), Z29; \
	VFMADD231PS  Z24, Z29, Z10;     \
	VFMADD231PS  Z25, Z29, Z11;     \
	VBROADCASTSS (R12)(R10*2), Z30; \
	VFMADD231PS  Z24, Z30, Z12;     \
	VFMADD231PS  Z25, Z30, Z13;     \
	VBROADCASTSS (R12)(R11*1), Z31; \
	VFMADD231PS  Z24, Z31, Z14;     \
	VFMADD231PS  Z25, Z31, Z15;     \
	ADDQ         R9, AX;           \
	ADDQ         R9, R12;          \
	ADDQ         R13, BX

// SSTEP1(b, t0, t1, t2, t3, r0, ..., r7) is SSTEP for at most 16 (ZMM
// operands) or 8 (YMM) columns, as STEP1 is for STEP; SSTEPH and SSTEPQ
// apply it as HSTEP and QSTEP do.
#define SSTEP1(b, t0, t1, t2, t3, r0, r1, r2, r3, r4, r5, r6, r7) \
	VMOVUPS      (BX), b;          \
	VBROADCASTSS (AX), t0; \
	VFMADD231PS  b, t0, r0;       \
	VBROADCASTSS (AX)(R10*1), t1; \
	VFMADD231PS  b, t1, r1;       \
	VBROADCASTSS (AX)(R10*2), t2; \
	VFMADD231PS  b, t2, r2;       \
	VBROADCASTSS (AX)(R11*1), t3; \
	VFMADD231PS  b, t3, r3;       \
	VBROADCASTSS (R12), t0; \
	VFMADD231PS  b, t0, r4;       \
	VBROADCASTSS (R12)(R10*1), t1; \
	VFMADD231PS  b, t1, r5;       \
	VBROADCASTSS (R12)(R10*2), t2; \
	VFMADD231PS  b, t2, r6;       \
	VBROADCASTSS (R12)(R11*1), t3; \
	VFMADD231PS  b, t3, r7;       \
	ADDQ         R9, AX;           \
	ADDQ         R9, R12;          \
	ADDQ         R13, BX

#define SSTEPH SSTEP1(Z24, Z28, Z29, Z30, Z31, Z0, Z2, Z4, Z6, Z8, Z10, Z12, Z14)
#define SSTEPQ SSTEP1(Y24, Y28, Y29, Y30, Y31, Y0, Y2, Y4, Y6, Y8, Y10, Y12, Y14)

// func sgemmKernel8x32Strided(kc int, a *float32, rsA, csA int, b *float32, csB int, c *float32, ldc, cols int, alpha, beta float32, tsA, tiles int)
//
// 8×32 tiles down a column of C with operands read in place instead of
// packed: tile t's A value (i, p) at a[t*tsA+i*rsA+p*csA], B row p at
// b[p*csB:p*csB+32], C rows 8t to 8t+7. Only the first cols (1-32)
// columns of C are read and written, through masked moves (K1 for columns
// 0-15, K2 for 16-31), and only 16 or 8 lanes are computed when cols is
// at most that.
//
// CX = kc (counts down), AX and R12 = A rows 0 and 4 (advancing in p),
// R10 = rsA, R11 = 3·rsA and R9 = csA in bytes, BX = B row, R13 = csB in
// bytes, DI = C row, R8 = ldc in bytes. Z0-Z15 accumulate, as in
// sgemmKernel8x32. The frame holds the current tile's A (at0) and the
// tiles left (left).
TEXT ·sgemmKernel8x32Strided(SB), NOSPLIT, $16-96
	STRIDEDARGS
	MOVQ AX, at0-8(SP)
	MOVQ tiles+88(FP), DX
	MOVQ DX, left-16(SP)

ttile:
	ZERO16
	CMPQ cols+64(FP), $8
	JLE  tquarter
	CMPQ cols+64(FP), $16
	JLE  thalf

tloop:
	SSTEP
	DECQ CX
	JNZ  tloop
	JMP  tstore

thalf:
	SSTEPH
	DECQ CX
	JNZ  thalf
	JMP  tstore

tquarter:
	SSTEPQ
	DECQ CX
	JNZ  tquarter

tstore:
	SCALE16(alpha+72(FP), tscaled)
	MOVL beta+76(FP), DX
	ANDL $0x7fffffff, DX
	JZ   twrite
	VBROADCASTSS beta+76(FP), Z31
	MADDC8

twrite:
	MSTORE8 // DI is now the next tile's first row
	DECQ left-16(SP)
	JZ   tdone
	MOVQ tsA+80(FP), DX
	SHLQ $2, DX
	MOVQ at0-8(SP), AX
	ADDQ DX, AX
	MOVQ AX, at0-8(SP)
	LEAQ (AX)(R10*4), R12
	MOVQ b+32(FP), BX
	MOVQ kc+0(FP), CX
	JMP  ttile

tdone:
	VZEROUPPER
	RET

// func packRows32(kb, panels int, src *float32, ld int, dst *float32)
//
// dst[q*kb*32+p*32+l] = src[p*ld+q*32+l] for p < kb, q < panels, l < 32:
// whole 32-wide panels of a block whose lanes run along the source's rows
// (op(B) = B). Rows go eight at a time: each panel receives the eight
// rows' values as 1 KiB written in order, while the eight rows are read
// left to right. (A row at a time, each panel would receive 128 bytes,
// and with panels a multiple of 4 KiB apart, as they are for kb a
// multiple of 32, every panel's line falls in the same L1 set and is
// evicted before it is filled.) Left-over rows go one at a time.
//
// CX counts rows down, SI = the row, DI = its place in panel 0, R8 = ld
// and R9 = the panel size (kb*32 floats) in bytes, R12 = 3·ld, DX counts
// panels, R10 and R13 walk rows 0 and 4 of the eight, R11 the panels.
TEXT ·packRows32(SB), NOSPLIT, $0-40
	ROWSARGS(7, row32)

block32:
	ROWSBLOCK

bpanel32:
	VMOVUPS (R10), Z0
	VMOVUPS 64(R10), Z1
	VMOVUPS (R10)(R8*1), Z2
	VMOVUPS 64(R10)(R8*1), Z3
	VMOVUPS (R10)(R8*2), Z4
	VMOVUPS 64(R10)(R8*2), Z5
	VMOVUPS (R10)(R12*1), Z6
	VMOVUPS 64(R10)(R12*1), Z7
	VMOVUPS (R13), Z8
	VMOVUPS 64(R13), Z9
	VMOVUPS (R13)(R8*1), Z10
	VMOVUPS 64(R13)(R8*1), Z11
	VMOVUPS (R13)(R8*2), Z12
	VMOVUPS 64(R13)(R8*2), Z13
	VMOVUPS (R13)(R12*1), Z14
	VMOVUPS 64(R13)(R12*1), Z15
	VMOVUPS Z0, (R11)
	VMOVUPS Z1, 64(R11)
	VMOVUPS Z2, 128(R11)
	VMOVUPS Z3, 192(R11)
	VMOVUPS Z4, 256(R11)
	VMOVUPS Z5, 320(R11)
	VMOVUPS Z6, 384(R11)
	VMOVUPS Z7, 448(R11)
	VMOVUPS Z8, 512(R11)
	VMOVUPS Z9, 576(R11)
	VMOVUPS Z10, 640(R11)
	VMOVUPS Z11, 704(R11)
	VMOVUPS Z12, 768(R11)
	VMOVUPS Z13, 832(R11)
	VMOVUPS Z14, 896(R11)
	VMOVUPS Z15, 960(R11)
	SUBQ    $-128, R10
	SUBQ    $-128, R13
	ADDQ    R9, R11
	DECQ    DX
	JNZ     bpanel32
	ROWSNEXT($1024, block32, done32)

row32:
	MOVQ panels+8(FP), DX
	MOVQ SI, R10
	MOVQ DI, R11

panel32:
	VMOVUPS (R10), Z0
	VMOVUPS 64(R10), Z1
	VMOVUPS Z0, (R11)
	VMOVUPS Z1, 64(R11)
	ADDQ    $128, R10
	ADDQ    R9, R11
	DECQ    DX
	JNZ     panel32
	ADDQ    R8, SI
	SUBQ    $-128, DI
	DECQ    CX
	JNZ     row32

done32:
	VZEROUPPER
	RET

// func packRows8(kb, panels int, src *float32, ld int, dst *float32)
//
// packRows32 for 8-wide panels (op(A) = Aᵀ): each group of 8 moves as one
// 32-byte vector, eight rows at a time (each panel then receives 256
// bytes in order; the panels are 4 KiB apart for kb = 128), left-over
// rows one at a time. Registers as in packRows32; R9 = kb*8 floats in
// bytes.
TEXT ·packRows8(SB), NOSPLIT, $0-40
	ROWSARGS(5, row8)

block8:
	ROWSBLOCK

bpanel8:
	VMOVUPS (R10), Y0
	VMOVUPS (R10)(R8*1), Y1
	VMOVUPS (R10)(R8*2), Y2
	VMOVUPS (R10)(R12*1), Y3
	VMOVUPS (R13), Y4
	VMOVUPS (R13)(R8*1), Y5
	VMOVUPS (R13)(R8*2), Y6
	VMOVUPS (R13)(R12*1), Y7
	VMOVUPS Y0, (R11)
	VMOVUPS Y1, 32(R11)
	VMOVUPS Y2, 64(R11)
	VMOVUPS Y3, 96(R11)
	VMOVUPS Y4, 128(R11)
	VMOVUPS Y5, 160(R11)
	VMOVUPS Y6, 192(R11)
	VMOVUPS Y7, 224(R11)
	ADDQ    $32, R10
	ADDQ    $32, R13
	ADDQ    R9, R11
	DECQ    DX
	JNZ     bpanel8
	ROWSNEXT($256, block8, done8)

row8:
	MOVQ panels+8(FP), DX
	MOVQ SI, R10
	MOVQ DI, R11

panel8:
	VMOVUPS (R10), Y0
	VMOVUPS Y0, (R11)
	ADDQ    $32, R10
	ADDQ    R9, R11
	DECQ    DX
	JNZ     panel8
	ADDQ    R8, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     row8

done8:
	VZEROUPPER
	RET

// func packPartialMasked(kb, lanes, w int, src *float32, ld int, dst *float32)
//
// dst[p*w+l] = src[p*ld+l] for l < lanes and 0 for lanes <= l < w, p < kb:
// one panel w (1 to 32) wide with only its first lanes (1 to w-1) filled,
// from a block whose lanes run along the source's rows. Each row is read
// with zeroing masked loads (K1 for lanes 0-15, K2 for 16-31), which
// neither read past the lanes nor fault, and written as w floats (K3, K4).
// CX counts rows down, SI = the row, DI = the panel row, R8 = ld and R9 =
// w in bytes.
TEXT ·packPartialMasked(SB), NOSPLIT, $0-48
	MOVQ  lanes+8(FP), CX
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1
	SHRQ  $16, AX
	KMOVW AX, K2
	MOVQ  w+16(FP), CX
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K3
	SHRQ  $16, AX
	KMOVW AX, K4
	LEAQ  (CX*4), R9
	MOVQ  kb+0(FP), CX
	MOVQ  src+24(FP), SI
	MOVQ  ld+32(FP), R8
	SHLQ  $2, R8
	MOVQ  dst+40(FP), DI

prowm:
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z 64(SI), K2, Z1
	VMOVUPS   Z0, K3, (DI)
	VMOVUPS   Z1, K4, 64(DI)
	ADDQ      R8, SI
	ADDQ      R9, DI
	DECQ      CX
	JNZ       prowm
	VZEROUPPER
	RET

// BIAS16 adds bias[r] (R11 = bias) to row r's accumulators, Z(2r) and
// Z(2r+1), for the tile's 8 rows.
#define BIAS16 \
	VADDPS.BCST 0(R11), Z0, Z0; \
	VADDPS.BCST 0(R11), Z1, Z1; \
	VADDPS.BCST 4(R11), Z2, Z2; \
	VADDPS.BCST 4(R11), Z3, Z3; \
	VADDPS.BCST 8(R11), Z4, Z4; \
	VADDPS.BCST 8(R11), Z5, Z5; \
	VADDPS.BCST 12(R11), Z6, Z6; \
	VADDPS.BCST 12(R11), Z7, Z7; \
	VADDPS.BCST 16(R11), Z8, Z8; \
	VADDPS.BCST 16(R11), Z9, Z9; \
	VADDPS.BCST 20(R11), Z10, Z10; \
	VADDPS.BCST 20(R11), Z11, Z11; \
	VADDPS.BCST 24(R11), Z12, Z12; \
	VADDPS.BCST 24(R11), Z13, Z13; \
	VADDPS.BCST 28(R11), Z14, Z14; \
	VADDPS.BCST 28(R11), Z15, Z15

// func sgemmKernel8x32Bias(kc int, a, b, c *float32, ldc int, bias *float32, tiles int)
//
// sgemmKernel8x32 with alpha 1 and beta 0, and bias[8t+r] added to row
// r of tile t: C = A·B + bias, the sums rounded once more by the add, as
// adding the bias to the product afterwards would. Registers as there;
// R11 walks bias.
TEXT ·sgemmKernel8x32Bias(SB), NOSPLIT, $0-56
	COLARGS
	MOVQ bias+40(FP), R11

	TILE8(btile8, bloop8x4, btail8, bloop8x1, bstore8)

bstore8:
	BIAS16
	STORE4(DI, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)
	STORE4(R10, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	ADDQ $32, R11
	LEAQ (R10)(R8*4), DI
	DECQ R13
	JNZ  btile8
	VZEROUPPER
	RET

// SPLITLO(ra, rb) writes one row of a tile whose cut is below 16 and
// steps DI and SI to the next row: ra's first cut lanes (K1) at DI, its
// others (K3) and all of rb at SI, where column 0 would lie in the second
// block.
#define SPLITLO(ra, rb) \
	VMOVUPS ra, K1, (DI); \
	VMOVUPS ra, K3, (SI); \
	VMOVUPS rb, 64(SI);   \
	ADDQ    R8, DI;       \
	ADDQ    R8, SI

// SPLITHI(ra, rb) is SPLITLO for a cut of 16 or more: all of ra and rb's
// first cut-16 lanes (K2) at DI, rb's others (K4) at SI.
#define SPLITHI(ra, rb) \
	VMOVUPS ra, (DI);       \
	VMOVUPS rb, K2, 64(DI); \
	VMOVUPS rb, K4, 64(SI); \
	ADDQ    R8, DI;         \
	ADDQ    R8, SI

// func sgemmKernel8x32BiasSplit(kc int, a, b, c *float32, ldc int, bias *float32, tiles int, c1 *float32, cut int)
//
// sgemmKernel8x32Bias for a panel whose columns [0, cut) go to C at c and
// columns [cut, 32) to C at c1 (the column cut of the panel at c1[0]),
// both rows ldc apart: a panel of B that spans two blocks of C, written
// in place with masked stores instead of through scratch. 1 <= cut <= 31.
// Registers as in sgemmKernel8x32Bias; SI walks c1's rows less 4·cut
// bytes, so that column j of the panel is at j·4(SI) (the masks keep the
// stores off the columns before cut), R14 is cut, DX scratch. K1 and K2
// select the columns before cut in each vector, K3 and K4 the others.
TEXT ·sgemmKernel8x32BiasSplit(SB), NOSPLIT, $0-72
	COLARGS
	MOVQ bias+40(FP), R11
	MOVQ cut+64(FP), R14
	MOVQ R14, CX
	MOVQ $1, DX
	SHLQ CX, DX
	DECQ DX
	KMOVW DX, K1
	KNOTW K1, K3
	SHRQ $16, DX
	KMOVW DX, K2
	KNOTW K2, K4
	MOVQ c1+56(FP), SI
	SHLQ $2, CX
	SUBQ CX, SI

	TILE8(stile8, sloop8x4, stail8, sloop8x1, sstore8)

sstore8:
	BIAS16
	ADDQ $32, R11
	CMPQ R14, $16
	JGE  shi8
	SPLITLO(Z0, Z1)
	SPLITLO(Z2, Z3)
	SPLITLO(Z4, Z5)
	SPLITLO(Z6, Z7)
	SPLITLO(Z8, Z9)
	SPLITLO(Z10, Z11)
	SPLITLO(Z12, Z13)
	SPLITLO(Z14, Z15)
	DECQ R13
	JNZ  stile8
	VZEROUPPER
	RET

shi8:
	SPLITHI(Z0, Z1)
	SPLITHI(Z2, Z3)
	SPLITHI(Z4, Z5)
	SPLITHI(Z6, Z7)
	SPLITHI(Z8, Z9)
	SPLITHI(Z10, Z11)
	SPLITHI(Z12, Z13)
	SPLITHI(Z14, Z15)
	DECQ R13
	JNZ  stile8
	VZEROUPPER
	RET
