// Package callbacks holds ready-made nn.Callback implementations for
// Trainer.Fit, in the manner of keras.callbacks: History, the metrics of
// every epoch (with a test set's) as a brawn checkpoint stores them;
// Progress, a bar on a terminal and plain lines elsewhere; TensorBoard, an
// event file of the steps' and epochs' metrics, layer health (LinearHealth)
// and histograms; Health, the weight-health warnings and the divergence
// stop; Checkpoint, the run saved with model.Save every N epochs, at each
// improvement of a monitored metric, on interrupt and at the end;
// JSONMetrics, the run's metrics as a JSON document; Lambda, a callback
// made of functions. The learning-rate schedules and early stopping are
// callbacks of package nn (nn.LRScheduler, nn.EarlyStopping), since the
// Trainer's resume state holds theirs. Add them to Trainer.Callbacks in
// the order they should run: the schedules and early stopping first, so
// that the others see their effect, then History, so the others can read
// the epoch's entry, then Health and Checkpoint, then the callbacks that
// write reports (TensorBoard, JSONMetrics): Fit stops at the first
// callback error, and a report that fails to write (a full disk) must not
// stop the run before its epoch is saved.
//
// Layer 5: callbacks sits above nn, model, tensorboard, data and kernels,
// and below the CLI. It may import nn, model, tensorboard, data, kernels,
// internal/atomicfile, github.com/schollz/progressbar/v3, golang.org/x/term
// and the standard library.
package callbacks
