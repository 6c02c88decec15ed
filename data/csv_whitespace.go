package data

// whitespaceFields rewrites content whose fields are separated by runs of
// spaces and tabs (CSVOptions.Whitespace) as tab-separated: each run
// between two fields becomes one tab, and the runs at the start and end of
// a line go. Inside double quotes nothing changes, so a quoted field keeps
// its spaces. Lines stay where they are, so errors name the file's lines.
func whitespaceFields(content []byte) []byte {
	s := blankState{lineStart: true}
	return s.rewrite(make([]byte, 0, len(content)), content)
}

// blankState is whitespaceFields' state between two parts of a text.
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
