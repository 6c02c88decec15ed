//go:build !purego

#include "textflag.h"
#include "avx512_amd64.h"

// The avx512 level's elementwise kernels: those of elementwise_amd64.s on
// 16 lanes, with the same arithmetic per element (so the same bits).
// Registers (see ZMAP2, ZMAP3): DI = dst, SI = first input, DX = second
// input, CX = n, AX = index; Z12 = zero, Z13/Z14 = broadcast scalars,
// K1 = tail mask, K2 = per-lane selection.

#define ZADD(b, r, t, s) VADDPS b, r, r
#define ZSUB(b, r, t, s) VSUBPS b, r, r
#define ZMUL(b, r, t, s) VMULPS b, r, r

// func addAVX512Asm(dst, a, b *float32, n int)
TEXT ·addAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	ZMAP3(ZADD, ZSTU)
	RET

// func subAVX512Asm(dst, a, b *float32, n int)
TEXT ·subAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	ZMAP3(ZSUB, ZSTU)
	RET

// func mulAVX512Asm(dst, a, b *float32, n int)
TEXT ·mulAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	ZMAP3(ZMUL, ZSTU)
	RET

// r = x + Z14 (s)
#define ZADDS(x, r, t) VADDPS x, Z14, r

// func addsAVX512Asm(dst, a *float32, n int, s float32)
TEXT ·addsAVX512Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ a+8(FP), SI
	VBROADCASTSS s+24(FP), Z14 // Z14 = s
	ZMAP2(ZADDS, ZSTU)
	RET

// r = Z14 (a) * r (x) + Z13 (b) * y
#define ZAXPBY(y, r, t, s) \
	VMULPS      y, Z13, t; \
	VFMADD213PS t, Z14, r

// func saxpbyAVX512Asm(a float32, x *float32, b float32, y *float32, n int)
TEXT ·saxpbyAVX512Asm(SB), NOSPLIT, $0-40
	VBROADCASTSS a+0(FP), Z14 // Z14 = a
	MOVQ x+8(FP), SI
	MOVQ n+32(FP), CX
	VBROADCASTSS b+16(FP), Z13 // Z13 = b
	MOVQ y+24(FP), DX
	MOVQ DX, DI                // y is both input and output
	ZMAP3(ZAXPBY, ZSTU)
	RET

// r = max(0, x): the second source (x) is returned for NaN and for ±0.
#define ZRELU(x, r, t) VMAXPS x, Z12, r

// func reluAVX512Asm(dst, x *float32, n int)
TEXT ·reluAVX512Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VPXORD Z12, Z12, Z12 // Z12 = 0
	ZMAP2(ZRELU, ZSTU)
	RET

// r (dy) = !(0 >= x) ? r : 0, unordered: NaN passes dy, as PyTorch's
// threshold_backward does.
#define ZRELUBW(x, r, t, s) \
	VCMPPS    $0x19, x, Z12, K2; \
	VMOVAPS.Z r, K2, r

// func reluBackwardAVX512Asm(dx, dy, x *float32, n int)
TEXT ·reluBackwardAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VPXORD Z12, Z12, Z12 // Z12 = 0
	ZMAP3(ZRELUBW, ZSTU)
	RET

// r = x < 0 ? Z14 (slope) * x : x; ordered compare: NaN stays.
#define ZLEAKY(x, r, t) \
	VMOVUPS x, r; \
	VCMPPS  $0x11, Z12, r, K2; \
	VMULPS  Z14, r, K2, r

// func leakyAVX512Asm(dst, x *float32, n int, slope float32)
TEXT ·leakyAVX512Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VBROADCASTSS slope+24(FP), Z14 // Z14 = slope
	VPXORD Z12, Z12, Z12           // Z12 = 0
	ZMAP2(ZLEAKY, ZSTU)
	RET

// r (dy) = 0 < x ? r : Z14 (slope) * r; NaN x takes the slope (not less
// than, unordered: predicate 0x15).
#define ZLEAKYBW(x, r, t, s) \
	VCMPPS $0x15, x, Z12, K2; \
	VMULPS Z14, r, K2, r

// func leakyBackwardAVX512Asm(dx, dy, x *float32, n int, slope float32)
TEXT ·leakyBackwardAVX512Asm(SB), NOSPLIT, $0-36
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VBROADCASTSS slope+32(FP), Z14 // Z14 = slope
	VPXORD Z12, Z12, Z12           // Z12 = 0
	ZMAP3(ZLEAKYBW, ZSTU)
	RET

// Non-temporal variants for long slices: the stores bypass the caches
// (no read-for-ownership of dst's lines). dst must be 64-byte aligned.

// func addNTAVX512Asm(dst, a, b *float32, n int)
TEXT ·addNTAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	ZMAP3(ZADD, ZSTNT)
	SFENCE
	RET

// func subNTAVX512Asm(dst, a, b *float32, n int)
TEXT ·subNTAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	ZMAP3(ZSUB, ZSTNT)
	SFENCE
	RET

// func mulNTAVX512Asm(dst, a, b *float32, n int)
TEXT ·mulNTAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	ZMAP3(ZMUL, ZSTNT)
	SFENCE
	RET

// func addsNTAVX512Asm(dst, a *float32, n int, s float32)
TEXT ·addsNTAVX512Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ a+8(FP), SI
	VBROADCASTSS s+24(FP), Z14 // Z14 = s
	ZMAP2(ZADDS, ZSTNT)
	SFENCE
	RET

// func reluNTAVX512Asm(dst, x *float32, n int)
TEXT ·reluNTAVX512Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VPXORD Z12, Z12, Z12 // Z12 = 0
	ZMAP2(ZRELU, ZSTNT)
	SFENCE
	RET

// func reluBackwardNTAVX512Asm(dx, dy, x *float32, n int)
TEXT ·reluBackwardNTAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VPXORD Z12, Z12, Z12 // Z12 = 0
	ZMAP3(ZRELUBW, ZSTNT)
	SFENCE
	RET

// func leakyNTAVX512Asm(dst, x *float32, n int, slope float32)
TEXT ·leakyNTAVX512Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VBROADCASTSS slope+24(FP), Z14 // Z14 = slope
	VPXORD Z12, Z12, Z12           // Z12 = 0
	ZMAP2(ZLEAKY, ZSTNT)
	SFENCE
	RET

// func leakyBackwardNTAVX512Asm(dx, dy, x *float32, n int, slope float32)
TEXT ·leakyBackwardNTAVX512Asm(SB), NOSPLIT, $0-36
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VBROADCASTSS slope+32(FP), Z14 // Z14 = slope
	VPXORD Z12, Z12, Z12           // Z12 = 0
	ZMAP3(ZLEAKYBW, ZSTNT)
	SFENCE
	RET
