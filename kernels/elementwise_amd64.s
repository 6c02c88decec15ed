//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

// Registers (see MAP2, MAP3): DI = dst, SI = first input, DX = second
// input, CX = n, AX = index; Y12 = zero, Y13/Y14 = broadcast scalars,
// Y15 = tail mask.

#define ADD(b, r, t, s) VADDPS b, r, r
#define SUB(b, r, t, s) VSUBPS b, r, r
#define MUL(b, r, t, s) VMULPS b, r, r

// func addAVX2Asm(dst, a, b *float32, n int)
TEXT ·addAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MAP3(ADD, STU)
	RET

// func subAVX2Asm(dst, a, b *float32, n int)
TEXT ·subAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MAP3(SUB, STU)
	RET

// func mulAVX2Asm(dst, a, b *float32, n int)
TEXT ·mulAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MAP3(MUL, STU)
	RET

// r = x + Y14 (s)
#define ADDS(x, r, t) VADDPS x, Y14, r

// func addsAVX2Asm(dst, a *float32, n int, s float32)
TEXT ·addsAVX2Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ a+8(FP), SI
	VBROADCASTSS s+24(FP), Y14 // Y14 = s
	MAP2(ADDS, STU)
	RET

// r = Y14 (a) * r (x) + Y13 (b) * y
#define AXPBY(y, r, t, s) \
	VMULPS y, Y13, t; \
	VFMADD213PS t, Y14, r

// func saxpbyAVX2Asm(a float32, x *float32, b float32, y *float32, n int)
TEXT ·saxpbyAVX2Asm(SB), NOSPLIT, $0-40
	VBROADCASTSS a+0(FP), Y14 // Y14 = a
	MOVQ x+8(FP), SI
	MOVQ n+32(FP), CX
	VBROADCASTSS b+16(FP), Y13 // Y13 = b
	MOVQ y+24(FP), DX
	MOVQ DX, DI                // y is both input and output
	MAP3(AXPBY, STU)
	RET

// r = max(0, x): the second source (x) is returned for NaN and for ±0.
#define RELU(x, r, t) VMAXPS x, Y12, r

// func reluAVX2Asm(dst, x *float32, n int)
TEXT ·reluAVX2Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VXORPS Y12, Y12, Y12 // Y12 = 0
	MAP2(RELU, STU)
	RET

// r (dy) &= !(0 >= x), unordered: NaN passes dy, as PyTorch's
// threshold_backward does.
#define RELUBW(x, r, t, s) \
	VCMPPS $0x19, x, Y12, t; \
	VANDPS t, r, r

// func reluBackwardAVX2Asm(dx, dy, x *float32, n int)
TEXT ·reluBackwardAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VXORPS Y12, Y12, Y12 // Y12 = 0
	MAP3(RELUBW, STU)
	RET

// r = x < 0 ? Y14 (slope) * x : x; ordered compare: NaN stays.
#define LEAKY(x, r, t) \
	VMOVUPS x, r; \
	VMULPS Y14, r, t; \
	VCMPPS $0x11, Y12, r, Y8; \
	VBLENDVPS Y8, t, r, r

// func leakyAVX2Asm(dst, x *float32, n int, slope float32)
TEXT ·leakyAVX2Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VBROADCASTSS slope+24(FP), Y14 // Y14 = slope
	VXORPS Y12, Y12, Y12           // Y12 = 0
	MAP2(LEAKY, STU)
	RET

// r (dy) = 0 < x ? r : Y14 (slope) * r; NaN x takes the slope.
#define LEAKYBW(x, r, t, s) \
	VMULPS Y14, r, s; \
	VCMPPS $0x11, x, Y12, t; \
	VBLENDVPS t, r, s, r

// func leakyBackwardAVX2Asm(dx, dy, x *float32, n int, slope float32)
TEXT ·leakyBackwardAVX2Asm(SB), NOSPLIT, $0-36
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VBROADCASTSS slope+32(FP), Y14 // Y14 = slope
	VXORPS Y12, Y12, Y12           // Y12 = 0
	MAP3(LEAKYBW, STU)
	RET

// Non-temporal variants for long slices: the stores bypass the caches
// (no read-for-ownership of dst's lines). dst must be 32-byte aligned.

// func addNTAVX2Asm(dst, a, b *float32, n int)
TEXT ·addNTAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MAP3(ADD, STNT)
	SFENCE
	RET

// func subNTAVX2Asm(dst, a, b *float32, n int)
TEXT ·subNTAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MAP3(SUB, STNT)
	SFENCE
	RET

// func mulNTAVX2Asm(dst, a, b *float32, n int)
TEXT ·mulNTAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MAP3(MUL, STNT)
	SFENCE
	RET

// func addsNTAVX2Asm(dst, a *float32, n int, s float32)
TEXT ·addsNTAVX2Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ a+8(FP), SI
	VBROADCASTSS s+24(FP), Y14 // Y14 = s
	MAP2(ADDS, STNT)
	SFENCE
	RET

// func reluNTAVX2Asm(dst, x *float32, n int)
TEXT ·reluNTAVX2Asm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VXORPS Y12, Y12, Y12 // Y12 = 0
	MAP2(RELU, STNT)
	SFENCE
	RET

// func reluBackwardNTAVX2Asm(dx, dy, x *float32, n int)
TEXT ·reluBackwardNTAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VXORPS Y12, Y12, Y12 // Y12 = 0
	MAP3(RELUBW, STNT)
	SFENCE
	RET

// func leakyNTAVX2Asm(dst, x *float32, n int, slope float32)
TEXT ·leakyNTAVX2Asm(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+8(FP), SI
	VBROADCASTSS slope+24(FP), Y14 // Y14 = slope
	VXORPS Y12, Y12, Y12           // Y12 = 0
	MAP2(LEAKY, STNT)
	SFENCE
	RET

// func leakyBackwardNTAVX2Asm(dx, dy, x *float32, n int, slope float32)
TEXT ·leakyBackwardNTAVX2Asm(SB), NOSPLIT, $0-36
	MOVQ dx+0(FP), DI
	MOVQ n+24(FP), CX
	MOVQ dy+8(FP), SI
	MOVQ x+16(FP), DX
	VBROADCASTSS slope+32(FP), Y14 // Y14 = slope
	VXORPS Y12, Y12, Y12           // Y12 = 0
	MAP3(LEAKYBW, STNT)
	SFENCE
	RET
