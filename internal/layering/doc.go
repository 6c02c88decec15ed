// Package layering holds the test that keeps brawn's packages in their
// layers; it has no code of its own.
//
// Every package but the commands (package main: cmd/brawn and the
// examples, which may import anything) states its layer in its package
// documentation, in one paragraph of the form
//
//	Layer N: who sits above and below it. It may import A, B and C.
//
// N is the package's floor: a package imports only packages of lower
// layers. The list names what its non-test files may import: brawn's
// packages by their path inside the module (kernels, internal/atomicfile),
// other modules' packages by their import path, which allows the packages
// under it too (gonum.org/v1/plot), and "the standard library". The test
// reads these paragraphs and the imports of every package, for each
// operating system, architecture and build tag brawn's files name, and
// fails with the file, the package and the import that breaks them.
//
// Inside a package, no files may use each other in a loop: TestNoFileLoops
// type-checks every package in each of those contexts and fails with the
// files of a loop and one reference for each use between them (file A
// uses file B when A calls or names a function, a method or a package
// variable that B declares; see the test for what counts).
//
// Layer 0: a leaf. It may import the standard library.
package layering
