package kernels

// gemmViaGemv computes an Sgemm with m = 1 or n = 1 as a matrix-vector
// product: packing cannot pay off when one side has a single row or
// column, and Sgemv streams the matrix at memory bandwidth. Strided
// vectors (a column of a row-major matrix) are gathered into the arena
// first, and a strided result is scattered back.
func gemmViaGemv(g *gemmImpl, x *gemmArgs) {
	ar := gemmArenas.Get()
	defer gemmArenas.Put(ar)
	if x.m == 1 {
		// Row 0 of C = op(A)[0, :] · op(B): op(B)^T times a vector.
		strideA := 1
		if x.transA {
			strideA = x.lda
		}
		v := gatherVec(&ar.vecX, x.a, x.k, strideA)
		if x.transB { // B is n×k
			sgemvWith(g, ar, false, x.n, x.k, x.alpha, x.b, x.ldb, v, x.beta, x.c[:x.n])
		} else { // B is k×n
			sgemvWith(g, ar, true, x.k, x.n, x.alpha, x.b, x.ldb, v, x.beta, x.c[:x.n])
		}
		return
	}
	// Column 0 of C = op(A) · op(B)[:, 0].
	strideB := x.ldb
	if x.transB {
		strideB = 1
	}
	v := gatherVec(&ar.vecX, x.b, x.k, strideB)
	y := x.c[:1+(x.m-1)*x.ldc]
	if x.ldc != 1 {
		ar.vecY = growFloats(ar.vecY, x.m)
		y = ar.vecY
		if x.beta != 0 {
			for i := range y {
				y[i] = x.c[i*x.ldc]
			}
		}
	}
	if x.transA { // A is k×m
		sgemvWith(g, ar, true, x.k, x.m, x.alpha, x.a, x.lda, v, x.beta, y)
	} else { // A is m×k
		sgemvWith(g, ar, false, x.m, x.k, x.alpha, x.a, x.lda, v, x.beta, y)
	}
	if x.ldc != 1 {
		for i, v := range y {
			x.c[i*x.ldc] = v
		}
	}
}

// gatherVec returns the n values src[0], src[stride], ...: src itself when
// stride is 1, otherwise a copy in *buf.
func gatherVec(buf *[]float32, src []float32, n, stride int) []float32 {
	if stride == 1 {
		return src[:n]
	}
	*buf = growFloats(*buf, n)
	v := *buf
	for i := range v {
		v[i] = src[i*stride]
	}
	return v
}

// growFloats returns buf resliced to n, reallocated only when too small.
func growFloats(buf []float32, n int) []float32 {
	if cap(buf) < n {
		buf = make([]float32, n)
	}
	return buf[:n]
}
