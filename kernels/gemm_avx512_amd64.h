// Shared macros of the avx512 level's SGEMM micro-kernels (8×32 in
// gemm_avx512_amd64.s, 12×32 in gemm_avx512_12x32_amd64.s): rows of two
// 16-float accumulators, narrow tiles read and written through the
// opmasks K1 (columns 0-15) and K2 (16-31).

// ZERO8(r0, ..., r7) clears eight accumulators.
#define ZERO8(r0, r1, r2, r3, r4, r5, r6, r7) \
	VPXORD r0, r0, r0; \
	VPXORD r1, r1, r1; \
	VPXORD r2, r2, r2; \
	VPXORD r3, r3, r3; \
	VPXORD r4, r4, r4; \
	VPXORD r5, r5, r5; \
	VPXORD r6, r6, r6; \
	VPXORD r7, r7, r7

// ZERO16 clears the accumulators Z0-Z15.
#define ZERO16 \
	ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7); \
	ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)

// MUL8(s, r0, ..., r7) multiplies eight accumulators by s.
#define MUL8(s, r0, r1, r2, r3, r4, r5, r6, r7) \
	VMULPS s, r0, r0; \
	VMULPS s, r1, r1; \
	VMULPS s, r2, r2; \
	VMULPS s, r3, r3; \
	VMULPS s, r4, r4; \
	VMULPS s, r5, r5; \
	VMULPS s, r6, r6; \
	VMULPS s, r7, r7

// ALPHA1(alpha, done) continues at label done when alpha (a float32 in
// memory) is exactly 1, skipping the multiplies by it that follow (1·x is
// x, bit for bit). It clobbers DX.
#define ALPHA1(alpha, done) \
	MOVL alpha, DX;       \
	CMPL DX, $0x3f800000; \
	JEQ  done

// SCALE16 multiplies the accumulators Z0-Z15 by alpha (a float32 in
// memory), skipping the multiplies when alpha is exactly 1, and continues
// at label done. It clobbers DX and Z28.
#define SCALE16(alpha, done) \
	ALPHA1(alpha, done);                          \
	VBROADCASTSS alpha, Z28;                      \
	MUL8(Z28, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7);    \
	MUL8(Z28, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15); \
done:

// MSTORE2(p, ra, rb) writes one row of a narrow tile at p: ra to the
// columns selected by K1 (0-15), rb to those selected by K2 (16-31).
#define MSTORE2(p, ra, rb) \
	VMOVUPS ra, K1, (p);   \
	VMOVUPS rb, K2, 64(p)

// MADDC2(p, ra, rb) adds beta (Z31) times one row of C at p, read with
// zeroing masked loads (K1, K2), to ra and rb.
#define MADDC2(p, ra, rb) \
	VMOVUPS.Z   (p), K1, Z26;   \
	VFMADD231PS Z26, Z31, ra;   \
	VMOVUPS.Z   64(p), K2, Z27; \
	VFMADD231PS Z27, Z31, rb

// MADDNEXT(ra, rb) steps SI to the next row of C (R8 = ldc in bytes)
// and adds beta (Z31) times that row to ra and rb, as MADDC2.
#define MADDNEXT(ra, rb) \
	ADDQ R8, SI; \
	MADDC2(SI, ra, rb)

// MADDC8 adds beta (Z31) times the tile's 8 rows of C from DI, read with
// zeroing masked loads, to the accumulators Z0-Z15, leaving SI at the
// eighth row.
#define MADDC8 \
	MOVQ DI, SI;          \
	MADDC2(SI, Z0, Z1);   \
	MADDNEXT(Z2, Z3);     \
	MADDNEXT(Z4, Z5);     \
	MADDNEXT(Z6, Z7);     \
	MADDNEXT(Z8, Z9);     \
	MADDNEXT(Z10, Z11);   \
	MADDNEXT(Z12, Z13);   \
	MADDNEXT(Z14, Z15)

// MSTORENEXT(ra, rb) writes one row of the tile at DI, as MSTORE2, and
// steps DI to the next row (R8 = ldc in bytes).
#define MSTORENEXT(ra, rb) \
	MSTORE2(DI, ra, rb); \
	ADDQ R8, DI

// MSTORE8 writes the tile's 8 rows from Z0-Z15 at DI with masked stores
// and advances DI past them.
#define MSTORE8 \
	MSTORENEXT(Z0, Z1);   \
	MSTORENEXT(Z2, Z3);   \
	MSTORENEXT(Z4, Z5);   \
	MSTORENEXT(Z6, Z7);   \
	MSTORENEXT(Z8, Z9);   \
	MSTORENEXT(Z10, Z11); \
	MSTORENEXT(Z12, Z13); \
	MSTORENEXT(Z14, Z15)

// STRIDEDARGS loads the arguments of a strided micro-kernel, func(kc int,
// a *float32, rsA, csA int, b *float32, csB int, c *float32, ldc, cols
// int, ...): K1 and K2 select the first cols (1-32) columns, 0-15 and
// 16-31; CX = kc, AX = a and R12 = a's row 4, R10 = rsA, R11 = 3·rsA and
// R9 = csA in bytes, BX = b, R13 = csB in bytes, DI = c, R8 = ldc in
// bytes.
#define STRIDEDARGS \
	MOVQ  cols+64(FP), CX;   \
	MOVQ  $1, AX;            \
	SHLQ  CX, AX;            \
	DECQ  AX;                \
	KMOVW AX, K1;            \
	SHRQ  $16, AX;           \
	KMOVW AX, K2;            \
	MOVQ  kc+0(FP), CX;      \
	MOVQ  a+8(FP), AX;       \
	MOVQ  rsA+16(FP), R10;   \
	SHLQ  $2, R10;           \
	MOVQ  csA+24(FP), R9;    \
	SHLQ  $2, R9;            \
	MOVQ  b+32(FP), BX;      \
	MOVQ  csB+40(FP), R13;   \
	SHLQ  $2, R13;           \
	MOVQ  c+48(FP), DI;      \
	MOVQ  ldc+56(FP), R8;    \
	SHLQ  $2, R8;            \
	LEAQ  (R10)(R10*2), R11; \
	LEAQ  (AX)(R10*4), R12
