//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

// CONST8 defines sym as 8 float32 lanes holding the bits v.
#define CONST8(sym, v) \
	DATA sym+0(SB)/4, v; \
	DATA sym+4(SB)/4, v; \
	DATA sym+8(SB)/4, v; \
	DATA sym+12(SB)/4, v; \
	DATA sym+16(SB)/4, v; \
	DATA sym+20(SB)/4, v; \
	DATA sym+24(SB)/4, v; \
	DATA sym+28(SB)/4, v; \
	GLOBL sym(SB), RODATA|NOPTR, $32

CONST8(expLo<>, $0xc2d20000)   // -105: e^-105 rounds to 0
CONST8(expHi<>, $0x42b1999a)   // 88.8: e^88.8 overflows to +Inf
CONST8(expLog2e<>, $0x3fb8aa3b) // log2(e)
CONST8(expLn2Hi<>, $0x3f318000) // 0.693359375, ln2's head (9 bits)
CONST8(expLn2Lo<>, $0xb95e8083) // -2.12194440e-4 = ln2 - head
CONST8(expC6<>, $0x3ab68b03)
CONST8(expC5<>, $0x3c090836)
CONST8(expC4<>, $0x3d2aaa8b)
CONST8(expC3<>, $0x3e2aaa6c)
CONST8(expHalf<>, $0x3f000000) // c2 = 0.5
CONST8(expOne<>, $0x3f800000)
CONST8(expTwo<>, $0x40000000)
CONST8(expBias<>, $127)        // float32 exponent bias (integer lanes)
CONST8(tanhLo<>, $0xc1a00000)  // -20 (for 2x)
CONST8(tanhHi<>, $0x41a00000)  // 20
CONST8(signBit<>, $0x80000000)
DATA negInf32<>+0(SB)/4, $0xff800000
GLOBL negInf32<>(SB), RODATA|NOPTR, $4
DATA nan32<>+0(SB)/4, $0x7fc00000
GLOBL nan32<>(SB), RODATA|NOPTR, $4

// Register use of the exp family: Y0 = value, Y1..Y5 scratch, Y6 = log2e,
// Y7 = ln2 head, Y8 = ln2 tail, Y9..Y11 = c6, c5, c4, Y14 = 1.0,
// Y12, Y13 = per-kernel, Y15 = tail mask. DI = dst, SI = x, CX = n,
// AX = index.
#define EXP_CONSTS \
	VMOVUPS expLog2e<>(SB), Y6; \
	VMOVUPS expLn2Hi<>(SB), Y7; \
	VMOVUPS expLn2Lo<>(SB), Y8; \
	VMOVUPS expC6<>(SB), Y9; \
	VMOVUPS expC5<>(SB), Y10; \
	VMOVUPS expC4<>(SB), Y11; \
	VMOVUPS expOne<>(SB), Y14

// REDUCE_EXP(x): from x (already clamped) leaves n = round(x·log2e) in Y1
// (float), r = x - n·ln2 in Y2, and e^r - 1 = r + r²·q(r) in Y4. Uses Y3.
#define REDUCE_EXP(x) \
	VMULPS Y6, x, Y1; \
	VROUNDPS $8, Y1, Y1; \
	VMOVAPS x, Y2; \
	VFNMADD231PS Y7, Y1, Y2; \
	VFNMADD231PS Y8, Y1, Y2; \
	VMULPS Y2, Y2, Y3; \
	VMOVAPS Y9, Y4; \
	VFMADD213PS Y10, Y2, Y4; \
	VFMADD213PS Y11, Y2, Y4; \
	VFMADD213PS expC3<>(SB), Y2, Y4; \
	VFMADD213PS expHalf<>(SB), Y2, Y4; \
	VFMADD213PS Y2, Y3, Y4

// EXP(x) replaces x by e^x: clamp (VMAXPS/VMINPS return their second
// source, x, for NaN), reduce, 1 + (e^r-1), times 2^n1 and 2^n2.
#define EXP(x) \
	VMOVUPS expLo<>(SB), Y1; \
	VMAXPS x, Y1, x; \
	VMOVUPS expHi<>(SB), Y1; \
	VMINPS x, Y1, x; \
	REDUCE_EXP(x); \
	VADDPS Y14, Y4, Y4; \
	VCVTPS2DQ Y1, Y1; \
	VPSRAD $1, Y1, Y5; \
	VPSUBD Y5, Y1, Y1; \
	VPADDD expBias<>(SB), Y5, Y5; \
	VPSLLD $23, Y5, Y5; \
	VPADDD expBias<>(SB), Y1, Y1; \
	VPSLLD $23, Y1, Y1; \
	VMULPS Y5, Y4, Y4; \
	VMULPS Y1, Y4, x


// The elementwise kernels below work on two vectors per iteration with
// the W macros: each takes its value register x and four scratch
// registers, and reads the polynomial's coefficients from memory, so two
// copies with disjoint registers fit beside the constants Y6..Y8 and Y14
// (EXPW_CONSTS), the clamp bounds Y5 and Y13 (set per kernel; Y13 only
// where the OP leaves its fifth register alone) and the tail mask Y15.
// They do the same arithmetic, in the same order, as EXP, so their results
// are the same bits.
#define EXPW_CONSTS \
	VMOVUPS expLog2e<>(SB), Y6; \
	VMOVUPS expLn2Hi<>(SB), Y7; \
	VMOVUPS expLn2Lo<>(SB), Y8; \
	VMOVUPS expOne<>(SB), Y14

// POLYW(x, n, p, rr): REDUCE_EXP from a clamped x, leaving n (float) in n,
// r in x, r² in rr and e^r - 1 in p.
#define POLYW(x, n, p, rr) \
	VMULPS Y6, x, n; \
	VROUNDPS $8, n, n; \
	VFNMADD231PS Y7, n, x; \
	VFNMADD231PS Y8, n, x; \
	VMULPS x, x, rr; \
	VMOVUPS expC6<>(SB), p; \
	VFMADD213PS expC5<>(SB), x, p; \
	VFMADD213PS expC4<>(SB), x, p; \
	VFMADD213PS expC3<>(SB), x, p; \
	VFMADD213PS expHalf<>(SB), x, p; \
	VFMADD213PS x, rr, p

// EXPCOREW(x, n, p, rr): x = e^x for a clamped x, scaled by 2^n1·2^n2.
#define EXPCOREW(x, n, p, rr) \
	POLYW(x, n, p, rr); \
	VADDPS Y14, p, x; \
	VCVTPS2DQ n, n; \
	VPSRAD $1, n, rr; \
	VPSUBD rr, n, n; \
	VPADDD expBias<>(SB), rr, rr; \
	VPSLLD $23, rr, rr; \
	VPADDD expBias<>(SB), n, n; \
	VPSLLD $23, n, n; \
	VMULPS rr, x, x; \
	VMULPS n, x, x

// EXPW(x, n, p, rr, unused) is EXP, with Y5 = -105 and Y13 = 88.8.
#define EXPW(x, n, p, rr, unused) \
	VMAXPS x, Y5, x; \
	VMINPS x, Y13, x; \
	EXPCOREW(x, n, p, rr)

// SIGMOIDW(x, m, n, p, rr): e = e^-|x|, then (x < 0 ? e : 1) / (1 + e),
// with Y5 = -105. The blend selects by the sign bit of m, the input: -0
// takes e = 1, the same as 1, and a NaN gives NaN either way. -|x| <= 0
// needs no upper clamp.
#define SIGMOIDW(x, m, n, p, rr) \
	VMOVAPS x, m; \
	VORPS signBit<>(SB), x, x; \
	VMAXPS x, Y5, x; \
	EXPCOREW(x, n, p, rr); \
	VADDPS Y14, x, n; \
	VBLENDVPS m, x, Y14, x; \
	VDIVPS n, x, x

// TANHW(x, n, p, rr, unused): y = clamp(2x, -20, 20) with Y5 = -20 and
// Y13 = 20; m = 2^n·(e^r-1) + (2^n-1); x = m/(m+2). |n| <= 29, so 2^n is
// one normal float32 and 2^n-1 is exact. m/(m+2) is +0 for y = -0, so the
// sign of y, which n = round(y·log2e) keeps as a float, is ORed into the
// quotient (tanh is odd; a NaN stays NaN).
#define TANHW(x, n, p, rr, unused) \
	VADDPS x, x, x; \
	VMAXPS x, Y5, x; \
	VMINPS x, Y13, x; \
	POLYW(x, n, p, rr); \
	VANDPS signBit<>(SB), n, x; \
	VCVTPS2DQ n, n; \
	VPADDD expBias<>(SB), n, n; \
	VPSLLD $23, n, n; \
	VSUBPS Y14, n, rr; \
	VFMADD213PS rr, n, p; \
	VADDPS expTwo<>(SB), p, rr; \
	VDIVPS rr, p, p; \
	VORPS p, x, x

// MAPX2(OP) sets dst[i] = OP(x[i]): two vectors per iteration (Y0 with
// scratch Y1..Y4, Y9 with Y10..Y13), then one vector, then the last 1..7
// elements with masked loads and stores (masked-off lanes load 0).
#define MAPX2(OP) \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	ANDQ $-16, BX; \
	JZ   x1; \
x2loop: \
	VMOVUPS (SI)(AX*4), Y0; \
	VMOVUPS 32(SI)(AX*4), Y9; \
	OP(Y0, Y1, Y2, Y3, Y4); \
	OP(Y9, Y10, Y11, Y12, Y13); \
	VMOVUPS Y0, (DI)(AX*4); \
	VMOVUPS Y9, 32(DI)(AX*4); \
	ADDQ $16, AX; \
	CMPQ AX, BX; \
	JB   x2loop; \
x1: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	CMPQ BX, $8; \
	JB   xtail; \
	VMOVUPS (SI)(AX*4), Y0; \
	OP(Y0, Y1, Y2, Y3, Y4); \
	VMOVUPS Y0, (DI)(AX*4); \
	ADDQ $8, AX; \
	SUBQ $8, BX; \
xtail: \
	TESTQ BX, BX; \
	JZ   xdone; \
	TAILMASK(BX, R8); \
	VMASKMOVPS (SI)(AX*4), Y15, Y0; \
	OP(Y0, Y1, Y2, Y3, Y4); \
	VMASKMOVPS Y0, Y15, (DI)(AX*4); \
xdone: \
	VZEROUPPER

// func expAVX2Asm(dst, x *float32, n int)
TEXT ·expAVX2Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	EXPW_CONSTS
	VMOVUPS expLo<>(SB), Y5
	VMOVUPS expHi<>(SB), Y13
	MAPX2(EXPW)
	RET

// func sigmoidAVX2Asm(dst, x *float32, n int)
TEXT ·sigmoidAVX2Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	EXPW_CONSTS
	VMOVUPS expLo<>(SB), Y5
	MAPX2(SIGMOIDW)
	RET

// func tanhAVX2Asm(dst, x *float32, n int)
TEXT ·tanhAVX2Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	EXPW_CONSTS
	VMOVUPS tanhLo<>(SB), Y5
	VMOVUPS tanhHi<>(SB), Y13
	MAPX2(TANHW)
	RET

// SHIFTSUM(STORE): for each vector, Y0 = e^(x-m) (Y12 = m), STORE it, add
// it to the accumulator Y13; masked-off tail lanes are zeroed before the
// add. The sum is left in X0.
#define SHIFTSUM(STORE) \
	VXORPS Y13, Y13, Y13; \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	ANDQ $-8, BX; \
	JZ   stail; \
sloop: \
	VMOVUPS (SI)(AX*4), Y0; \
	VSUBPS Y12, Y0, Y0; \
	EXP(Y0); \
	STORE(Y0, (DI)(AX*4)); \
	VADDPS Y0, Y13, Y13; \
	ADDQ $8, AX; \
	CMPQ AX, BX; \
	JB   sloop; \
stail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   sdone; \
	TAILMASK(BX, R8); \
	VMASKMOVPS (SI)(AX*4), Y15, Y0; \
	VSUBPS Y12, Y0, Y0; \
	EXP(Y0); \
	VANDPS Y15, Y0, Y0; \
	MSTORE(Y0, (DI)(AX*4)); \
	VADDPS Y0, Y13, Y13; \
sdone: \
	VEXTRACTF128 $1, Y13, X1; \
	VADDPS X1, X13, X0; \
	VMOVHLPS X0, X1, X1; \
	VADDPS X1, X0, X0; \
	VMOVSHDUP X0, X1; \
	VADDSS X1, X0, X0

#define STOREV(r, mem) VMOVUPS r, mem
#define NOSTORE(r, mem)

// func expShiftSumAVX2Asm(dst, x *float32, n int, m float32) float32
TEXT ·expShiftSumAVX2Asm(SB), NOSPLIT, $0-36
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VBROADCASTSS m+24(FP), Y12 // Y12 = m
	EXP_CONSTS
#define MSTORE(r, mem) VMASKMOVPS r, Y15, mem
	SHIFTSUM(STOREV)
#undef MSTORE
	VMOVSS X0, ret+32(FP)
	VZEROUPPER
	RET

// func sumExpShiftAVX2Asm(x *float32, n int, m float32) float32
TEXT ·sumExpShiftAVX2Asm(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS m+16(FP), Y12 // Y12 = m
	EXP_CONSTS
#define MSTORE(r, mem)
	SHIFTSUM(NOSTORE)
#undef MSTORE
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func softmaxRowsAVX2Asm(dst, a *float32, rows, cols int)
// Softmax of each row of the rows×cols matrix a into dst, in three passes
// per row: maximum (NaN tracked by unordered compares), y = e^(x-max) with
// their sum, y *= 1/sum. cols must be >= 1.
// SI = row of a, DI = row of dst, DX = rows left, CX = cols,
// R10 = cols rounded down to 8, AX = index, R9 = scratch;
// Y12 = row max (broadcast), Y13 = sum, Y15 = tail mask (cols%8 lanes).
TEXT ·softmaxRowsAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ rows+16(FP), DX
	MOVQ cols+24(FP), CX
	EXP_CONSTS
	MOVQ CX, R10
	ANDQ $-8, R10
	MOVQ CX, BX
	SUBQ R10, BX
	JZ   rows
	TAILMASK(BX, R8)
rows:
	TESTQ DX, DX
	JZ   done

	// Pass 1: Y2 = running max, Y3 = NaN lanes seen.
	VBROADCASTSS negInf32<>(SB), Y2
	VXORPS Y3, Y3, Y3
	XORQ AX, AX
	CMPQ AX, R10
	JAE  maxtail
maxloop:
	VMOVUPS (SI)(AX*4), Y0
	VCMPPS $3, Y0, Y0, Y1
	VORPS Y1, Y3, Y3
	VMAXPS Y2, Y0, Y2
	ADDQ $8, AX
	CMPQ AX, R10
	JB   maxloop
maxtail:
	CMPQ AX, CX
	JAE  maxdone
	VMASKMOVPS (SI)(AX*4), Y15, Y0
	VBROADCASTSS negInf32<>(SB), Y1
	VBLENDVPS Y15, Y0, Y1, Y0 // masked-off lanes: -Inf
	VCMPPS $3, Y0, Y0, Y1
	VORPS Y1, Y3, Y3
	VMAXPS Y2, Y0, Y2
maxdone:
	VEXTRACTF128 $1, Y2, X1
	VMAXPS X1, X2, X2
	VMOVHLPS X2, X1, X1
	VMAXPS X1, X2, X2
	VMOVSHDUP X2, X1
	VMAXSS X1, X2, X2
	VMOVMSKPS Y3, R9
	TESTL R9, R9
	JZ   havemax
	VMOVSS nan32<>(SB), X2 // the row holds a NaN
havemax:
	VBROADCASTSS X2, Y12

	// Pass 2: dst = e^(x-max), Y13 = their sum.
	VXORPS Y13, Y13, Y13
	XORQ AX, AX
	CMPQ AX, R10
	JAE  exptail
exploop:
	VMOVUPS (SI)(AX*4), Y0
	VSUBPS Y12, Y0, Y0
	EXP(Y0)
	VMOVUPS Y0, (DI)(AX*4)
	VADDPS Y0, Y13, Y13
	ADDQ $8, AX
	CMPQ AX, R10
	JB   exploop
exptail:
	CMPQ AX, CX
	JAE  expdone
	VMASKMOVPS (SI)(AX*4), Y15, Y0
	VSUBPS Y12, Y0, Y0
	EXP(Y0)
	VANDPS Y15, Y0, Y0
	VMASKMOVPS Y0, Y15, (DI)(AX*4)
	VADDPS Y0, Y13, Y13
expdone:
	VEXTRACTF128 $1, Y13, X1
	VADDPS X1, X13, X0
	VMOVHLPS X0, X1, X1
	VADDPS X1, X0, X0
	VMOVSHDUP X0, X1
	VADDSS X1, X0, X0
	VDIVSS X0, X14, X0 // 1/sum
	VBROADCASTSS X0, Y1

	// Pass 3: dst *= 1/sum.
	XORQ AX, AX
	CMPQ AX, R10
	JAE  scaletail
scaleloop:
	VMULPS (DI)(AX*4), Y1, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, R10
	JB   scaleloop
scaletail:
	CMPQ AX, CX
	JAE  next
	VMASKMOVPS (DI)(AX*4), Y15, Y0
	VMULPS Y0, Y1, Y0
	VMASKMOVPS Y0, Y15, (DI)(AX*4)
next:
	LEAQ (SI)(CX*4), SI
	LEAQ (DI)(CX*4), DI
	DECQ DX
	JMP  rows
done:
	VZEROUPPER
	RET
