//go:build !purego

#include "textflag.h"

// func prefetchLines(p *byte, n int)
//
// PREFETCHT0 (into every cache level) of the lines at p, p+64, … below
// p+n, then of the line of p+n-1 (the last line when p is not aligned).
// SI walks the lines, DX = p+n-1, CX counts the bytes left.
TEXT ·prefetchLines(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	LEAQ -1(SI)(CX*1), DX

loop:
	PREFETCHT0 (SI)
	ADDQ       $64, SI
	SUBQ       $64, CX
	JGT        loop
	PREFETCHT0 (DX)
	RET
