package model

// Metadata keys of a checkpoint, and the prefix of its training-state
// entries. Files written before a key existed load without it. Every value
// is a string; JSON unless said otherwise.
const (
	MetaArchitecture = "brawn.architecture"   // MLP, when the network is one
	MetaPyTorch      = "brawn.pytorch_module" // Spec.String (plain text)
	MetaInputShape   = "brawn.input_shape"    // Spec.Input, [C, H, W], for a network whose samples are not vectors
	MetaTask         = "brawn.task"           // {"classes", "outputs"}, for a network without MetaArchitecture
	MetaConfig       = "brawn.config"         // Model.Config
	MetaClassNames   = "brawn.class_names"    // Model.ClassNames
	MetaScaler       = "brawn.scaler"         // {"method", "offset", "scale"}
	MetaTargets      = "brawn.targets"        // Targets
	MetaFeatures     = "brawn.feature_names"  // Model.FeatureNames
	MetaHistory      = "brawn.history"        // []EpochMetrics
	MetaEpoch        = "brawn.epoch"          // completed epochs (decimal)
	MetaTrainData    = "brawn.train_data"     // DataIdentity
	MetaValData      = "brawn.val_data"       // DataIdentity of the validation set
	MetaContents     = "brawn.contents"       // ContentsWeights for a weights-only file
	MetaKernels      = "brawn.kernels"        // Model.Kernels (plain text)
	MetaVersion      = "brawn.version"        // "1"
	// StatePrefix starts the names of the training state's entries:
	// nn.State tensors as F32 tensors, its scalars and words as metadata
	// (nn.State.Strings), e.g. "brawn.state.optim.step".
	StatePrefix = "brawn.state."
	// ContentsWeights is MetaContents of a weights-only file; a full
	// checkpoint has no MetaContents entry.
	ContentsWeights = "weights"
)

// scalerJSON is the MetaScaler entry.
type scalerJSON struct {
	Method string    `json:"method"`
	Offset []float32 `json:"offset"`
	Scale  []float32 `json:"scale"`
}

// taskJSON is the MetaTask entry.
type taskJSON struct {
	Classes int `json:"classes"`
	Outputs int `json:"outputs"`
}
