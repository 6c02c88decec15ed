package data_test

import (
	"fmt"

	"github.com/brawn-ml/brawn/data"
)

// Text labels become class indices in sorted order; the test set reuses
// the training set's mapping and scaling.
func ExampleDecodeCSV() {
	train, err := data.DecodeCSV("train.csv", []byte("height,weight,species\n1,10,dog\n3,30,cat\n5,20,dog\n"),
		data.CSVOptions{LabelColumn: "species"})
	if err != nil {
		fmt.Println(err)
		return
	}
	test, err := data.DecodeCSV("test.csv", []byte("height,weight,species\n2,20,cat\n"),
		data.CSVOptions{LabelColumn: "species", ClassNames: train.ClassNames})
	if err != nil {
		fmt.Println(err)
		return
	}
	scaler, _ := data.FitScaler(data.NormMinMax, train)
	_ = scaler.Apply(train)
	_ = scaler.Apply(test)
	fmt.Println(train.ClassNames, train.Y, train.X)
	fmt.Println(test.Y, test.X)

	_, err = data.DecodeCSV("bad.csv", []byte("a,label\n1,0\nx,1\n"), data.CSVOptions{})
	fmt.Println(err)
	// Output:
	// [cat dog] [1 0 1] [0 0 0.5 1 1 0.5]
	// [0] [0.25 0.5]
	// bad.csv:3: column "a" (index 0): "x" is not a number
}
