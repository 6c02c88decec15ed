package layering

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNoFileLoops checks that no two files of a package use each other, in
// a loop of any length, for every build context of contexts().
//
// The rule: file A uses file B when an identifier in A (in a function, a
// method, an initializer or a declaration) refers to a function, a method
// or a package-level variable declared in B. A call through an interface
// refers to the interface's method, so it counts for the file that declares
// the interface, not for the files of its implementations. References to
// types, constants, struct fields and labels do not count: a type is a
// name for a shape that many files share, and counting it would make
// nearly every package one loop. Methods of generic types count for the
// file of their generic declaration.
//
// Only files of one package can close such a loop: a loop across packages
// would need two packages that import each other, which Go refuses and
// TestLayers forbids at the level of packages.
//
// A package's files are type-checked from source, the module's own
// packages with the files of the context, the standard library and other
// modules once with the default context (their exported API is the same
// everywhere brawn builds).
func TestNoFileLoops(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module from source for every build context")
	}
	for _, msg := range checkFileLoops(t, root, nil) {
		t.Error(msg)
	}
}

// TestFileLoopsCatchALoop writes a package whose two files call each other
// and a third that only uses them, and checks that the report names the
// two files, a reference each way and nothing about the third.
func TestFileLoopsCatchALoop(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":     "module " + module + "\n\ngo 1.26\n",
		"loop/a.go":  "package loop\n\nfunc A(n int) int {\n\tif n == 0 {\n\t\treturn 0\n\t}\n\treturn B(n - 1)\n}\n",
		"loop/b.go":  "package loop\n\nimport \"strings\"\n\nvar count int\n\nfunc B(n int) int {\n\tcount++\n\t_ = strings.ToUpper(\"b\")\n\treturn A(n)\n}\n",
		"loop/c.go":  "package loop\n\ntype T struct{}\n\nconst K = 1\n\nfunc C() int { return A(K) + B(K) + count }\n",
		"loop/d.go":  "package loop\n\n// D uses only types and constants of c.go, which c.go does not count.\nfunc D() T { return T{} }\n\nfunc init() { _ = K }\n",
		"loop/e.go":  "package loop\n\nvar E = C\n",
		"iface/i.go": "package iface\n\ntype I interface{ M() }\n\nfunc Call(i I) { i.M() }\n",
		"iface/m.go": "package iface\n\ntype S struct{}\n\nfunc (S) M() { Call(nil) }\n",
	})
	got := checkFileLoops(t, dir, nil)
	if len(got) != 1 {
		t.Fatalf("got %d reports, want 1 (a.go and b.go; the interface call in iface/i.go uses only i.go):\n%s", len(got), strings.Join(got, "\n"))
	}
	for _, want := range []string{
		"loop/a.go loop/b.go",
		"loop/a.go:7:9 uses B of loop/b.go",
		"loop/b.go:10:9 uses A of loop/a.go",
	} {
		if !strings.Contains(got[0], want) {
			t.Errorf("the report lacks %q; it is:\n%s", want, got[0])
		}
	}
	if strings.Contains(got[0], "c.go") || strings.Contains(got[0], "e.go") {
		t.Errorf("the report names a file outside the loop:\n%s", got[0])
	}
	if got := checkFileLoops(t, dir, map[string]bool{"loop/a.go loop/b.go": true}); len(got) != 0 {
		t.Errorf("an allowed loop is reported:\n%s", strings.Join(got, "\n"))
	}
}

// use is one reference from a file to another: where, and the name used.
type use struct {
	pos  token.Position
	name string
}

// checkFileLoops returns one message per loop of files found in the module
// at dir, in any build context, leaving out the loops in allowed (each the
// sorted module-relative paths of its files, joined by spaces).
func checkFileLoops(t *testing.T, dir string, allowed map[string]bool) []string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	// The standard library and other modules, type-checked once.
	outside := importer.ForCompiler(fset, "source", nil).(types.ImporterFrom)
	dirs, err := packageDirs(abs)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	cache := map[string]*checked{}
	var msgs []string
	for _, ctx := range contexts() {
		l := &loader{fset: fset, ctx: ctx, root: abs, outside: outside, cache: cache, keys: map[string]string{}}
		for _, d := range dirs {
			c, err := l.load(d)
			if err != nil {
				t.Fatalf("%s/%s: %v", ctx.GOOS, ctx.GOARCH, err)
			}
			if c == nil {
				continue // no files in this context
			}
			for _, loop := range loops(c.edges) {
				key := strings.Join(relNames(abs, loop), " ")
				if allowed[key] || seen[key] {
					continue
				}
				seen[key] = true
				msgs = append(msgs, describeLoop(loop, c.edges, abs, ctx))
			}
		}
	}
	slices.Sort(msgs)
	return msgs
}

// packageDirs lists the directories under root that may hold a package,
// leaving out testdata and hidden ones as the go command does.
func packageDirs(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		dirs = append(dirs, p)
		return nil
	})
	return dirs, err
}

// checked is one type-checked package of the module and its file graph:
// edges[a][b] is the first reference from file a to file b.
type checked struct {
	pkg   *types.Package
	edges map[string]map[string]use
}

// loader type-checks the module's packages for one build context.
type loader struct {
	fset    *token.FileSet
	ctx     build.Context
	root    string
	outside types.ImporterFrom
	// cache holds the packages checked in every context so far, by the
	// key of key; keys holds this context's keys, by directory.
	cache map[string]*checked
	keys  map[string]string
}

// key names the package in dir as l's context builds it: its files and the
// keys of the module's packages it imports, so that two contexts that
// build it and its imports from the same files share its check. It is ""
// when dir has no Go files in this context.
func (l *loader) key(dir string) (string, error) {
	if k, ok := l.keys[dir]; ok {
		return k, nil
	}
	bp, err := l.ctx.ImportDir(dir, 0)
	if err != nil {
		if _, ok := err.(*build.NoGoError); ok {
			l.keys[dir] = ""
			return "", nil
		}
		return "", err
	}
	k := fmt.Sprint(dir, bp.GoFiles, bp.CgoFiles)
	for _, imp := range bp.Imports {
		if imp == module || strings.HasPrefix(imp, module+"/") {
			sub, err := l.key(l.dir(imp))
			if err != nil {
				return "", err
			}
			k += "\n" + sub
		}
	}
	l.keys[dir] = k
	return k, nil
}

// dir returns the directory of the module's package path.
func (l *loader) dir(path string) string {
	return filepath.Join(l.root, filepath.FromSlash(strings.TrimPrefix(path, module)))
}

// ImportFrom is types.ImporterFrom: the module's packages from their files
// in l's context, the others from outside.
func (l *loader) ImportFrom(path, dir string, mode types.ImportMode) (*types.Package, error) {
	if path == module || strings.HasPrefix(path, module+"/") {
		c, err := l.load(l.dir(path))
		if err != nil {
			return nil, err
		}
		if c == nil {
			return nil, fmt.Errorf("package %s has no files for %s/%s", path, l.ctx.GOOS, l.ctx.GOARCH)
		}
		return c.pkg, nil
	}
	return l.outside.ImportFrom(path, dir, mode)
}

// Import is types.Importer.
func (l *loader) Import(path string) (*types.Package, error) {
	return l.ImportFrom(path, l.root, 0)
}

// load type-checks the package in dir (nil when it has no Go files in l's
// context) and works out its file graph.
func (l *loader) load(dir string) (*checked, error) {
	key, err := l.key(dir)
	if key == "" || err != nil {
		return nil, err
	}
	if c, ok := l.cache[key]; ok {
		return c, nil
	}
	bp, err := l.ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, name := range slices.Concat(bp.GoFiles, bp.CgoFiles) {
		f, err := parser.ParseFile(l.fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: l, FakeImportC: true, GoVersion: "go1.26"}
	pkg, err := conf.Check(bp.ImportPath, l.fset, files, info)
	if err != nil {
		return nil, fmt.Errorf("type-checking %s: %v", dir, err)
	}
	c := &checked{pkg: pkg, edges: map[string]map[string]use{}}
	for id, obj := range info.Uses {
		if obj.Pkg() != pkg || !counts(obj) {
			continue
		}
		if f, ok := obj.(*types.Func); ok {
			obj = f.Origin()
		}
		from, to := l.fset.Position(id.Pos()), l.fset.Position(obj.Pos())
		if from.Filename == to.Filename {
			continue
		}
		out := c.edges[from.Filename]
		if out == nil {
			out = map[string]use{}
			c.edges[from.Filename] = out
		}
		if u, ok := out[to.Filename]; !ok || before(from, u.pos) {
			out[to.Filename] = use{pos: from, name: id.Name}
		}
	}
	l.cache[key] = c
	return c, nil
}

// counts reports whether a reference to obj makes a file use obj's file:
// obj is a function, a method (an interface's too) or a package-level
// variable.
func counts(obj types.Object) bool {
	switch o := obj.(type) {
	case *types.Func:
		return true
	case *types.Var:
		return !o.IsField() && o.Parent() == o.Pkg().Scope()
	}
	return false
}

// before orders positions within a file.
func before(a, b token.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
}

// loops returns the strongly connected components of more than one file of
// the graph edges, each sorted, by Tarjan's algorithm.
func loops(edges map[string]map[string]use) [][]string {
	var nodes []string
	for a, out := range edges {
		nodes = append(nodes, a)
		for b := range out {
			nodes = append(nodes, b)
		}
	}
	slices.Sort(nodes)
	nodes = slices.Compact(nodes)
	index, low, onStack := map[string]int{}, map[string]int{}, map[string]bool{}
	var stack []string
	var sccs [][]string
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = len(index), len(index)
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range slices.Sorted(mapKeys(edges[v])) {
			if _, ok := index[w]; !ok {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var scc []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			scc = append(scc, w)
			if w == v {
				break
			}
		}
		if len(scc) > 1 {
			slices.Sort(scc)
			sccs = append(sccs, scc)
		}
	}
	for _, v := range nodes {
		if _, ok := index[v]; !ok {
			visit(v)
		}
	}
	return sccs
}

// mapKeys returns m's keys, in no order.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// rel returns path relative to root, slash-separated.
func rel(root, path string) string {
	r, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}

// relNames returns paths relative to root.
func relNames(root string, paths []string) []string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = rel(root, p)
	}
	return names
}

// describeLoop names the files of loop and one reference for each use
// between two of them.
func describeLoop(loop []string, edges map[string]map[string]use, root string, ctx build.Context) string {
	var b strings.Builder
	fmt.Fprintf(&b, "files that use each other in a loop (%s/%s, tags %v): %s", ctx.GOOS, ctx.GOARCH, ctx.BuildTags, strings.Join(relNames(root, loop), " "))
	for _, a := range loop {
		for _, bf := range loop {
			if u, ok := edges[a][bf]; ok {
				fmt.Fprintf(&b, "\n\t%s:%d:%d uses %s of %s", rel(root, u.pos.Filename), u.pos.Line, u.pos.Column, u.name, rel(root, bf))
			}
		}
	}
	return b.String()
}
