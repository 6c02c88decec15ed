//go:build !purego

#include "textflag.h"
#include "avx512_amd64.h"

DATA zrNegInf<>+0(SB)/4, $0xff800000
GLOBL zrNegInf<>(SB), RODATA|NOPTR, $4
DATA zrNaN<>+0(SB)/4, $0x7fc00000
GLOBL zrNaN<>(SB), RODATA|NOPTR, $4

// func maxAVX512Asm(x *float32, n int) float32
// SI = x, CX = n, AX = index; Z0..Z3 = running maxima, Z4..Z7 = data,
// K3 = NaN lanes seen, Z13 = -Inf, K1 = tail mask.
TEXT ·maxAVX512Asm(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS zrNegInf<>(SB), Z13
	VMOVAPS Z13, Z0
	VMOVAPS Z13, Z1
	VMOVAPS Z13, Z2
	VMOVAPS Z13, Z3
	KXORW K3, K3, K3
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-64, BX
	JZ   v16
v64:
	VMOVUPS (SI)(AX*4), Z4
	VMOVUPS 64(SI)(AX*4), Z5
	VMOVUPS 128(SI)(AX*4), Z6
	VMOVUPS 192(SI)(AX*4), Z7
	VCMPPS $3, Z4, Z4, K4 // unordered: lane is NaN
	VCMPPS $3, Z5, Z5, K5
	VCMPPS $3, Z6, Z6, K6
	VCMPPS $3, Z7, Z7, K7
	KORW   K4, K3, K3
	KORW   K5, K6, K6
	KORW   K6, K3, K3
	KORW   K7, K3, K3
	VMAXPS Z0, Z4, Z0
	VMAXPS Z1, Z5, Z1
	VMAXPS Z2, Z6, Z2
	VMAXPS Z3, Z7, Z3
	ADDQ $64, AX
	CMPQ AX, BX
	JB   v64
v16:
	MOVQ CX, BX
	ANDQ $-16, BX
	CMPQ AX, BX
	JAE  tail
v16loop:
	VMOVUPS (SI)(AX*4), Z4
	VCMPPS  $3, Z4, Z4, K4
	KORW    K4, K3, K3
	VMAXPS  Z0, Z4, Z0
	ADDQ    $16, AX
	CMPQ    AX, BX
	JB      v16loop
tail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   done
	ZTAILMASK(BX, R8)
	VMOVAPS Z13, Z4
	VMOVUPS (SI)(AX*4), K1, Z4 // masked-off lanes: -Inf
	VCMPPS  $3, Z4, Z4, K4
	KORW    K4, K3, K3
	VMAXPS  Z0, Z4, Z0
done:
	VMAXPS        Z1, Z0, Z0
	VMAXPS        Z3, Z2, Z2
	VMAXPS        Z2, Z0, Z0
	ZHMAX(Z0, Y0, X0)
	KORTESTW      K3, K3
	JZ            ret
	VMOVSS        zrNaN<>(SB), X0 // a NaN was seen
ret:
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func indexAVX512Asm(x *float32, n int, v float32) int
// SI = x, CX = n, AX = index; Z14 = v, Z0 = data, K2 = match lanes,
// R9 = match bits, K1 = tail mask.
TEXT ·indexAVX512Asm(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS v+16(FP), Z14
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	VUCOMISS X14, X14
	JP   nan          // v is NaN: look for the first NaN
	CMPQ AX, BX
	JAE  eqtail
eqloop:
	VCMPPS $0, (SI)(AX*4), Z14, K2 // ordered equal
	KMOVW  K2, R9
	TESTL  R9, R9
	JNZ    found
	ADDQ   $16, AX
	CMPQ   AX, BX
	JB     eqloop
eqtail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   none
	ZTAILMASK(BX, R8)
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	VCMPPS    $0, Z0, Z14, K1, K2
	KMOVW     K2, R9
	TESTL     R9, R9
	JNZ       found
	JMP       none
nan:
	CMPQ AX, BX
	JAE  nantail
nanloop:
	VMOVUPS (SI)(AX*4), Z0
	VCMPPS  $3, Z0, Z0, K2 // unordered
	KMOVW   K2, R9
	TESTL   R9, R9
	JNZ     found
	ADDQ    $16, AX
	CMPQ    AX, BX
	JB      nanloop
nantail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   none
	ZTAILMASK(BX, R8)
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	VCMPPS    $3, Z0, Z0, K1, K2
	KMOVW     K2, R9
	TESTL     R9, R9
	JNZ       found
none:
	MOVQ $-1, ret+24(FP)
	VZEROUPPER
	RET
found:
	BSFL R9, R9
	ADDQ R9, AX
	MOVQ AX, ret+24(FP)
	VZEROUPPER
	RET
