package layering

import (
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// module is brawn's module path; root is the module's directory, seen from
// this package's.
const (
	module = "github.com/brawn-ml/brawn"
	root   = "../.."
)

// rule is one package's layer paragraph.
type rule struct {
	layer   int
	std     bool     // the standard library
	allowed []string // brawn packages (module paths) and other modules' path prefixes
	text    string   // the paragraph, for messages
}

// layerRE finds "Layer N: ... It may import LIST." in a package comment.
// The list ends at a full stop followed by a space or the end, which no
// import path holds.
var layerRE = regexp.MustCompile(`(?s)Layer (\d+):.*?It may import (.+?)\.(?:\s|$)`)

// parseRule reads the layer paragraph of a package comment, doc.
func parseRule(doc string) (rule, error) {
	doc = strings.Join(strings.Fields(doc), " ")
	m := layerRE.FindStringSubmatch(doc)
	if m == nil {
		return rule{}, fmt.Errorf(`no layer paragraph ("Layer N: ... It may import ...") in its package documentation`)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return rule{}, err
	}
	r := rule{layer: n, text: strings.TrimSpace(m[0])}
	list := strings.ReplaceAll(m[2], ", and ", ", ")
	list = strings.ReplaceAll(list, " and ", ", ")
	for _, item := range strings.Split(list, ", ") {
		switch item = strings.TrimSpace(item); {
		case item == "the standard library":
			r.std = true
		case strings.ContainsAny(item, " "):
			return rule{}, fmt.Errorf("%q in %q is neither an import path nor \"the standard library\"", item, m[0])
		case isStd(item):
			r.allowed = append(r.allowed, module+"/"+item)
		default:
			r.allowed = append(r.allowed, item)
		}
	}
	return r, nil
}

// isStd reports whether path is a standard-library path (no dot in its
// first element), "C" (cgo) included.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// allows reports whether r lets a package import path.
func (r rule) allows(path string) bool {
	if isStd(path) {
		return r.std
	}
	for _, a := range r.allowed {
		if path == a || (!strings.HasPrefix(a, module+"/") && strings.HasPrefix(path, a+"/")) {
			return true
		}
	}
	return false
}

// pkg is one package of the module, with its imports over all contexts.
type pkg struct {
	path    string
	isMain  bool
	files   []string          // non-test Go files (cgo ones too), over all contexts
	imports map[string]string // import path -> first position importing it
}

// contexts are the build configurations whose files can differ.
func contexts() []build.Context {
	var cs []build.Context
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, arch := range []string{"amd64", "arm64"} {
			for _, tags := range [][]string{nil, {"purego"}, {"openblas"}, {"mpi"}} {
				c := build.Default
				c.GOOS, c.GOARCH, c.BuildTags, c.CgoEnabled = goos, arch, tags, true
				cs = append(cs, c)
			}
		}
	}
	return cs
}

// loadPackages returns the module's packages (testdata and hidden
// directories left out) keyed by import path.
func loadPackages(t *testing.T, dir string) map[string]*pkg {
	pkgs := map[string]*pkg{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if p != dir && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		path := module
		if rel != "." {
			path += "/" + filepath.ToSlash(rel)
		}
		for _, ctx := range contexts() {
			bp, err := ctx.ImportDir(p, 0)
			if err != nil {
				continue // no Go files for this context
			}
			k := pkgs[path]
			if k == nil {
				k = &pkg{path: path, imports: map[string]string{}}
				pkgs[path] = k
			}
			k.isMain = bp.Name == "main"
			for _, f := range slices.Concat(bp.GoFiles, bp.CgoFiles) {
				f = filepath.Join(p, f)
				if !slices.Contains(k.files, f) {
					k.files = append(k.files, f)
				}
			}
			for imp, pos := range bp.ImportPos {
				if _, ok := k.imports[imp]; !ok {
					f, err := filepath.Rel(dir, pos[0].Filename)
					if err != nil {
						return err
					}
					k.imports[imp] = fmt.Sprintf("%s:%d:%d", filepath.ToSlash(f), pos[0].Line, pos[0].Column)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// packageDoc returns the package comments of files, joined.
func packageDoc(files []string) (string, error) {
	var docs []string
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			return "", err
		}
		if af.Doc != nil {
			docs = append(docs, af.Doc.Text())
		}
	}
	return strings.Join(docs, "\n"), nil
}

// checkLayers returns one message per broken rule in the module at dir.
func checkLayers(t *testing.T, dir string) []string {
	pkgs := loadPackages(t, dir)
	rules := map[string]rule{}
	var bad []string
	for path, k := range pkgs {
		if k.isMain {
			continue
		}
		doc, err := packageDoc(k.files)
		var r rule
		if err == nil {
			r, err = parseRule(doc)
		}
		if err != nil {
			bad = append(bad, fmt.Sprintf("package %s: %v", path, err))
			continue
		}
		rules[path] = r
	}
	for path, k := range pkgs {
		r, ok := rules[path]
		if !ok {
			continue // package main, or reported above
		}
		for imp, pos := range k.imports {
			if !r.allows(imp) {
				bad = append(bad, fmt.Sprintf("%s: package %s imports %s, which its documentation does not allow (%q)", pos, path, imp, r.text))
				continue
			}
			if below, ok := rules[imp]; ok && below.layer >= r.layer {
				bad = append(bad, fmt.Sprintf("%s: package %s (layer %d) imports %s of layer %d: a package imports only lower layers", pos, path, r.layer, imp, below.layer))
			}
		}
	}
	slices.Sort(bad)
	return bad
}

// TestLayers checks every package's imports against the layer paragraph
// of its documentation.
func TestLayers(t *testing.T) {
	for _, msg := range checkLayers(t, root) {
		t.Error(msg)
	}
}

// TestLayersCatchAForbiddenImport copies two packages into a temporary
// module, the lower one importing the upper, and checks that the test
// reports the import and the layers.
func TestLayersCatchAForbiddenImport(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"low/doc.go":     "// Package low is low.\n//\n// Layer 1: below high. It may import the standard library.\npackage low\n",
		"low/low.go":     "package low\n\nimport _ \"" + module + "/high\"\n",
		"high/doc.go":    "// Package high is high.\n//\n// Layer 2: above low. It may import low and the standard library.\npackage high\n",
		"high/high.go":   "package high\n\nimport (\n\t_ \"" + module + "/low\"\n\t_ \"example.com/other\"\n)\n",
		"nodoc/nodoc.go": "package nodoc\n",
	})
	got := strings.Join(checkLayers(t, dir), "\n")
	for _, want := range []string{
		"low.go:3:8: package " + module + "/low imports " + module + "/high, which its documentation does not allow",
		"high.go:5:2: package " + module + "/high imports example.com/other, which its documentation does not allow",
		"package " + module + "/nodoc: no layer paragraph",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q; it is:\n%s", want, got)
		}
	}
}

// TestLayersCatchAnImportOfItsOwnLayer checks the layer numbers: a package
// that its rule lets import another of the same layer is still reported.
func TestLayersCatchAnImportOfItsOwnLayer(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a/a.go": "// Layer 1: beside b. It may import b and the standard library.\npackage a\n\nimport _ \"" + module + "/b\"\n",
		"b/b.go": "// Layer 1: beside a. It may import the standard library.\npackage b\n",
	})
	got := strings.Join(checkLayers(t, dir), "\n")
	if want := "package " + module + "/a (layer 1) imports " + module + "/b of layer 1"; !strings.Contains(got, want) {
		t.Errorf("the report lacks %q; it is:\n%s", want, got)
	}
}

// writeFiles writes files (text by slash-separated path) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
