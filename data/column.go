package data

import "fmt"

// FeatureName describes feature j (counted from 0) for messages: the CSV
// column it was read from, as the reader's errors name it (`column "hue"
// (index 10)`, or "column index 10" without a header, counting the label
// column), else "feature 10".
func (d *Dataset) FeatureName(j int) string {
	if j >= 0 && j < len(d.columns) {
		return d.columns[j]
	}
	return fmt.Sprintf("feature %d", j)
}
