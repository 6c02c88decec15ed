//go:build unix

package run

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ResolveResume resumes Save when it is a file, starts the run when
// nothing is there or when Save is a fifo (which --save writes to, and
// which holds no checkpoint), and is refused without Save; another Resume
// is left as it is.
func TestResolveResume(t *testing.T) {
	dir := t.TempDir()
	file, fifo, none := filepath.Join(dir, "ck.safetensors"), filepath.Join(dir, "fifo"), filepath.Join(dir, "none.safetensors")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	for _, c := range []struct{ resume, save, want string }{
		{ResumeAuto, file, file},
		{ResumeAuto, none, ""},
		{ResumeAuto, fifo, ""},
		{file, none, file},
		{"", file, ""},
	} {
		cfg := Config{Resume: c.resume, Save: c.save}
		require.NoError(t, cfg.ResolveResume())
		assert.Equal(t, c.want, cfg.Resume, "%+v", c)
		assert.Equal(t, c.resume, cfg.FlagValues()["resume"], "%+v: the setting as given", c)
	}
	cfg := Config{Resume: ResumeAuto}
	require.EqualError(t, cfg.ResolveResume(), `invalid --resume "auto": continues the --save checkpoint when there is one and starts the run otherwise; add --save FILE`)
}
