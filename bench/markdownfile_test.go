package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkdownSection(t *testing.T) {
	assert.Equal(t, "## Memory\n\nm\n", markdownSection([]byte("## Memory\n\nm\n\n\n"), "## Memory"))
	assert.Equal(t, "## Memory\nm\n", markdownSection([]byte("# t\n## Memory\nm\n## Next\n"), "## Memory"))
	assert.Equal(t, "", markdownSection([]byte("# t\n## Memory usage\nm\n"), "## Memory"))
	assert.Equal(t, "", markdownSection(nil, "## Memory"))
}

// WriteMarkdownFile replaces the report but carries the hand-measured
// sections of the old one over to its end, in handMeasured's order; with
// no old file it writes the report alone.
func TestWriteMarkdownFile(t *testing.T) {
	s := NewSuite(Config{Samples: 1})
	s.Tables = []*Table{{Title: "Copy", Header: []string{"op", "GB/s"}, Rows: [][]string{{"copy", "10"}}}}
	date := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	var fresh strings.Builder
	require.NoError(t, s.WriteMarkdown(&fresh, date, []string{"brawn bench"}, ""))

	dir := t.TempDir()
	md := filepath.Join(dir, "BENCH.md")
	require.NoError(t, s.WriteMarkdownFile(md, date, []string{"brawn bench"}, ""))
	b, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Equal(t, fresh.String(), string(b), "no old report: the report alone")

	memory := "## Memory\n\nPeak RSS 100 MB.\n"
	mpi := "## Distributed training (MPI)\n\n| ranks |\n"
	require.NoError(t, os.WriteFile(md, []byte("# old\n\n## Results\n\nold table\n\n"+mpi+"\n"+memory+"\n## Later\n\nx\n"), 0o644))
	require.NoError(t, s.WriteMarkdownFile(md, date, []string{"brawn bench"}, ""))
	b, err = os.ReadFile(md)
	require.NoError(t, err)
	assert.Equal(t, fresh.String()+"\n"+memory+"\n"+mpi, string(b))

	err = s.WriteMarkdownFile(filepath.Join(dir, "no", "BENCH.md"), date, nil, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(dir, "no"), "the error names the file's directory")
}
