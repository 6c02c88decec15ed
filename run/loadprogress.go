package run

import (
	"io"
	"time"

	"github.com/brawn-ml/brawn/callbacks"
)

// ShowLoading sets d.Progress to show the loading of large CSV files on w
// (callbacks.LoadProgress), a line every logEvery seconds off a terminal,
// as brawn train and eval show it.
func (d *DataConfig) ShowLoading(w io.Writer, logEvery float64) {
	d.Progress = callbacks.NewLoadProgress(w, time.Duration(logEvery*float64(time.Second))).Reading
}
