// Package data loads labelled datasets for training: IDX files (the MNIST
// format, raw or gzip-compressed), CSV files, and MNIST itself. It also
// scales features (min-max or standardisation with statistics from the
// training set only) and splits off validation sets.
//
// Every loader returns a *Dataset: features as one row-major float32 slice
// of shape [n, Features] and labels as class indices in [0, Classes).
// Errors on bad input name the file, the record or line, and the field, and
// say what was wrong; nothing here panics on user input.
//
// The package does not depend on nn; the training code adapts a Dataset to
// its own interface.
package data
