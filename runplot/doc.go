// Package runplot draws a training run as a PNG: the loss and accuracy
// curves per epoch (for a regression, the loss and the R², MSE and MAE
// curves), for the training, validation and test sets, and a histogram
// panel per tensor, two panels to a row. `brawn plot` and
// `brawn train --plot` draw with it.
//
// The curves are scalars by TensorBoard tag, as tensorboard.ReadDir
// returns them and with the tag names of the tensorboard package
// (tensorboard.MetricTag), so that a run's event files and a history held
// elsewhere (a checkpoint's) are drawn alike.
//
// Layer 2: above tensorboard; run (for train --plot) and the CLI import
// it. It may import tensorboard, internal/atomicfile, gonum.org/v1/plot and the
// standard library.
package runplot
