// Package data loads labelled datasets for training: IDX files (the MNIST
// format, raw or gzip-compressed), CSV files, and MNIST itself. It also
// scales features (min-max or standardisation with statistics from the
// training set only) and splits off validation sets.
//
// Every loader returns a *Dataset, the one dataset type that nn's Trainer
// also trains on: features as one row-major slice of shape [n, Features],
// float32 (CSV) or bytes that read as value/255 (IDX images, which stay
// bytes in memory), and labels as class indices in [0, Classes) or
// regression targets.
// Errors on bad input name the file, the record or line, and the field, and
// say what was wrong; nothing here panics on user input.
//
// Layer 2: data sits above kernels (the conversion of byte features to
// float32) and below nn, which imports it, never the other way round. It
// may import kernels and the standard library.
package data
