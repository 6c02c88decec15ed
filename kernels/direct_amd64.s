//go:build !purego

#include "textflag.h"

// Selectors of the direct entry points (direct_amd64.go): each jumps, with
// its arguments in place, to the avx512 kernel when its last argument,
// the active level, is AVX512 (3, see dispatch.go) and to the avx2 kernel
// otherwise. The kernels take the same arguments but the level, at the
// same offsets.

// SELECT jumps to avx512 when the byte at level is AVX512 (3), else to avx2.
#define SELECT(level, avx2, avx512) \
	CMPB level, $3; \
	JEQ  2(PC); \
	JMP  avx2; \
	JMP  avx512

// func saxpyDirectAsm(a float32, x, y *float32, n int, level Level)
TEXT ·saxpyDirectAsm(SB), NOSPLIT, $0-33
	SELECT(level+32(FP), ·saxpyAVX2Asm(SB), ·saxpyAVX512Asm(SB))

// func sscalDirectAsm(a float32, x *float32, n int, level Level)
TEXT ·sscalDirectAsm(SB), NOSPLIT, $0-25
	SELECT(level+24(FP), ·sscalAVX2Asm(SB), ·sscalAVX512Asm(SB))

// func addDirectAsm(dst, a, b *float32, n int, level Level)
TEXT ·addDirectAsm(SB), NOSPLIT, $0-33
	SELECT(level+32(FP), ·addAVX2Asm(SB), ·addAVX512Asm(SB))

// func subDirectAsm(dst, a, b *float32, n int, level Level)
TEXT ·subDirectAsm(SB), NOSPLIT, $0-33
	SELECT(level+32(FP), ·subAVX2Asm(SB), ·subAVX512Asm(SB))

// func mulDirectAsm(dst, a, b *float32, n int, level Level)
TEXT ·mulDirectAsm(SB), NOSPLIT, $0-33
	SELECT(level+32(FP), ·mulAVX2Asm(SB), ·mulAVX512Asm(SB))

// func addsDirectAsm(dst, a *float32, n int, s float32, level Level)
TEXT ·addsDirectAsm(SB), NOSPLIT, $0-29
	SELECT(level+28(FP), ·addsAVX2Asm(SB), ·addsAVX512Asm(SB))

// func reluDirectAsm(dst, x *float32, n int, level Level)
TEXT ·reluDirectAsm(SB), NOSPLIT, $0-25
	SELECT(level+24(FP), ·reluAVX2Asm(SB), ·reluAVX512Asm(SB))

// func reluBackwardDirectAsm(dx, dy, x *float32, n int, level Level)
TEXT ·reluBackwardDirectAsm(SB), NOSPLIT, $0-33
	SELECT(level+32(FP), ·reluBackwardAVX2Asm(SB), ·reluBackwardAVX512Asm(SB))

// func leakyDirectAsm(dst, x *float32, n int, slope float32, level Level)
TEXT ·leakyDirectAsm(SB), NOSPLIT, $0-29
	SELECT(level+28(FP), ·leakyAVX2Asm(SB), ·leakyAVX512Asm(SB))

// func sigmoidDirectAsm(dst, x *float32, n int, level Level)
TEXT ·sigmoidDirectAsm(SB), NOSPLIT, $0-25
	SELECT(level+24(FP), ·sigmoidAVX2Asm(SB), ·sigmoidAVX512Asm(SB))

// func tanhDirectAsm(dst, x *float32, n int, level Level)
TEXT ·tanhDirectAsm(SB), NOSPLIT, $0-25
	SELECT(level+24(FP), ·tanhAVX2Asm(SB), ·tanhAVX512Asm(SB))

// func expDirectAsm(dst, x *float32, n int, level Level)
TEXT ·expDirectAsm(SB), NOSPLIT, $0-25
	SELECT(level+24(FP), ·expAVX2Asm(SB), ·expAVX512Asm(SB))

// func saxpbyDirectAsm(a float32, x *float32, b float32, y *float32, n int, level Level)
TEXT ·saxpbyDirectAsm(SB), NOSPLIT, $0-41
	SELECT(level+40(FP), ·saxpbyAVX2Asm(SB), ·saxpbyAVX512Asm(SB))

// func leakyBackwardDirectAsm(dx, dy, x *float32, n int, slope float32, level Level)
TEXT ·leakyBackwardDirectAsm(SB), NOSPLIT, $0-37
	SELECT(level+36(FP), ·leakyBackwardAVX2Asm(SB), ·leakyBackwardAVX512Asm(SB))

// func setK1(v uint16)
// Sets the opmask register K1 to v. With getK1, it lets the tests see
// which kernel a selector ran: the avx512 kernels leave their tail mask in
// K1, the avx2 kernels do not touch it.
TEXT ·setK1(SB), NOSPLIT, $0-2
	KMOVW v+0(FP), K1
	RET

// func getK1() uint16
TEXT ·getK1(SB), NOSPLIT, $0-2
	KMOVW K1, AX
	MOVW  AX, ret+0(FP)
	RET
