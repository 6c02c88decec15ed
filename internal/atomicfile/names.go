package atomicfile

import (
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// maxNameLen is the longest file name (one path element) in bytes that
// Linux, macOS and the BSDs allow (NAME_MAX); Windows allows 255 UTF-16
// units, which 255 bytes never exceed.
const maxNameLen = 255

// tempDigits is the most digits the temporary names' random suffix has
// (os.CreateTemp writes a uint32 in decimal).
const tempDigits = 10

// tempPrefix returns the prefix of the temporary files of a target named
// base: "." + base + ".tmp", followed by up to tempDigits random digits.
// See sideName for a base too long for that to fit.
func tempPrefix(base string) string {
	return sideName(base, ".tmp", tempDigits)
}

// lockName returns the name of the lock file of a target named base:
// "." + base + ".lock" (see sideName).
func lockName(base string) string {
	return sideName(base, ".lock", 0)
}

// sideName returns "." + base + suffix, a hidden file beside the target,
// leaving room for reserve more bytes within maxNameLen. When base is too
// long for that, it is cut (at a character boundary) and followed by "~"
// and 8 hex digits of the CRC-32C of the whole base, so that the name stays
// recognisable, fits, and differs for targets that share a long beginning.
func sideName(base, suffix string, reserve int) string {
	room := maxNameLen - reserve - len(suffix) - 1
	if len(base) <= room {
		return "." + base + suffix
	}
	const tagLen = 9 // "~" and 8 hex digits
	cut := room - tagLen
	for cut > 0 && !utf8.RuneStart(base[cut]) {
		cut--
	}
	sum := crc32.Checksum([]byte(base), crc32.MakeTable(crc32.Castagnoli))
	return fmt.Sprintf(".%s~%08x%s", base[:cut], sum, suffix)
}

// isTempOf reports whether name is a temporary file name of the target
// named base: tempPrefix(base) followed by 1 to tempDigits decimal digits
// and nothing else.
func isTempOf(name, base string) bool {
	digits, ok := strings.CutPrefix(name, tempPrefix(base))
	if !ok || len(digits) == 0 || len(digits) > tempDigits {
		return false
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// dirOf returns the directory part of p as written, like filepath.Dir but
// without cleaning it: "a/link/../b" keeps its "link/..", which only the
// file system can resolve when link is a symbolic link.
func dirOf(p string) string {
	vol := filepath.VolumeName(p)
	rest := p[len(vol):]
	i := len(rest) - 1
	for i >= 0 && !os.IsPathSeparator(rest[i]) {
		i--
	}
	if i < 0 {
		if vol != "" {
			return vol
		}
		return "."
	}
	j := i
	for j > 0 && os.IsPathSeparator(rest[j-1]) {
		j--
	}
	if j == 0 {
		return vol + rest[:1] // the root
	}
	return vol + rest[:j]
}
