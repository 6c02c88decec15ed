// Package cputime reads the CPU time the process has used, for
// benchmarks that report work per CPU-second: on a machine shared with
// other load, wall-clock rates fall with the CPU share the process gets,
// while rates per CPU-second fall far less.
//
// Layer 0: a leaf. It may import the standard library.
package cputime
