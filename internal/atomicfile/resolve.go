package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// target is where Write puts a path's content.
type target struct {
	// path is the file to replace or write: the path given with its
	// symbolic links followed, in a directory without symbolic links.
	path string
	// inPlace marks an existing file that is not a regular one (a fifo, a
	// device, an open file named through /proc): it is written, not
	// replaced.
	inPlace bool
	// replacing marks an existing regular file, whose permissions perm
	// the file replacing it keeps, as a file rewritten in place would.
	replacing bool
	perm      os.FileMode
}

// maxLinks bounds the symbolic links followed, as Linux's ELOOP does.
const maxLinks = 40

// errIsDir is the reason given for a path that names a directory.
var errIsDir = errors.New("is a directory, not a file")

// Check returns the error Write would give for path because of what path
// names, without writing anything: path is a directory (or ends in a
// separator), its directory does not exist or is not a directory, or its
// symbolic links loop. The error is an *fs.PathError with Op "write" and
// Path path whose Err says what is wrong; nil when Write can go ahead.
// Programs use it to refuse an output path before long work.
func Check(path string) error {
	_, err := resolve(path)
	return err
}

// InPlace reports whether Write writes path in place, appending (a fifo,
// a device, an open file named through /proc such as /dev/stdout, even
// when a shell redirected it to a regular file), rather than replacing
// it, with Check's error when it can do neither. A writer that keeps a
// file whole by rewriting it must, in place, write only what is new.
func InPlace(path string) (bool, error) {
	t, err := resolve(path)
	return t.inPlace, err
}

// resolve follows path's symbolic links to the file Write is to write.
func resolve(path string) (target, error) {
	fail := func(err error) (target, error) {
		return target{}, &fs.PathError{Op: "write", Path: path, Err: err}
	}
	p := path
	for links := 0; ; links++ {
		if p == "" {
			return fail(errors.New("empty file name"))
		}
		if os.IsPathSeparator(p[len(p)-1]) {
			return fail(errIsDir)
		}
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
			// A new file: its directory must exist.
			dir, err := realDir(p)
			if err != nil {
				return fail(err)
			}
			return target{path: filepath.Join(dir, filepath.Base(p))}, nil
		case err != nil:
			return fail(err)
		case fi.Mode()&fs.ModeSymlink != 0:
			if namesOpenFile(p) {
				// /proc/self/fd/1 and the like point at open files, some
				// of which (pipes, sockets, deleted files) have no path.
				return target{path: p, inPlace: true}, nil
			}
			if links == maxLinks {
				return fail(errors.New("too many levels of symbolic links"))
			}
			dest, err := os.Readlink(p)
			if err != nil {
				return fail(err)
			}
			if !filepath.IsAbs(dest) {
				// Relative to the link's directory; not cleaned, since a
				// ".." after a symbolic link is the kernel's to resolve.
				dir, err := realDir(p)
				if err != nil {
					return fail(err)
				}
				dest = dir + string(filepath.Separator) + dest
			}
			p = dest
		case fi.IsDir():
			return fail(errIsDir)
		case fi.Mode().IsRegular():
			dir, err := realDir(p)
			if err != nil {
				return fail(err)
			}
			return target{path: filepath.Join(dir, filepath.Base(p)), replacing: true, perm: fi.Mode().Perm()}, nil
		default:
			return target{path: p, inPlace: true}, nil
		}
	}
}

// realDir returns the directory holding p with its symbolic links
// followed, or an error saying why there is none: the first ancestor
// that is not a directory, or the directory that does not exist.
func realDir(p string) (string, error) {
	dir := dirOf(p)
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		st, err := os.Stat(real)
		if err != nil {
			return "", err
		}
		if !st.IsDir() {
			return "", fmt.Errorf("%s is not a directory", dir)
		}
		return real, nil
	}
	if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		return "", err
	}
	for d := dir; ; {
		st, err := os.Stat(d)
		if err == nil {
			if !st.IsDir() {
				return "", fmt.Errorf("%s is not a directory", d)
			}
			break
		}
		up := dirOf(d)
		if up == d {
			break
		}
		d = up
	}
	return "", fmt.Errorf("the directory %s does not exist", dir)
}
