package data

// blankState rewrites a text whose fields are separated by runs of
// spaces and tabs (CSVOptions.Whitespace) as tab-separated, part by part
// (rewrite), keeping its state between two parts: each run between two
// fields becomes one tab, and the runs at the start and end of a line go.
// Inside double quotes nothing changes, so a quoted field keeps its
// spaces. Lines stay where they are, so errors name the file's lines. A
// text starts with lineStart set.
type blankState struct {
	quoted, pending bool // pending: a run of blanks after a field
	lineStart       bool
}

// rewrite appends the rewritten text of in, the next part of the text, to
// out.
func (s *blankState) rewrite(out, in []byte) []byte {
	for _, c := range in {
		switch {
		case s.quoted:
			s.quoted = c != '"'
		case c == ' ' || c == '\t':
			s.pending = !s.lineStart
			continue
		case c == '\r' || c == '\n':
			s.pending, s.lineStart = false, c == '\n'
			out = append(out, c)
			continue
		case c == '"':
			s.quoted = true
		}
		if s.pending {
			out = append(out, '\t')
			s.pending = false
		}
		s.lineStart = false
		out = append(out, c)
	}
	return out
}
