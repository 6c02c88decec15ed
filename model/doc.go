// Package model is brawn's model file: the architecture of a network, the
// complete checkpoint that brawn train writes and brawn eval, predict,
// export and train --resume read, and inference with the saved data
// scaling.
//
// # Layer
//
// Layer 4: model sits above nn and data and below the training callbacks
// and the CLI (cmd/brawn). It may import nn, data, kernels, checkpoint,
// internal/atomicfile, internal/workpool and the standard library.
// (kernels gives the predictions' row-wise softmax and argmax; workpool
// converts inference's rows in parallel.)
//
// # Architecture
//
// A Spec is a list of layers in PyTorch's names and constructor arguments,
// e.g. Linear(784, 256), ReLU(), Dropout(0.2), or Conv2d(1, 32, 3,
// padding=1), ReLU(), Flatten() for images; its String is the PyTorch
// module string "Sequential(Linear(784, 256), ReLU(), ...)" and
// ParseModule reads one back (ParseModuleFor, given the input's shape).
// Sizes may be (h, w) tuples and a Residual block takes its branches as
// Sequential(...) arguments. A network on images also records their
// [C, H, W] (Spec.Input, "brawn.input_shape"), which the module string
// does not say. SpecOf describes a built *nn.Sequential, and
// Spec.Build builds one. MLP is the architecture the CLI's flags describe
// (hidden sizes, activation, dropout, batch normalisation, outputs), which
// checkpoints record as "brawn.architecture".
//
// # Checkpoint
//
// Save writes a Model as a safetensors file (checkpoint.Write: CRC-32C
// checksums, atomic replace): the weights under their PyTorch state_dict
// names ("0.weight", "0.bias", ...), so that
// torch.nn.Sequential(...).load_state_dict reads them after dropping the
// "brawn.state." tensors, and string metadata (see the Meta constants):
// the module string, the feature scaling, a regression's target scaling,
// the class names, the per-epoch history, the training data's identity,
// the training configuration and, for a resumable checkpoint, the
// trainer's state. Load reads it back and refuses, naming the file and
// the entry, anything that does not fit together. WeightsOnly is the
// inference part of a Model (brawn export, train --save-weights).
//
// # Inference
//
// Predict runs a loaded model on raw features: it scales them as the
// training data were and returns class probabilities or a regression's
// targets in their own units. PredictData does the same for a
// data.Dataset already scaled (Scaler.Apply), and Evaluate scores the
// model on labelled data (loss, accuracy and confusion matrix, or R², MSE
// and MAE). All three run Infer, which streams the dataset: it converts a
// batch of rows to float32 at a time, on every thread, into buffers
// allocated once, so the memory inference takes besides the dataset (image
// bytes stay bytes) does not grow with it, and runs the network on blocks
// of a fixed number of rows, so that the results are the same bits for
// any batch size and thread count. The exception is a network that
// normalises with its batch's statistics in evaluation too
// (nn.Sequential.BatchStatistics: a BatchNorm1d or BatchNorm2d without
// running statistics): its outputs depend on the rows a row runs with, as
// in PyTorch, so Infer runs it on the caller's batches and its results
// change with the batch size (see Infer).
//
// # Scores
//
// NewClassificationReport scores a classifier from its confusion matrix
// (Evaluation.Confusion) as scikit-learn's classification_report does
// (brawn eval prints both); ScoreRegression scores a regression as its
// r2_score, mean_squared_error and mean_absolute_error.
package model
