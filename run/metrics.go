package run

import (
	"encoding/json"
	"fmt"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// WriteJSONFile writes v as indented JSON through a temporary file and a
// rename, so a reader never sees half a file. A value JSON cannot encode
// (a NaN float64, a channel) or a failed write is an error naming path.
func WriteJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, append(b, '\n'), 0o666); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
