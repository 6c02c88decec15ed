// Package callbacks holds ready-made nn.Callback implementations for
// Trainer.Fit, in the manner of keras.callbacks: Progress, a bar on a
// terminal and plain lines elsewhere. Add them to Trainer.Callbacks in the
// order their output should appear.
//
// Layer: callbacks sits above nn, model, tensorboard and data, and may
// import only them, the standard library, internal packages and
// third-party libraries; never cmd.
package callbacks
