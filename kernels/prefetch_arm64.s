//go:build !purego

#include "textflag.h"

// func prefetchLines(p *byte, n int)
//
// PRFM PLDL1KEEP (load, into L1, keep) of the lines at p, p+64, … below
// p+n, then of the line of p+n-1 (the last line when p is not aligned).
// R0 walks the lines, R2 = p+n-1, R1 counts the bytes left.
TEXT ·prefetchLines(SB), NOSPLIT, $0-16
	MOVD p+0(FP), R0
	MOVD n+8(FP), R1
	ADD  R0, R1, R2
	SUB  $1, R2

loop:
	PRFM (R0), PLDL1KEEP
	ADD  $64, R0
	SUBS $64, R1
	BGT  loop
	PRFM (R2), PLDL1KEEP
	RET
