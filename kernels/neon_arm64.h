// Shared macros of the NEON assembly.
//
// Go's arm64 assembler lacks many Advanced SIMD forms (vector FADD, FSUB,
// FMUL, FMAX, pairwise FADDP, by-element FMLA, the bitwise selects...).
// These macros encode them as WORD from register numbers (0-31), so a
// call reads as the instruction. Operands are in Go's order: the sources,
// the last source first, then the destination; F(m, n, d) is the Arm
// instruction "f vd, vn, vm". Encodings: Arm Architecture Reference
// Manual, A64 Advanced SIMD.

// Three vector registers, four float32 lanes: d = n op m.
#define FADD4S(m, n, d) WORD $(0x4e20d400 | (m)<<16 | (n)<<5 | (d))
#define FSUB4S(m, n, d) WORD $(0x4ea0d400 | (m)<<16 | (n)<<5 | (d))
#define FMUL4S(m, n, d) WORD $(0x6e20dc00 | (m)<<16 | (n)<<5 | (d))
#define FDIV4S(m, n, d) WORD $(0x6e20fc00 | (m)<<16 | (n)<<5 | (d))
// FMAX4S and FMIN4S give NaN in a lane where either source is NaN.
#define FMAX4S(m, n, d) WORD $(0x4e20f400 | (m)<<16 | (n)<<5 | (d))
#define FMIN4S(m, n, d) WORD $(0x4ea0f400 | (m)<<16 | (n)<<5 | (d))
// FCMGT4S sets a lane of d to all ones where n > m, to zero otherwise.
#define FCMGT4S(m, n, d) WORD $(0x6ea0e400 | (m)<<16 | (n)<<5 | (d))
// FADDP4S sets d to the pairwise sums n0+n1, n2+n3, m0+m1, m2+m3.
#define FADDP4S(m, n, d) WORD $(0x6e20d400 | (m)<<16 | (n)<<5 | (d))
// ADD4S and SUB4S add and subtract four int32 lanes; SHL4S and SSHR4S
// shift them left and right (arithmetic) by the immediate i (1-31).
#define ADD4S(m, n, d) WORD $(0x4ea08400 | (m)<<16 | (n)<<5 | (d))
#define SUB4S(m, n, d) WORD $(0x6ea08400 | (m)<<16 | (n)<<5 | (d))
#define SHL4S(i, n, d) WORD $(0x4f205400 | (32+(i))<<16 | (n)<<5 | (d))
#define SSHR4S(i, n, d) WORD $(0x4f000400 | (64-(i))<<16 | (n)<<5 | (d))

// Bitwise, 16 bytes: AND16B d = n & m, BIC16B d = n &^ m, BIT16B inserts
// into d the bits of n where m is set, BIF16B where m is clear, MOV16B
// copies n to d.
#define AND16B(m, n, d) WORD $(0x4e201c00 | (m)<<16 | (n)<<5 | (d))
#define BIC16B(m, n, d) WORD $(0x4e601c00 | (m)<<16 | (n)<<5 | (d))
#define BIT16B(m, n, d) WORD $(0x6ea01c00 | (m)<<16 | (n)<<5 | (d))
#define BIF16B(m, n, d) WORD $(0x6ee01c00 | (m)<<16 | (n)<<5 | (d))
#define MOV16B(n, d) WORD $(0x4ea01c00 | (n)<<16 | (n)<<5 | (d))

// Two vector registers, four float32 lanes.
#define FABS4S(n, d) WORD $(0x4ea0f800 | (n)<<5 | (d))
#define FNEG4S(n, d) WORD $(0x6ea0f800 | (n)<<5 | (d))
#define FSQRT4S(n, d) WORD $(0x6ea1f800 | (n)<<5 | (d))
// FRINTN4S rounds to the nearest integer, ties to even; FCVTZS4S converts
// to int32, rounding toward zero.
#define FRINTN4S(n, d) WORD $(0x4e218800 | (n)<<5 | (d))
#define FCVTZS4S(n, d) WORD $(0x4ea1b800 | (n)<<5 | (d))
// FCMGTZ4S and FCMLTZ4S set a lane of d to all ones where n > 0 (n < 0).
#define FCMGTZ4S(n, d) WORD $(0x4ea0c800 | (n)<<5 | (d))
#define FCMLTZ4S(n, d) WORD $(0x4ea0e800 | (n)<<5 | (d))
// FCMLEZ4S sets a lane of d to all ones where n <= 0 (not where n is NaN).
#define FCMLEZ4S(n, d) WORD $(0x6ea0d800 | (n)<<5 | (d))

// FMLA4S adds n·m to d and FMLS4S subtracts it: Go's VFMLA and VFMLS,
// written here by register number for macros that take registers as
// arguments.
#define FMLA4S(m, n, d) WORD $(0x4e20cc00 | (m)<<16 | (n)<<5 | (d))
#define FMLS4S(m, n, d) WORD $(0x4ea0cc00 | (m)<<16 | (n)<<5 | (d))

// FMLAE4S adds n times lane i (0-3) of m to d: fmla vd.4s, vn.4s, vm.s[i].
#define FMLAE4S(m, i, n, d) WORD $(0x4f801000 | ((i)&1)<<21 | (m)<<16 | ((i)>>1)<<11 | (n)<<5 | (d))

// Across a vector into a scalar: FADDP2S sets sd = n0+n1, FMAXV4S sets sd
// to the largest of n's four lanes (NaN if one is).
#define FADDP2S(n, d) WORD $(0x7e30d800 | (n)<<5 | (d))
#define FMAXV4S(n, d) WORD $(0x6e30f800 | (n)<<5 | (d))

// FMAXS sets sd = max(sn, sm), scalar float32.
#define FMAXS(m, n, d) WORD $(0x1e204800 | (m)<<16 | (n)<<5 | (d))

// HSUM4 adds the four lanes of each of V16..V19, in the order
// ((V16+V17)+(V18+V19)) then pairwise, leaving the sum in F16.
#define HSUM4 \
	FADD4S(17, 16, 16); \
	FADD4S(19, 18, 18); \
	FADD4S(18, 16, 16); \
	FADDP4S(16, 16, 16); \
	FADDP2S(16, 16)

// Two float64 lanes (the float64 sums and passes of batch normalisation):
// FADD2D, FSUB2D, FMUL2D d = n op m; FMLA2D adds n·m to d.
#define FADD2D(m, n, d) WORD $(0x4e60d400 | (m)<<16 | (n)<<5 | (d))
#define FSUB2D(m, n, d) WORD $(0x4ee0d400 | (m)<<16 | (n)<<5 | (d))
#define FMUL2D(m, n, d) WORD $(0x6e60dc00 | (m)<<16 | (n)<<5 | (d))
#define FMLA2D(m, n, d) WORD $(0x4e60cc00 | (m)<<16 | (n)<<5 | (d))
// FCVTL2D and FCVTL22D widen the low and the high two float32 lanes of n
// to the two float64 lanes of d; FCVTN2S narrows n's two float64 lanes
// into the low two float32 lanes of d (clearing the high ones), FCVTN24S
// into the high two (keeping the low ones), rounding to nearest.
#define FCVTL2D(n, d) WORD $(0x0e617800 | (n)<<5 | (d))
#define FCVTL22D(n, d) WORD $(0x4e617800 | (n)<<5 | (d))
#define FCVTN2S(n, d) WORD $(0x0e616800 | (n)<<5 | (d))
#define FCVTN24S(n, d) WORD $(0x4e616800 | (n)<<5 | (d))
// FADDP2D sets dd = n0 + n1, float64.
#define FADDP2D(n, d) WORD $(0x7e70d800 | (n)<<5 | (d))
