//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// UXTL (USHLL #0) and UXTL2 zero-extend the low and high halves of Vn:
// bytes to halfwords (8H) and halfwords to words (4S). UCVTF4S converts
// unsigned words to float32, exactly below 2^24.
#define UXTL8H(n, d) WORD $(0x2f08a400 | (n)<<5 | (d))
#define UXTL28H(n, d) WORD $(0x6f08a400 | (n)<<5 | (d))
#define UXTL4S(n, d) WORD $(0x2f10a400 | (n)<<5 | (d))
#define UXTL24S(n, d) WORD $(0x6f10a400 | (n)<<5 | (d))
#define UCVTF4S(n, d) WORD $(0x6e21d800 | (n)<<5 | (d))

// func bytesToFloat32NEONAsm(dst *float32, src *byte, n int, div float32)
TEXT ·bytesToFloat32NEONAsm(SB), NOSPLIT, $0-28
	MOVD	dst+0(FP), R0
	MOVD	n+16(FP), R2
	MOVD	src+8(FP), R1
	FMOVS	div+24(FP), F7
	VDUP	V7.S[0], V7.S4

loop:
	CBZ	R2, done
	VLD1.P	16(R1), [V0.B16]
	UXTL8H(0, 1)
	UXTL28H(0, 2)
	UXTL4S(1, 3)
	UXTL24S(1, 4)
	UXTL4S(2, 5)
	UXTL24S(2, 6)
	UCVTF4S(3, 3)
	UCVTF4S(4, 4)
	UCVTF4S(5, 5)
	UCVTF4S(6, 6)
	FDIV4S(7, 3, 3)
	FDIV4S(7, 4, 4)
	FDIV4S(7, 5, 5)
	FDIV4S(7, 6, 6)
	VST1.P	[V3.S4, V4.S4, V5.S4, V6.S4], 64(R0)
	SUB	$16, R2
	B	loop

done:
	RET
