package bench

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// WriteMarkdownFile writes the report WriteMarkdown writes (date, commands
// and chart as there) to the file path through a temporary file beside it,
// renamed over it, so that an interrupted run leaves the old report
// intact. The old report's sections that brawn bench does not measure (the
// level-2 headings "## Memory", "## Distributed training (MPI)" and
// "## Convolution: Conv2d's forward pass, im2col against implicit GEMM",
// measured by hand) are carried over to the end of the new one, in that
// order. It returns the error of reading the old report (none when there
// is no file) or of writing the new one, naming the file.
func (s *Suite) WriteMarkdownFile(path string, date time.Time, commands []string, chart string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		if err := s.WriteMarkdown(w, date, commands, chart); err != nil {
			return err
		}
		for _, h := range handMeasured {
			if kept := markdownSection(old, h); kept != "" {
				if _, err := io.WriteString(w, "\n"+kept); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// handMeasured are the headings of docs/BENCHMARKS.md's sections that
// brawn bench does not measure (peak memory; make bench-mpi's figures;
// the convolution's notes), carried over when it rewrites the report.
var handMeasured = []string{"## Memory", "## Distributed training (MPI)", "## Convolution: Conv2d's forward pass, im2col against implicit GEMM"}

// markdownSection returns the section of doc under the level-2 heading
// line heading, up to the next level-2 heading or the end, ending in one
// newline; "" when doc has no such heading.
func markdownSection(doc []byte, heading string) string {
	text := "\n" + string(doc)
	start := strings.Index(text, "\n"+heading+"\n")
	if start < 0 {
		return ""
	}
	section := text[start+1:]
	if end := strings.Index(section[len(heading):], "\n## "); end >= 0 {
		section = section[:len(heading)+end+1]
	}
	return strings.TrimRight(section, "\n") + "\n"
}
