//go:build !purego

#include "textflag.h"
#include "avx512_amd64.h"

// The avx512 level's exp family: the arithmetic of exp_amd64.s (see
// exp_amd64.go), instruction for instruction, on 16 lanes, so that every
// element gets the same bits as at the avx2 level. The constants are
// broadcast into registers once per call.

// CONST1 defines sym as one float32 (or int32) holding the bits v.
#define CONST1(sym, v) \
	DATA  sym+0(SB)/4, v; \
	GLOBL sym(SB), RODATA|NOPTR, $4

CONST1(zexpLo<>, $0xc2d20000)    // -105: e^-105 rounds to 0
CONST1(zexpHi<>, $0x42b1999a)    // 88.8: e^88.8 overflows to +Inf
CONST1(zexpLog2e<>, $0x3fb8aa3b) // log2(e)
CONST1(zexpLn2Hi<>, $0x3f318000) // 0.693359375, ln2's head (9 bits)
CONST1(zexpLn2Lo<>, $0xb95e8083) // -2.12194440e-4 = ln2 - head
CONST1(zexpC6<>, $0x3ab68b03)
CONST1(zexpC5<>, $0x3c090836)
CONST1(zexpC4<>, $0x3d2aaa8b)
CONST1(zexpC3<>, $0x3e2aaa6c)
CONST1(zexpHalf<>, $0x3f000000) // c2 = 0.5
CONST1(zexpOne<>, $0x3f800000)
CONST1(zexpTwo<>, $0x40000000)
CONST1(zexpBias<>, $127)        // float32 exponent bias (integer lanes)
CONST1(ztanhLo<>, $0xc1a00000)  // -20 (for 2x)
CONST1(ztanhHi<>, $0x41a00000)  // 20
CONST1(zsignBit<>, $0x80000000)
CONST1(znegInf<>, $0xff800000)
CONST1(znan<>, $0x7fc00000)

// Register use: Z16 = log2e, Z17 = ln2 head, Z18 = ln2 tail, Z19..Z23 =
// c6, c5, c4, c3, 0.5, Z24 = 1.0, Z25 = 127 (integer), Z26, Z27 = the
// per-kernel clamp bounds, Z28 = 2.0, Z29 = sign bit; Z0..Z15 values and
// scratch, Z30, Z31 per kernel. DI = dst, SI = x, CX = n, AX = index,
// K1 = tail mask, K2 scratch.
#define ZEXP_CONSTS \
	VBROADCASTSS zexpLog2e<>(SB), Z16; \
	VBROADCASTSS zexpLn2Hi<>(SB), Z17; \
	VBROADCASTSS zexpLn2Lo<>(SB), Z18; \
	VBROADCASTSS zexpC6<>(SB), Z19;    \
	VBROADCASTSS zexpC5<>(SB), Z20;    \
	VBROADCASTSS zexpC4<>(SB), Z21;    \
	VBROADCASTSS zexpC3<>(SB), Z22;    \
	VBROADCASTSS zexpHalf<>(SB), Z23;  \
	VBROADCASTSS zexpOne<>(SB), Z24;   \
	VPBROADCASTD zexpBias<>(SB), Z25;  \
	VBROADCASTSS zexpTwo<>(SB), Z28;   \
	VPBROADCASTD zsignBit<>(SB), Z29

// ZPOLY(x, n, p, rr): from a clamped x, n = round(x·log2e) (float),
// x = r = x - n·ln2, rr = r², p = e^r - 1 = r + r²·q(r).
#define ZPOLY(x, n, p, rr) \
	VMULPS       Z16, x, n;  \
	VRNDSCALEPS  $8, n, n;   \
	VFNMADD231PS Z17, n, x;  \
	VFNMADD231PS Z18, n, x;  \
	VMULPS       x, x, rr;   \
	VMOVAPS      Z19, p;     \
	VFMADD213PS  Z20, x, p;  \
	VFMADD213PS  Z21, x, p;  \
	VFMADD213PS  Z22, x, p;  \
	VFMADD213PS  Z23, x, p;  \
	VFMADD213PS  x, rr, p

// ZEXPCORE(x, n, p, rr): x = e^x for a clamped x, scaled by 2^n1·2^n2
// (n1 = ⌊n/2⌋, n2 = n - n1, each factor a normal float32).
#define ZEXPCORE(x, n, p, rr) \
	ZPOLY(x, n, p, rr);  \
	VADDPS    Z24, p, x; \
	VCVTPS2DQ n, n;      \
	VPSRAD    $1, n, rr; \
	VPSUBD    rr, n, n;  \
	VPADDD    Z25, rr, rr; \
	VPSLLD    $23, rr, rr; \
	VPADDD    Z25, n, n; \
	VPSLLD    $23, n, n; \
	VMULPS    rr, x, x;  \
	VMULPS    n, x, x

// ZEXP(x, n, p, rr, unused): clamp to [Z26, Z27] = [-105, 88.8] (VMAXPS
// and VMINPS return their second source, x, for NaN), then ZEXPCORE.
#define ZEXP(x, n, p, rr, unused) \
	VMAXPS x, Z26, x; \
	VMINPS x, Z27, x; \
	ZEXPCORE(x, n, p, rr)

// ZSIGMOID(x, m, n, p, rr): e = e^-|x| (Z26 = -105; -|x| <= 0 needs no
// upper clamp), then (x < 0 ? e : 1) / (1 + e), selected by the sign bit
// of the input m: -0 takes e = 1, the same as 1, and NaN gives NaN
// either way. Clobbers K2.
#define ZSIGMOID(x, m, n, p, rr) \
	VMOVAPS   x, m;      \
	VPORD     Z29, x, x; \
	VMAXPS    x, Z26, x; \
	ZEXPCORE(x, n, p, rr); \
	VADDPS    Z24, x, n; \
	VPMOVD2M  m, K2;     \
	VBLENDMPS x, Z24, K2, x; \
	VDIVPS    n, x, x

// ZTANH(x, n, p, rr, unused): y = clamp(2x, -20, 20) with Z26 = -20 and
// Z27 = 20; m = 2^n·(e^r-1) + (2^n-1); x = m/(m+2), ORed with the sign of
// y kept by n, as TANHW does, so that -0 gives -0.
#define ZTANH(x, n, p, rr, unused) \
	VADDPS      x, x, x;   \
	VMAXPS      x, Z26, x; \
	VMINPS      x, Z27, x; \
	ZPOLY(x, n, p, rr);    \
	VPANDD      Z29, n, x; \
	VCVTPS2DQ   n, n;      \
	VPADDD      Z25, n, n; \
	VPSLLD      $23, n, n; \
	VSUBPS      Z24, n, rr; \
	VFMADD213PS rr, n, p;  \
	VADDPS      Z28, p, rr; \
	VDIVPS      rr, p, p;  \
	VPORD       p, x, x

// ZMAPX(OP) sets dst[i] = OP(x[i]): three vectors per iteration (Z0 with
// scratch Z1..Z4, Z5 with Z6..Z9, Z10 with Z11..Z14), then one vector at
// a time, then the last 1..15 elements with masked moves.
#define ZMAPX(OP) \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	SUBQ $48, BX; \
	JB   x1; \
x3loop: \
	VMOVUPS (SI)(AX*4), Z0; \
	VMOVUPS 64(SI)(AX*4), Z5; \
	VMOVUPS 128(SI)(AX*4), Z10; \
	OP(Z0, Z1, Z2, Z3, Z4); \
	OP(Z5, Z6, Z7, Z8, Z9); \
	OP(Z10, Z11, Z12, Z13, Z14); \
	VMOVUPS Z0, (DI)(AX*4); \
	VMOVUPS Z5, 64(DI)(AX*4); \
	VMOVUPS Z10, 128(DI)(AX*4); \
	ADDQ $48, AX; \
	CMPQ AX, BX; \
	JBE  x3loop; \
x1: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	CMPQ BX, $16; \
	JB   xtail; \
	VMOVUPS (SI)(AX*4), Z0; \
	OP(Z0, Z1, Z2, Z3, Z4); \
	VMOVUPS Z0, (DI)(AX*4); \
	ADDQ $16, AX; \
	JMP  x1; \
xtail: \
	TESTQ BX, BX; \
	JZ    xdone; \
	ZTAILMASK(BX, R8); \
	VMOVUPS.Z (SI)(AX*4), K1, Z0; \
	OP(Z0, Z1, Z2, Z3, Z4); \
	VMOVUPS Z0, K1, (DI)(AX*4); \
xdone: \
	VZEROUPPER

// func expAVX512Asm(dst, x *float32, n int)
TEXT ·expAVX512Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	ZEXP_CONSTS
	VBROADCASTSS zexpLo<>(SB), Z26
	VBROADCASTSS zexpHi<>(SB), Z27
	ZMAPX(ZEXP)
	RET

// func sigmoidAVX512Asm(dst, x *float32, n int)
TEXT ·sigmoidAVX512Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	ZEXP_CONSTS
	VBROADCASTSS zexpLo<>(SB), Z26
	ZMAPX(ZSIGMOID)
	RET

// func tanhAVX512Asm(dst, x *float32, n int)
TEXT ·tanhAVX512Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	ZEXP_CONSTS
	VBROADCASTSS ztanhLo<>(SB), Z26
	VBROADCASTSS ztanhHi<>(SB), Z27
	ZMAPX(ZTANH)
	RET

// ZSHIFTSUM(STORE, MSTORE): for each vector of x at SI, Z0 = e^(x-m)
// (Z30 = m), STORE it at DI, add it to Z31; in the masked tail only the
// K1 lanes are stored (MSTORE) and added. CX = n; the sum is left in X0.
#define ZSHIFTSUM(STORE, MSTORE) \
	VPXORD Z31, Z31, Z31; \
	XORQ AX, AX; \
	MOVQ CX, BX; \
	ANDQ $-16, BX; \
	JZ   stail; \
sloop: \
	VMOVUPS (SI)(AX*4), Z0; \
	VSUBPS Z30, Z0, Z0; \
	ZEXP(Z0, Z1, Z2, Z3, Z4); \
	STORE; \
	VADDPS Z0, Z31, Z31; \
	ADDQ $16, AX; \
	CMPQ AX, BX; \
	JB   sloop; \
stail: \
	MOVQ CX, BX; \
	SUBQ AX, BX; \
	JZ   sdone; \
	ZTAILMASK(BX, R8); \
	VMOVUPS.Z (SI)(AX*4), K1, Z0; \
	VSUBPS Z30, Z0, Z0; \
	ZEXP(Z0, Z1, Z2, Z3, Z4); \
	MSTORE; \
	VADDPS Z0, Z31, K1, Z31; \
sdone: \
	ZHSUM(Z31, Y31, X31)

#define STOREZ0 VMOVUPS Z0, (DI)(AX*4)
#define MSTOREZ0 VMOVUPS Z0, K1, (DI)(AX*4)
#define NOSTORE

// func expShiftSumAVX512Asm(dst, x *float32, n int, m float32) float32
TEXT ·expShiftSumAVX512Asm(SB), NOSPLIT, $0-36
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VBROADCASTSS m+24(FP), Z30 // Z30 = m
	ZEXP_CONSTS
	VBROADCASTSS zexpLo<>(SB), Z26
	VBROADCASTSS zexpHi<>(SB), Z27
	ZSHIFTSUM(STOREZ0, MSTOREZ0)
	VMOVSS X0, ret+32(FP)
	VZEROUPPER
	RET

// func sumExpShiftAVX512Asm(x *float32, n int, m float32) float32
TEXT ·sumExpShiftAVX512Asm(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS m+16(FP), Z30 // Z30 = m
	ZEXP_CONSTS
	VBROADCASTSS zexpLo<>(SB), Z26
	VBROADCASTSS zexpHi<>(SB), Z27
	ZSHIFTSUM(NOSTORE, NOSTORE)
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func softmaxRowsAVX512Asm(dst, a *float32, rows, cols int)
// Softmax of each row of the rows×cols matrix a into dst, in three passes
// per row: maximum (NaN lanes gathered in K3 by unordered compares),
// y = e^(x-max) with their sum, y *= 1/sum. cols must be >= 1.
// SI = row of a, DI = row of dst, DX = rows left, CX = cols,
// R10 = cols rounded down to 16, AX = index; Z30 = row max (broadcast),
// Z31 = sum, Z15 = -Inf, K1 = tail mask (cols%16 lanes).
TEXT ·softmaxRowsAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ rows+16(FP), DX
	MOVQ cols+24(FP), CX
	ZEXP_CONSTS
	VBROADCASTSS zexpLo<>(SB), Z26
	VBROADCASTSS zexpHi<>(SB), Z27
	VBROADCASTSS znegInf<>(SB), Z15
	MOVQ CX, R10
	ANDQ $-16, R10
	MOVQ CX, BX
	SUBQ R10, BX
	ZTAILMASK(BX, R8)

rows:
	TESTQ DX, DX
	JZ    done

	// Pass 1: Z2 = running max, K3 = NaN lanes seen.
	VMOVAPS Z15, Z2
	KXORW   K3, K3, K3
	XORQ    AX, AX
	CMPQ    AX, R10
	JAE     maxtail
maxloop:
	VMOVUPS (SI)(AX*4), Z0
	VCMPPS  $3, Z0, Z0, K2
	KORW    K2, K3, K3
	VMAXPS  Z2, Z0, Z2
	ADDQ    $16, AX
	CMPQ    AX, R10
	JB      maxloop
maxtail:
	CMPQ    AX, CX
	JAE     maxdone
	VMOVAPS Z15, Z0
	VMOVUPS (SI)(AX*4), K1, Z0 // masked-off lanes: -Inf
	VCMPPS  $3, Z0, Z0, K2
	KORW    K2, K3, K3
	VMAXPS  Z2, Z0, Z2
maxdone:
	ZHMAX(Z2, Y2, X2)
	KORTESTW      K3, K3
	JZ            havemax
	VMOVSS        znan<>(SB), X2 // the row holds a NaN
havemax:
	VBROADCASTSS X2, Z30

	// Pass 2: dst = e^(x-max), Z31 = their sum.
	VPXORD Z31, Z31, Z31
	XORQ   AX, AX
	CMPQ   AX, R10
	JAE    exptail
exploop:
	VMOVUPS (SI)(AX*4), Z0
	VSUBPS  Z30, Z0, Z0
	ZEXP(Z0, Z1, Z3, Z4, Z5)
	VMOVUPS Z0, (DI)(AX*4)
	VADDPS  Z0, Z31, Z31
	ADDQ    $16, AX
	CMPQ    AX, R10
	JB      exploop
exptail:
	CMPQ      AX, CX
	JAE       expdone
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	VSUBPS    Z30, Z0, Z0
	ZEXP(Z0, Z1, Z3, Z4, Z5)
	VMOVUPS   Z0, K1, (DI)(AX*4)
	VADDPS    Z0, Z31, K1, Z31
expdone:
	ZHSUM(Z31, Y31, X31)
	VDIVSS       X0, X24, X0 // 1/sum
	VBROADCASTSS X0, Z1

	// Pass 3: dst *= 1/sum.
	XORQ AX, AX
	CMPQ AX, R10
	JAE  scaletail
scaleloop:
	VMULPS  (DI)(AX*4), Z1, Z0
	VMOVUPS Z0, (DI)(AX*4)
	ADDQ    $16, AX
	CMPQ    AX, R10
	JB      scaleloop
scaletail:
	CMPQ      AX, CX
	JAE       next
	VMOVUPS.Z (DI)(AX*4), K1, Z0
	VMULPS    Z0, Z1, Z0
	VMOVUPS   Z0, K1, (DI)(AX*4)
next:
	LEAQ (SI)(CX*4), SI
	LEAQ (DI)(CX*4), DI
	DECQ DX
	JMP  rows
done:
	VZEROUPPER
	RET
