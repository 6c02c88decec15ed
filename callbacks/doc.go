// Package callbacks holds ready-made nn.Callback implementations for
// Trainer.Fit, in the manner of keras.callbacks: History, the metrics of
// every epoch (with a test set's) as a brawn checkpoint stores them;
// Progress, a bar on a terminal and plain lines elsewhere; TensorBoard, an
// event file of the steps' and epochs' metrics, layer health (LinearHealth)
// and histograms; Health, the weight-health warnings and the divergence
// stop; Checkpoint, the run saved with model.Save every N epochs and at
// each improvement of a monitored metric; Lambda, a callback made of
// functions. Add them to Trainer.Callbacks in the order
// they should run: History first, so the others can read the epoch's
// entry.
//
// Layer 4: callbacks sits above nn, model, tensorboard and data, and below
// the CLI. It may import nn, model, tensorboard, data, internal/atomicfile,
// github.com/schollz/progressbar/v3, golang.org/x/term and the standard
// library.
package callbacks
