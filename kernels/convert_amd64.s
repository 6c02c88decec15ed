//go:build !purego

#include "textflag.h"
#include "avx512_amd64.h"

// func bytesToFloat32AVX2Asm(dst *float32, src *byte, n int, div float32)
// n is a multiple of 8: 32 then 8 bytes a step, each zero-extended to
// int32, converted exactly and divided.
TEXT ·bytesToFloat32AVX2Asm(SB), NOSPLIT, $0-28
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS div+24(FP), Y8
	XORQ         AX, AX
	MOVQ         CX, DX
	ANDQ         $-32, DX
	JZ           tail8
loop32:
	VPMOVZXBD    (SI)(AX*1), Y0
	VPMOVZXBD    8(SI)(AX*1), Y1
	VPMOVZXBD    16(SI)(AX*1), Y2
	VPMOVZXBD    24(SI)(AX*1), Y3
	VCVTDQ2PS    Y0, Y0
	VCVTDQ2PS    Y1, Y1
	VCVTDQ2PS    Y2, Y2
	VCVTDQ2PS    Y3, Y3
	VDIVPS       Y8, Y0, Y0
	VDIVPS       Y8, Y1, Y1
	VDIVPS       Y8, Y2, Y2
	VDIVPS       Y8, Y3, Y3
	VMOVUPS      Y0, (DI)(AX*4)
	VMOVUPS      Y1, 32(DI)(AX*4)
	VMOVUPS      Y2, 64(DI)(AX*4)
	VMOVUPS      Y3, 96(DI)(AX*4)
	ADDQ         $32, AX
	CMPQ         AX, DX
	JLT          loop32
tail8:
	CMPQ         AX, CX
	JGE          done
	VPMOVZXBD    (SI)(AX*1), Y0
	VCVTDQ2PS    Y0, Y0
	VDIVPS       Y8, Y0, Y0
	VMOVUPS      Y0, (DI)(AX*4)
	ADDQ         $8, AX
	JMP          tail8
done:
	VZEROUPPER
	RET

// func bytesToFloat32AVX512Asm(dst *float32, src *byte, n int, div float32)
// 64 then 16 bytes a step, then the last 1..15 under a mask (the masked
// load touches none of the bytes past n).
TEXT ·bytesToFloat32AVX512Asm(SB), NOSPLIT, $0-28
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS div+24(FP), Z8
	XORQ         AX, AX
	MOVQ         CX, DX
	ANDQ         $-64, DX
	JZ           tail16
loop64:
	VPMOVZXBD    (SI)(AX*1), Z0
	VPMOVZXBD    16(SI)(AX*1), Z1
	VPMOVZXBD    32(SI)(AX*1), Z2
	VPMOVZXBD    48(SI)(AX*1), Z3
	VCVTDQ2PS    Z0, Z0
	VCVTDQ2PS    Z1, Z1
	VCVTDQ2PS    Z2, Z2
	VCVTDQ2PS    Z3, Z3
	VDIVPS       Z8, Z0, Z0
	VDIVPS       Z8, Z1, Z1
	VDIVPS       Z8, Z2, Z2
	VDIVPS       Z8, Z3, Z3
	VMOVUPS      Z0, (DI)(AX*4)
	VMOVUPS      Z1, 64(DI)(AX*4)
	VMOVUPS      Z2, 128(DI)(AX*4)
	VMOVUPS      Z3, 192(DI)(AX*4)
	ADDQ         $64, AX
	CMPQ         AX, DX
	JLT          loop64
tail16:
	MOVQ         CX, BX
	SUBQ         AX, BX
	JZ           done
	CMPQ         BX, $16
	JLT          masked
	VPMOVZXBD    (SI)(AX*1), Z0
	VCVTDQ2PS    Z0, Z0
	VDIVPS       Z8, Z0, Z0
	VMOVUPS      Z0, (DI)(AX*4)
	ADDQ         $16, AX
	JMP          tail16
masked:
	ZTAILMASK(BX, R8)
	VPMOVZXBD.Z  (SI)(AX*1), K1, Z0
	VCVTDQ2PS    Z0, Z0
	VDIVPS       Z8, Z0, Z0
	VMOVUPS      Z0, K1, (DI)(AX*4)
done:
	VZEROUPPER
	RET
