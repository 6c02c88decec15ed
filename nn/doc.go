// Package nn defines and trains feed-forward neural networks on the CPU,
// on top of the kernels package (Sgemm and the elementwise kernels).
//
// Activations are batch-major row-major float32 tensors: [batch, features],
// or [batch, C, H, W] for images (NCHW, as PyTorch's). Each layer is built
// from the shape of one input sample (a Shape) and gives its output's, so
// a Sequential checks that its layers fit together and its summary shows
// each layer's output shape. A Sequential holds layers (Linear, with or
// without bias, Conv2d, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, Dropout,
// Dropout2d, BatchNorm1d, BatchNorm2d, MaxPool2d, AvgPool2d,
// AdaptiveAvgPool2d, Flatten, and Residual blocks of such layers) whose
// parameters are named as PyTorch's state_dict names them for the same
// nn.Sequential ("0.weight" stored [out, in], "0.bias", "1.running_mean",
// "2.f.0.weight" inside a Residual, ...). Each layer writes its
// forward and backward pass side by side; Backward overwrites the
// parameters' gradients (there is no accumulation across calls, so no
// zero_grad is needed).
//
// Layers are ready when they are built, as in PyTorch: NewLinear draws
// torch.nn.Linear's default weights and bias from a default generator
// that ManualSeed reseeds (torch.manual_seed), and BatchNorm1d and
// BatchNorm2d start at weight 1, bias 0. Sequential.Init applies a chosen initializer (HeNormal,
// XavierUniform, ...) from an explicit RNG; Sequential.ResetParameters
// redraws the defaults from one.
//
// Losses (CrossEntropyLoss, MSELoss, L1Loss, HuberLoss, SmoothL1Loss,
// BCEWithLogitsLoss, BCELoss), initializers, optimizers (SGD with momentum
// and Nesterov, Adam, AdamW, RMSprop, Adagrad), learning-rate schedules and
// the Trainer loop follow PyTorch's published definitions; each type's
// documentation cites its source.
//
// Buffers are allocated once per model and batch size, so a steady-state
// training step allocates nothing. Results are deterministic: the same seed
// gives bit-identical weights whatever the thread count, because every
// reduction runs in a fixed order and parallel work is split over
// independent elements only. At the generic kernel level (kernels.Generic)
// they are also the same on every architecture: the arithmetic written in
// Go, here and in kernels, rounds each product that feeds a sum explicitly
// (float32(a*b), float64(a*b); "unfused" in comments), because Go lets a
// compiler fuse a*b+c into one FMA, which it does on arm64, riscv64, s390x,
// ppc64le, loong64 and amd64 with GOAMD64=v3. Go's math functions (Exp,
// Log, Tanh, Cos...) are implemented per architecture and may differ in a
// float64's last bit: a float32 rounded from one (the generic level's
// activations and softmax, a learning rate) differs only when the two
// straddle a float32 rounding boundary, about once in 2^29 such
// differences, but a float64 value formed with them (BCELoss's loss, a
// schedule's float64 rate) can differ in its last bits.
//
// A model of Linear layers and elementwise activations trained with
// CrossEntropyLoss takes each step in three parallel regions, whatever
// the thread count: the batch by pieces of 64 rows forward, through the
// loss and back through the input gradients; the weight gradients in
// blocks of 64 output units; the optimizer's update in ranges of 16k
// values. The pieces, blocks and ranges do not depend on the thread
// count, so neither do the results. Other models run their forward and
// backward passes layer by layer, each large product split over the
// threads.
//
// Trainer.Fit calls a list of Callbacks in order at the start and end of
// training, of each epoch and after each step, as Keras's fit does; a
// callback stops training with ErrStop or fails it with an error. Two
// live here because the Trainer's resume state holds theirs
// (StatefulCallback): LRScheduler, which steps a learning-rate Scheduler
// per epoch or per step, and EarlyStopping. The callbacks package holds
// the other ready-made ones.
//
// Trainer.Comm makes Fit data-parallel over the ranks of a dist.Comm (MPI
// processes through dist/mpi, or goroutines through dist.Local), and
// Trainer.Leaf fixes the order in which a batch's gradient is summed, in
// leaves of consecutive samples, so that any number of ranks gives the
// weights of one process (package dist explains how).
//
// The Trainer and Evaluate read their samples from a *data.Dataset, the one
// dataset type the data package's readers return, gathering each batch
// into reused buffers (Batch.Gather); byte features (IDX images) are
// converted to float32 only then.
//
// Layer 3: nn sits above kernels, data and dist. It may import kernels,
// data, dist, internal/workpool and the standard library.
package nn
