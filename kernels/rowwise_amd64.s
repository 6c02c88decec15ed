//go:build !purego

#include "textflag.h"
#include "avx2_amd64.h"

DATA negInf<>+0(SB)/4, $0xff800000
GLOBL negInf<>(SB), RODATA|NOPTR, $4
DATA canonNaN<>+0(SB)/4, $0x7fc00000
GLOBL canonNaN<>(SB), RODATA|NOPTR, $4

// func maxAVX2Asm(x *float32, n int) float32
// SI = x, CX = n, AX = index; Y0..Y3 = running maxima, Y4..Y7 = data,
// Y8 = NaN lanes seen, Y13 = -Inf, Y15 = tail mask.
TEXT ·maxAVX2Asm(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS negInf<>(SB), Y13
	VMOVAPS Y13, Y0
	VMOVAPS Y13, Y1
	VMOVAPS Y13, Y2
	VMOVAPS Y13, Y3
	VXORPS Y8, Y8, Y8
	LOOP_HEAD
	JZ   v8
v32:
	VMOVUPS (SI)(AX*4), Y4
	VMOVUPS 32(SI)(AX*4), Y5
	VMOVUPS 64(SI)(AX*4), Y6
	VMOVUPS 96(SI)(AX*4), Y7
	VCMPPS $3, Y4, Y4, Y9  // unordered: lane is NaN
	VCMPPS $3, Y5, Y5, Y10
	VCMPPS $3, Y6, Y6, Y11
	VCMPPS $3, Y7, Y7, Y12
	VORPS Y9, Y8, Y8
	VORPS Y10, Y11, Y11
	VORPS Y11, Y8, Y8
	VORPS Y12, Y8, Y8
	VMAXPS Y0, Y4, Y0
	VMAXPS Y1, Y5, Y1
	VMAXPS Y2, Y6, Y2
	VMAXPS Y3, Y7, Y3
	ADDQ $32, AX
	CMPQ AX, BX
	JB   v32
v8:
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JAE  tail
v8loop:
	VMOVUPS (SI)(AX*4), Y4
	VCMPPS $3, Y4, Y4, Y9
	VORPS Y9, Y8, Y8
	VMAXPS Y0, Y4, Y0
	ADDQ $8, AX
	CMPQ AX, BX
	JB   v8loop
tail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   done
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y4
	VBLENDVPS Y15, Y4, Y13, Y4 // masked-off lanes: -Inf
	VCMPPS $3, Y4, Y4, Y9
	VORPS Y9, Y8, Y8
	VMAXPS Y0, Y4, Y0
done:
	VMAXPS Y1, Y0, Y0
	VMAXPS Y3, Y2, Y2
	VMAXPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS X1, X0, X0
	VMOVHLPS X0, X1, X1
	VMAXPS X1, X0, X0
	VMOVSHDUP X0, X1
	VMAXSS X1, X0, X0
	VMOVMSKPS Y8, R9
	TESTL R9, R9
	JZ   ret
	VMOVSS canonNaN<>(SB), X0 // a NaN was seen
ret:
	VMOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func indexAVX2Asm(x *float32, n int, v float32) int
// SI = x, CX = n, AX = index; Y14 = v, Y0 = data, Y1 = match lanes,
// R9 = match bits, Y15 = tail mask.
TEXT ·indexAVX2Asm(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSS v+16(FP), Y14
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX
	VUCOMISS X14, X14
	JP   nan          // v is NaN: look for the first NaN
	CMPQ AX, BX
	JAE  eqtail
eqloop:
	VCMPPS $0, (SI)(AX*4), Y14, Y1 // ordered equal
	VMOVMSKPS Y1, R9
	TESTL R9, R9
	JNZ  found
	ADDQ $8, AX
	CMPQ AX, BX
	JB   eqloop
eqtail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   none
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y0
	VCMPPS $0, Y0, Y14, Y1
	VANDPS Y15, Y1, Y1
	VMOVMSKPS Y1, R9
	TESTL R9, R9
	JNZ  found
	JMP  none
nan:
	CMPQ AX, BX
	JAE  nantail
nanloop:
	VMOVUPS (SI)(AX*4), Y0
	VCMPPS $3, Y0, Y0, Y1 // unordered
	VMOVMSKPS Y1, R9
	TESTL R9, R9
	JNZ  found
	ADDQ $8, AX
	CMPQ AX, BX
	JB   nanloop
nantail:
	MOVQ CX, BX
	SUBQ AX, BX
	JZ   none
	TAILMASK(BX, R8)
	VMASKMOVPS (SI)(AX*4), Y15, Y0
	VCMPPS $3, Y0, Y0, Y1
	VANDPS Y15, Y1, Y1
	VMOVMSKPS Y1, R9
	TESTL R9, R9
	JNZ  found
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
