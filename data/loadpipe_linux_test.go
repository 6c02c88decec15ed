package data

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// LoadFile tells an IDX file from CSV by its content and reads it from
// the file it opened to look: a pipe, such as bash's <(zcat
// train-images.gz), can be read only once. It used to open the file
// again, which found the pipe empty.
func TestLoadFileReadsContentDetectedIDXOnce(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			dir := t.TempDir()
			images := idxBytes(0x08, []uint32{3, 1, 2}, []byte{0, 255, 51, 102, 153, 204})
			if gz {
				images = gzipBytes(t, images)
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, "train-labels.bin"), idxBytes(0x08, []uint32{3}, []byte{1, 0, 1}), 0o644))
			r, w, err := os.Pipe()
			require.NoError(t, err)
			defer r.Close()
			_, err = w.Write(images) // less than a pipe holds
			require.NoError(t, err)
			require.NoError(t, w.Close())
			// Not named as IDX, so that LoadFile reads its content to tell.
			path := filepath.Join(dir, "train-images.bin")
			require.NoError(t, os.Symlink(fmt.Sprintf("/dev/fd/%d", r.Fd()), path))

			d, err := LoadFile(path, CSVOptions{})
			require.NoError(t, err)
			require.Equal(t, []int{1, 0, 1}, d.Y)
			require.Equal(t, []float32{0, 1, 0.2, 0.4, 0.6, 0.8}, d.Matrix())
		})
	}
}
