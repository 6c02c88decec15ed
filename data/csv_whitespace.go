package data

// whitespaceFields rewrites content whose fields are separated by runs of
// spaces and tabs (CSVOptions.Whitespace) as tab-separated: each run
// between two fields becomes one tab, and the runs at the start and end of
// a line go. Inside double quotes nothing changes, so a quoted field keeps
// its spaces. Lines stay where they are, so errors name the file's lines.
func whitespaceFields(content []byte) []byte {
	out := make([]byte, 0, len(content))
	quoted, pending := false, false // pending: a run of blanks after a field
	lineStart := true
	for _, c := range content {
		switch {
		case quoted:
			quoted = c != '"'
		case c == ' ' || c == '\t':
			pending = !lineStart
			continue
		case c == '\r' || c == '\n':
			pending, lineStart = false, c == '\n'
			out = append(out, c)
			continue
		case c == '"':
			quoted = true
		}
		if pending {
			out = append(out, '\t')
			pending = false
		}
		lineStart = false
		out = append(out, c)
	}
	return out
}
