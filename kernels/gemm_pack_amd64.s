//go:build !purego

#include "textflag.h"

// TRANSPOSE4x4LANES transposes the 4×4 blocks in each 128-bit lane of
// Y0-Y3 and of Y4-Y7: lane h of Y(i) becomes lane h's column i of
// Y0-Y3, and likewise for Y4-Y7 into Y(4+i). It clobbers Y8-Y15. After
// LOAD8HALVES that is the whole 8×8 transpose, column i in Y(i).
#define TRANSPOSE4x4LANES \
	VUNPCKLPS Y1, Y0, Y8;          \
	VUNPCKHPS Y1, Y0, Y9;          \
	VUNPCKLPS Y3, Y2, Y10;         \
	VUNPCKHPS Y3, Y2, Y11;         \
	VUNPCKLPS Y5, Y4, Y12;         \
	VUNPCKHPS Y5, Y4, Y13;         \
	VUNPCKLPS Y7, Y6, Y14;         \
	VUNPCKHPS Y7, Y6, Y15;         \
	VSHUFPS   $0x44, Y10, Y8, Y0;  \
	VSHUFPS   $0xEE, Y10, Y8, Y1;  \
	VSHUFPS   $0x44, Y11, Y9, Y2;  \
	VSHUFPS   $0xEE, Y11, Y9, Y3;  \
	VSHUFPS   $0x44, Y14, Y12, Y4; \
	VSHUFPS   $0xEE, Y14, Y12, Y5; \
	VSHUFPS   $0x44, Y15, Y13, Y6; \
	VSHUFPS   $0xEE, Y15, Y13, Y7

// Transpose the 8×8 block in Y0-Y7 (row r in Yr): column i ends in
// Y(8+i). Y0-Y7 are clobbered.
#define TRANSPOSE8x8 \
	TRANSPOSE4x4LANES;               \
	VPERM2F128 $0x20, Y4, Y0, Y8;    \
	VPERM2F128 $0x20, Y5, Y1, Y9;    \
	VPERM2F128 $0x20, Y6, Y2, Y10;   \
	VPERM2F128 $0x20, Y7, Y3, Y11;   \
	VPERM2F128 $0x31, Y4, Y0, Y12;   \
	VPERM2F128 $0x31, Y5, Y1, Y13;   \
	VPERM2F128 $0x31, Y6, Y2, Y14;   \
	VPERM2F128 $0x31, Y7, Y3, Y15

// Transpose the 8×8 block in Y0-Y7 and store its columns into a panel
// w floats wide (stride = 4w bytes): column i goes to off+i*stride(DI).
#define TRANSPOSE8x8STORE(off, stride) \
	TRANSPOSE8x8;                        \
	VMOVUPS    Y8, off+0*stride(DI);     \
	VMOVUPS    Y9, off+1*stride(DI);     \
	VMOVUPS    Y10, off+2*stride(DI);    \
	VMOVUPS    Y11, off+3*stride(DI);    \
	VMOVUPS    Y12, off+4*stride(DI);    \
	VMOVUPS    Y13, off+5*stride(DI);    \
	VMOVUPS    Y14, off+6*stride(DI);    \
	VMOVUPS    Y15, off+7*stride(DI)

// Load eight consecutive values of rows base, base+ld, ..., base+7ld
// (R8 = ld, R9 = 3ld in bytes; lo and hi hold the rows 0 and 4).
#define LOAD8ROWS(lo, hi) \
	VMOVUPS (lo), Y0;         \
	VMOVUPS (lo)(R8*1), Y1;   \
	VMOVUPS (lo)(R8*2), Y2;   \
	VMOVUPS (lo)(R9*1), Y3;   \
	VMOVUPS (hi), Y4;         \
	VMOVUPS (hi)(R8*1), Y5;   \
	VMOVUPS (hi)(R8*2), Y6;   \
	VMOVUPS (hi)(R9*1), Y7

// func packLanes16T(kb int, src *float32, ld int, dst *float32)
//
// dst[p*16+l] = src[l*ld+p] for l < 16, p < kb (a multiple of 8): sixteen
// rows, each contiguous in p, interleaved into a 16-wide panel, as 8×8
// transposes. SI, R10, R11, R12 point at rows 0, 4, 8, 12 (advancing in
// p), DI at the panel, CX counts p down.
TEXT ·packLanes16T(SB), NOSPLIT, $0-32
	MOVQ kb+0(FP), CX
	MOVQ src+8(FP), SI
	MOVQ ld+16(FP), R8
	MOVQ dst+24(FP), DI
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*4), R10
	LEAQ (R10)(R8*4), R11
	LEAQ (R11)(R8*4), R12

loop:
	LOAD8ROWS(SI, R10)
	TRANSPOSE8x8STORE(0, 64)
	LOAD8ROWS(R11, R12)
	TRANSPOSE8x8STORE(32, 64)
	ADDQ $32, SI
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, R12
	ADDQ $512, DI
	SUBQ $8, CX
	JNZ  loop
	VZEROUPPER
	RET

// func packLanes6T(kb int, src *float32, ld int, dst *float32)
//
// dst[p*6+l] = src[l*ld+p] for l < 6, p < kb (a multiple of 8): six rows
// of A, each contiguous in p, interleaved into a 6-wide panel, as 8×8
// transposes with two zero rows. Each column of 6 is stored as 8 floats,
// in increasing order so the next column overwrites the two extra ones;
// the block's last column is stored as 4 + 2, so nothing past the panel
// is written. SI, R10 point at rows 0 and 3 (advancing in p), DI at the
// panel, CX counts p down.
TEXT ·packLanes6T(SB), NOSPLIT, $0-32
	MOVQ kb+0(FP), CX
	MOVQ src+8(FP), SI
	MOVQ ld+16(FP), R8
	MOVQ dst+24(FP), DI
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R10
	ADDQ SI, R10

loop6:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (R10), Y3
	VMOVUPS (R10)(R8*1), Y4
	VMOVUPS (R10)(R8*2), Y5
	VXORPS  Y6, Y6, Y6
	VXORPS  Y7, Y7, Y7
	TRANSPOSE8x8
	VMOVUPS      Y8, 0(DI)
	VMOVUPS      Y9, 24(DI)
	VMOVUPS      Y10, 48(DI)
	VMOVUPS      Y11, 72(DI)
	VMOVUPS      Y12, 96(DI)
	VMOVUPS      Y13, 120(DI)
	VMOVUPS      Y14, 144(DI)
	VMOVUPS      X15, 168(DI)
	VEXTRACTF128 $1, Y15, X15
	VMOVQ        X15, 184(DI)
	ADDQ $32, SI
	ADDQ $32, R10
	ADDQ $192, DI
	SUBQ $8, CX
	JNZ  loop6
	VZEROUPPER
	RET

// func packRows16(kb, panels int, src *float32, ld int, dst *float32)
//
// dst[q*kb*16+p*16+l] = src[p*ld+q*16+l] for p < kb, q < panels, l < 16:
// whole 16-wide panels of a block whose lanes run along the source's
// rows. Each source row is read in order and dealt out to the panels.
// CX counts rows down, SI = the row, DI = its place in panel 0, R8 = ld
// and R9 = the panel size (kb*16 floats) in bytes, DX counts panels,
// R10 and R11 walk the row and the panels.
TEXT ·packRows16(SB), NOSPLIT, $0-40
	MOVQ kb+0(FP), CX
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R8
	SHLQ $2, R8
	MOVQ dst+32(FP), DI
	MOVQ CX, R9
	SHLQ $6, R9

row16:
	MOVQ panels+8(FP), DX
	MOVQ SI, R10
	MOVQ DI, R11

panel16:
	VMOVUPS (R10), Y0
	VMOVUPS 32(R10), Y1
	VMOVUPS Y0, (R11)
	VMOVUPS Y1, 32(R11)
	ADDQ    $64, R10
	ADDQ    R9, R11
	DECQ    DX
	JNZ     panel16
	ADDQ    R8, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     row16
	VZEROUPPER
	RET

// func packRows6(kb, panels int, src *float32, ld int, dst *float32)
//
// packRows16 for 6-wide panels (op(A) = Aᵀ): each group of 6 moves as 4
// floats and 2. Registers as in packRows16; R9 = kb*6 floats in bytes.
TEXT ·packRows6(SB), NOSPLIT, $0-40
	MOVQ kb+0(FP), CX
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R8
	SHLQ $2, R8
	MOVQ dst+32(FP), DI
	LEAQ (CX)(CX*2), R9
	SHLQ $3, R9

row6:
	MOVQ panels+8(FP), DX
	MOVQ SI, R10
	MOVQ DI, R11

panel6:
	VMOVUPS (R10), X0
	VMOVQ   16(R10), X1
	VMOVUPS X0, (R11)
	VMOVQ   X1, 16(R11)
	ADDQ   $24, R10
	ADDQ   R9, R11
	DECQ   DX
	JNZ    panel6
	ADDQ   R8, SI
	ADDQ   $24, DI
	DECQ   CX
	JNZ    row6
	RET

// func packPartialRows(kb, lanes, w int, src *float32, ld int, dst *float32)
//
// dst[p*w+l] = src[p*ld+l] for l < lanes and 0 for lanes <= l < w, p < kb:
// one panel (w = 6 or 16) with only its first lanes (1 to w-1) filled from
// a block whose lanes run along the source's rows. Each row is read with
// masked loads, which neither read past the lanes nor fault, and written
// whole. CX counts rows down, SI = the row, DI = the panel row, R8 = ld
// and R9 = w in bytes; Y14:Y15 hold the lane masks.
TEXT ·packPartialRows(SB), NOSPLIT, $0-48
	MOVQ kb+0(FP), CX
	MOVQ lanes+8(FP), DX
	MOVQ w+16(FP), R9
	MOVQ src+24(FP), SI
	MOVQ ld+32(FP), R8
	SHLQ $2, R8
	MOVQ dst+40(FP), DI
	// Y14:Y15 = the 16 lanes at gemmLaneMask + 4*(16-lanes).
	NEGQ    DX
	ADDQ    $16, DX
	LEAQ    ·gemmLaneMask(SB), AX
	LEAQ    (AX)(DX*4), AX
	VMOVDQU (AX), Y14
	VMOVDQU 32(AX), Y15
	CMPQ    R9, $16
	JEQ     prow16

prow6:
	VMASKMOVPS   (SI), Y14, Y0
	VMOVUPS      X0, (DI)
	VEXTRACTF128 $1, Y0, X0
	VMOVQ        X0, 16(DI)
	ADDQ         R8, SI
	ADDQ         $24, DI
	DECQ         CX
	JNZ          prow6
	VZEROUPPER
	RET

prow16:
	VMASKMOVPS (SI), Y14, Y0
	VMASKMOVPS 32(SI), Y15, Y1
	VMOVUPS    Y0, (DI)
	VMOVUPS    Y1, 32(DI)
	ADDQ       R8, SI
	ADDQ       $64, DI
	DECQ       CX
	JNZ        prow16
	VZEROUPPER
	RET


// func transposeRows8(blocks int, t *float32, ldt int, c *float32, ldc int)
//
// c[i*ldc+j] = t[j*ldt+i] for j < 8 and i < 8*blocks: eight rows of t
// written down eight columns of c, as 8×8 transposes. SI and R10 point at
// rows 0 and 4 of t (advancing in i), R8 = ldt and R9 = 3·ldt in bytes,
// DI at row i of c, R11 = ldc in bytes, CX counts blocks down.
TEXT ·transposeRows8(SB), NOSPLIT, $0-40
	MOVQ blocks+0(FP), CX
	MOVQ t+8(FP), SI
	MOVQ ldt+16(FP), R8
	MOVQ c+24(FP), DI
	MOVQ ldc+32(FP), R11
	SHLQ $2, R8
	SHLQ $2, R11
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*4), R10

tloop:
	LOAD8ROWS(SI, R10)
	TRANSPOSE8x8
	VMOVUPS Y8, (DI)
	ADDQ    R11, DI
	VMOVUPS Y9, (DI)
	ADDQ    R11, DI
	VMOVUPS Y10, (DI)
	ADDQ    R11, DI
	VMOVUPS Y11, (DI)
	ADDQ    R11, DI
	VMOVUPS Y12, (DI)
	ADDQ    R11, DI
	VMOVUPS Y13, (DI)
	ADDQ    R11, DI
	VMOVUPS Y14, (DI)
	ADDQ    R11, DI
	VMOVUPS Y15, (DI)
	ADDQ    R11, DI
	ADDQ    $32, SI
	ADDQ    $32, R10
	DECQ    CX
	JNZ     tloop
	VZEROUPPER
	RET

// LOAD8HALVES(lo, hi) loads eight consecutive values of rows base, ...,
// base+7ld (R8 = ld, R9 = 3ld in bytes; lo and hi hold rows 0 and 4) by
// halves: Y(r) = row r's first four values, then row r+4's, and Y(r+4)
// their last four, for r < 4, so that TRANSPOSE4x4LANES completes the
// 8×8 transpose. Loading into the upper 128-bit lanes saves the
// lane-crossing shuffles of TRANSPOSE8x8, which all run on one port.
#define LOAD8HALVES(lo, hi) \
	VMOVUPS     (lo), X0;                 \
	VINSERTF128 $1, (hi), Y0, Y0;         \
	VMOVUPS     (lo)(R8*1), X1;           \
	VINSERTF128 $1, (hi)(R8*1), Y1, Y1;   \
	VMOVUPS     (lo)(R8*2), X2;           \
	VINSERTF128 $1, (hi)(R8*2), Y2, Y2;   \
	VMOVUPS     (lo)(R9*1), X3;           \
	VINSERTF128 $1, (hi)(R9*1), Y3, Y3;   \
	VMOVUPS     16(lo), X4;               \
	VINSERTF128 $1, 16(hi), Y4, Y4;       \
	VMOVUPS     16(lo)(R8*1), X5;         \
	VINSERTF128 $1, 16(hi)(R8*1), Y5, Y5; \
	VMOVUPS     16(lo)(R8*2), X6;         \
	VINSERTF128 $1, 16(hi)(R8*2), Y6, Y6; \
	VMOVUPS     16(lo)(R9*1), X7;         \
	VINSERTF128 $1, 16(hi)(R9*1), Y7, Y7

// STORE8COLS(off, stride) stores the columns Y0-Y7 into a panel: column
// i to off+i*stride(DI).
#define STORE8COLS(off, stride) \
	VMOVUPS Y0, off+0*stride(DI); \
	VMOVUPS Y1, off+1*stride(DI); \
	VMOVUPS Y2, off+2*stride(DI); \
	VMOVUPS Y3, off+3*stride(DI); \
	VMOVUPS Y4, off+4*stride(DI); \
	VMOVUPS Y5, off+5*stride(DI); \
	VMOVUPS Y6, off+6*stride(DI); \
	VMOVUPS Y7, off+7*stride(DI)

// func packLanes32T(kb int, src *float32, ld int, dst *float32)
//
// dst[p*32+l] = src[l*ld+p] for l < 32, p < kb (a multiple of 8): 32 rows,
// each contiguous in p, interleaved into a 32-wide panel (the avx512
// level's op(B) = Bᵀ), as four 8×8 transposes (LOAD8HALVES,
// TRANSPOSE4x4LANES) per 8 depths. SI points at row 0 (advancing in p),
// R10 and R11 at rows 8g and 8g+4 of the group being moved, DI at the
// panel, CX counts p down.
TEXT ·packLanes32T(SB), NOSPLIT, $0-32
	MOVQ kb+0(FP), CX
	MOVQ src+8(FP), SI
	MOVQ ld+16(FP), R8
	MOVQ dst+24(FP), DI
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9

loop32:
	MOVQ SI, R10
	LEAQ (SI)(R8*4), R11
	LOAD8HALVES(R10, R11)
	TRANSPOSE4x4LANES
	STORE8COLS(0, 128)
	LEAQ (R11)(R8*4), R10
	LEAQ (R10)(R8*4), R11
	LOAD8HALVES(R10, R11)
	TRANSPOSE4x4LANES
	STORE8COLS(32, 128)
	LEAQ (R11)(R8*4), R10
	LEAQ (R10)(R8*4), R11
	LOAD8HALVES(R10, R11)
	TRANSPOSE4x4LANES
	STORE8COLS(64, 128)
	LEAQ (R11)(R8*4), R10
	LEAQ (R10)(R8*4), R11
	LOAD8HALVES(R10, R11)
	TRANSPOSE4x4LANES
	STORE8COLS(96, 128)
	ADDQ $32, SI
	ADDQ $1024, DI
	SUBQ $8, CX
	JNZ  loop32
	VZEROUPPER
	RET

// func packLanes8T(kb int, src *float32, ld int, dst *float32)
//
// dst[p*8+l] = src[l*ld+p] for l < 8, p < kb (a multiple of 8): eight rows
// of A, each contiguous in p, interleaved into an 8-wide panel (the avx512
// level's op(A) = A), one 8×8 transpose (LOAD8HALVES, TRANSPOSE4x4LANES)
// per 8 depths. SI and R10 point at rows 0 and 4 (advancing in p), DI at
// the panel, CX counts p down.
TEXT ·packLanes8T(SB), NOSPLIT, $0-32
	MOVQ kb+0(FP), CX
	MOVQ src+8(FP), SI
	MOVQ ld+16(FP), R8
	MOVQ dst+24(FP), DI
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*4), R10

loop8:
	LOAD8HALVES(SI, R10)
	TRANSPOSE4x4LANES
	STORE8COLS(0, 32)
	ADDQ $32, SI
	ADDQ $32, R10
	ADDQ $256, DI
	SUBQ $8, CX
	JNZ  loop8
	VZEROUPPER
	RET
