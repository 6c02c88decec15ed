package main

import (
	"fmt"
	"io"

	"github.com/brawn-ml/brawn/model"
)

// evalBatchHelp is the --batch help of predict and eval.
const evalBatchHelp = "rows per forward pass; the results do not depend on it, except for a model whose batch norm keeps no running statistics " +
	"(track_running_stats=False), which normalises each batch of this many rows with its own statistics; when that would leave a last batch " +
	"of 1 row, which has no variance, the last N+1 rows run as two batches of nearly equal size instead (PyTorch would fail), and a note says so"

// evenedBatchNote writes to w a note when m runs the last of n rows
// otherwise than --batch at a time (model.Model.EvenedBatches): a model
// that normalises with its batch's statistics would be left a batch of
// one row.
func evenedBatchNote(w io.Writer, m *model.Model, n, batch int) {
	first, second, ok := m.EvenedBatches(n, batch)
	if !ok {
		return
	}
	fmt.Fprintf(w, "note: --batch %d: the model normalises each batch with the batch's own statistics (a batch norm with track_running_stats=False), "+
		"and its last %d rows would leave a batch of 1 row, which has no variance: they ran as batches of %d and %d rows\n", batch, batch+1, first, second)
}
