package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --save with Keras's ModelCheckpoint fields writes a file per epoch due a
// save, named by the epoch and its validation loss.
func TestSaveTemplate(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	metrics := filepath.Join(dir, "m.json")
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "5", "--save-every", "2", "--val-split", "0.3", "--json", metrics,
		"--save", filepath.Join(dir, "ck-{epoch:02d}-{val_loss:.4f}.safetensors"))...)
	require.NoError(t, err)
	epochs := readMetrics(t, metrics)["epochs"].([]any)
	name := func(epoch int) string {
		return filepath.Join(dir, fmt.Sprintf("ck-%02d-%.4f.safetensors", epoch, epochs[epoch-1].(map[string]any)["val_loss"].(float64)))
	}
	files, err := filepath.Glob(filepath.Join(dir, "ck-*"))
	require.NoError(t, err)
	assert.Equal(t, []string{name(2), name(4), name(5)}, files, "epochs 2 and 4 (--save-every 2), and the last")
	assert.Contains(t, out, "saved the model to "+name(5)+"\n")
	out, _, err = runCLI(context.Background(), "eval", "--model", name(4), "--test", test)
	require.NoError(t, err)
	assert.Contains(t, out, "epochs trained: 4")
}

// With --resume auto, a run interrupted in its third epoch saves its
// position to brawn-interrupted.safetensors (the template names whole
// epochs) and says so; the same command continues from the latest epoch's
// file, and ends with the files of the run trained through, bit for bit.
func TestSaveTemplateResumeAuto(t *testing.T) {
	train, test := blobFiles(t)
	t.Chdir(t.TempDir())
	through := filepath.Join(t.TempDir(), "ck-{epoch}.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "4", "--save", through, "--resume", "auto")...)
	require.NoError(t, err)

	dir := t.TempDir()
	tmpl := filepath.Join(dir, "ck-{epoch}.safetensors")
	args := blobArgs(train, test, "--epochs", "4", "--save", tmpl, "--resume", "auto")
	err = runInterrupted(t, 2*19+3, args...)
	assert.Contains(t, err.Error(), "interrupted in epoch 3 after step 3 (global step 41): saved the run to brawn-interrupted.safetensors; continue it with the same flags and --resume brawn-interrupted.safetensors (--resume auto continues the latest whole epoch --save "+tmpl+" names: "+filepath.Join(dir, "ck-2.safetensors")+", after epoch 2)")
	out, _, err := runCLI(context.Background(), args...)
	require.NoError(t, err)
	assert.Contains(t, out, "--resume auto: resuming "+filepath.Join(dir, "ck-2.safetensors")+" at the start of epoch 3")
	for epoch := 1; epoch <= 4; epoch++ {
		a, _ := readSafetensors(t, strings.Replace(through, "{epoch}", fmt.Sprint(epoch), 1))
		b, _ := readSafetensors(t, filepath.Join(dir, fmt.Sprintf("ck-%d.safetensors", epoch)))
		requireSameBits(t, a, b, "trained through", "interrupted and resumed")
	}
	out, _, err = runCLI(context.Background(), args...)
	require.NoError(t, err)
	assert.Contains(t, out, "--resume auto: the run in "+filepath.Join(dir, "ck-4.safetensors")+" is complete")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "ck-04.safetensors"), nil, 0o644))
	_, _, err = runCLI(context.Background(), args...)
	require.EqualError(t, err, "--resume auto: "+filepath.Join(dir, "ck-04.safetensors")+" and "+filepath.Join(dir, "ck-4.safetensors")+" are both epoch 4's files of --save "+tmpl+"; move the one of another run away, or give --resume FILE")
}

// The file of the epoch that stops early holds that epoch's weights, as
// eval says, and the run says which file holds the weights it kept. (With
// a --early-stop-min-delta of 100 only the first epoch watched, 3,
// improves, and 4 stops the run.)
func TestSaveTemplateEarlyStop(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	ck := func(epoch int) string { return filepath.Join(dir, fmt.Sprintf("ck-%d.safetensors", epoch)) }
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--epochs", "20", "--val-split", "0.3", "--save", filepath.Join(dir, "ck-{epoch}.safetensors"),
		"--early-stop", "1", "--early-stop-min-delta", "100", "--early-stop-start-from-epoch", "2")...)
	require.NoError(t, err)
	assert.Contains(t, out, "stopped early after epoch 4")
	assert.Contains(t, out, "saved the model to "+ck(4)+"; the weights early stopping kept, epoch 3's, are in "+ck(3)+"\n")
	out, _, err = runCLI(context.Background(), "eval", "--model", ck(4), "--test", test)
	require.NoError(t, err)
	assert.Contains(t, out, "epochs trained: 4 (stopped early, keeping its last weights; the best validation loss was epoch 3's)\n")
	out, _, err = runCLI(context.Background(), "eval", "--model", ck(3), "--test", test)
	require.NoError(t, err)
	assert.Contains(t, out, "epochs trained: 3\n")
}

// What a template cannot be.
func TestSaveTemplateErrors(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	for _, c := range []struct {
		save string
		more []string
		want string
	}{
		{"ck-{val_f1}.st", nil, `invalid --save "ck-{val_f1}.st": is a file name template, as Keras's ModelCheckpoint takes: unknown field {val_f1}; the fields are {epoch}, {loss}, {accuracy}, {val_loss}, {val_accuracy}`},
		{"ck-{val_loss:.3f}.st", nil, `invalid --save "ck-{val_loss:.3f}.st": has the field {val_loss}, which needs a validation set: add --val-split, e.g. --val-split 0.1, or --val FILE`},
		{"ck-{loss:.3f}.st", []string{"--resume", "auto"}, `invalid --save "ck-{loss:.3f}.st": is a template without {epoch}: --resume auto finds the latest file by its epoch; add {epoch}, or give --resume FILE`},
		{"ck-{epoch:q}.st", nil, `the format "q" is not one brawn formats`},
	} {
		_, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--save", filepath.Join(dir, c.save)}, c.more...)...)...)
		require.ErrorContains(t, err, strings.Replace(c.want, `"ck-`, `"`+filepath.Join(dir, "ck-"), 1), c.save)
	}
}
