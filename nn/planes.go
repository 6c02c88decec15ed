package nn

// planes is what the pooling layers share: the shapes of an input and an
// output sample, [C, H, W] and [C, OH, OW], the buffers of the output and
// of the input gradient, and the split of a pass over the batch's N·C
// planes onto the Env's threads. Planes are pooled independently, so the
// split changes no result.
type planes struct {
	in, out Shape
	y, dx   Tensor
	env     *Env

	// fwd and bwd are the layer's passes over the n planes from plane
	// first: the outputs y (or input gradients dx) and inputs x (or
	// output gradients dy) of those planes.
	fwd, bwd func(y, x []float32, first, n int)

	src            *Tensor          // the pass's input: x or dy
	fwdRun, bwdRun func(lo, hi int) // the passes over planes [lo, hi), built once
}

// setup records the shapes, the Env and the layer's passes; Build calls
// it.
func (q *planes) setup(in, out Shape, env *Env, fwd, bwd func(y, x []float32, first, n int)) {
	q.in, q.out, q.env, q.fwd, q.bwd = in.Clone(), out.Clone(), env, fwd, bwd
	if q.fwdRun == nil {
		q.fwdRun = func(lo, hi int) {
			ip, op := q.in[1]*q.in[2], q.out[1]*q.out[2]
			q.fwd(q.y.Data[lo*op:hi*op], q.src.Data[lo*ip:hi*ip], lo, hi-lo)
		}
		q.bwdRun = func(lo, hi int) {
			ip, op := q.in[1]*q.in[2], q.out[1]*q.out[2]
			q.bwd(q.dx.Data[lo*ip:hi*ip], q.src.Data[lo*op:hi*op], lo, hi-lo)
		}
	}
}

// forward sets y to [batch, out...] for x's batch and runs fwd over its
// planes.
func (q *planes) forward(x *Tensor) *Tensor {
	q.y.resize(x.Rows(), q.out)
	q.src = x
	q.env.splitPlanes(x.Rows()*q.in[0], q.in[1]*q.in[2], q.fwdRun)
	q.src = nil
	return &q.y
}

// backward sets dx to [batch, in...] for dy's batch and runs bwd over its
// planes; it returns nil without needDx.
func (q *planes) backward(dy *Tensor, needDx bool) *Tensor {
	if !needDx {
		return nil
	}
	q.dx.resize(dy.Rows(), q.in)
	q.src = dy
	q.env.splitPlanes(dy.Rows()*q.in[0], q.in[1]*q.in[2], q.bwdRun)
	q.src = nil
	return &q.dx
}

// splitPlanes calls fn(lo, hi) over chunks of whole planes covering [0,
// n), n planes of size values each, on up to Threads goroutines when the
// planes hold parallelMin values or more per goroutine (Env.Parallel's
// rule), and returns when all are done. fn must treat planes
// independently; it should be a func value built once, so that the call
// allocates nothing. A nil Env runs fn(0, n).
func (e *Env) splitPlanes(n, size int, fn func(lo, hi int)) {
	chunks := 1
	if e != nil && size > 0 {
		chunks = min(e.threads(), n*size/parallelMin, n)
	}
	if chunks <= 1 {
		fn(0, n)
		return
	}
	workers.RunFunc(n, (n+chunks-1)/chunks, chunks-1, fn)
}
