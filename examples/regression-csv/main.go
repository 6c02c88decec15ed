// Command regression-csv trains a regression network on a CSV file with a
// header row: features and targets are standardized on the training split,
// the loss is MSE with a cosine learning-rate schedule, and it reports R², MSE and MAE of the held-out test split
// in the targets' own units. testdata/synthetic.csv is y = 2a − 3b + 4c² + 1.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

var (
	csvPath   = flag.String("csv", "examples/regression-csv/testdata/synthetic.csv", "CSV file with a header row")
	target    = flag.String("target", "y", "target column, by name or index (several: y1,y2)")
	epochs    = flag.Int("epochs", 200, "epochs to train")
	testSplit = flag.Float64("test-split", 0.2, "fraction of the rows held out for the test scores")
	save      = flag.String("save", "", "write the model here (brawn eval and predict --model read it)")
)

func main() {
	flag.Parse()
	all, err := data.ReadCSV(*csvPath, data.CSVOptions{LabelColumn: *target, Task: data.TaskRegression})
	check(err)
	train, test, err := all.SplitValidation(*testSplit, 1)
	check(err)
	scaler, err := data.FitScaler(data.NormStandard, train)
	check(err)
	check(scaler.Apply(train)) // the test split stays raw: Model.Predict scales it
	targets, err := data.FitTargetScaler(train)
	check(err)
	standardized := *train
	standardized.Targets = targets.Transform(train.Targets)

	arch := &model.MLP{Inputs: train.Features, Hidden: []int{32, 16}, Outputs: train.Outputs, Activation: "relu"}
	net, err := arch.Build()
	check(err)
	opt, err := nn.NewAdam(nn.Groups(net.Params(), 1e-2, 0, false), nn.DefaultAdamConfig())
	check(err)
	cosine, err := nn.NewCosineAnnealingLR(opt, *epochs, 0) // the rate decays to 0 over the run
	check(err)
	tr := &nn.Trainer{Model: net, Loss: nn.NewMSELoss(), Optimizer: opt, BatchSize: 16, Epochs: *epochs, RNG: nn.NewRNG(1),
		Callbacks: []nn.Callback{nn.NewLRScheduler(cosine)}}
	check(tr.Fit(context.Background(), &standardized, nil))

	m := &model.Model{Net: net, Arch: arch, Scaler: scaler, Targets: model.NewTargets(train, targets), Epoch: tr.Epoch()}
	pred, err := m.Predict(test.Matrix(), 256)
	check(err)
	fmt.Printf("test (%d rows): %s\n", test.Len(), model.ScoreRegression(pred.Targets, test.Targets, test.Outputs))
	if *save != "" {
		check(model.Save(*save, m))
	}
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
