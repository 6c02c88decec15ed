// Package run is one training run as brawn train makes it, for any Go
// program: a Config (the data source and task, the architecture as a
// model.MLP, the optimizer, schedule, epochs, batch, seed, threads, the
// outputs and the checkpoint to resume), its Validate, and Train, which
// reads and splits the data, builds the model, the nn.Trainer and its
// list of callbacks, runs it and writes the outputs.
//
// Errors that a setting causes are *FieldError values naming the setting
// by the name the brawn CLI gives its flag ("epochs", "lr-schedule"), the
// field's name in Config's documentation; runs that training stopped
// before their end return a *StopError.
//
// Layer 6: run sits above callbacks, model, nn, dist, data and runplot,
// and below the CLI (cmd/brawn). It may import callbacks, model, nn, dist,
// data, kernels, runplot, internal/atomicfile and the standard library.
package run
