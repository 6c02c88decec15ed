package main

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

func TestFormatVersion(t *testing.T) {
	goLine := "go:       " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	stamped := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/brawn-ml/brawn", Version: "v0.0.0-20261202032529-b243642a77cd+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "-buildmode", Value: "exe"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "b243642a77cd96c65fe34764c579f2948baceff9"},
			{Key: "vcs.time", Value: "2026-12-02T03:25:29Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	assert.Equal(t, "brawn v0.0.0-20261202032529-b243642a77cd+dirty\n"+
		"revision: b243642a77cd96c65fe34764c579f2948baceff9 (2026-12-02T03:25:29Z, with uncommitted changes)\n"+
		goLine+"kernels:  avx2-fma\n", formatVersion("", stamped, kernels.AVX2, nil))

	stamped.Settings[4].Value = "false"
	assert.Equal(t, "brawn v0.0.0-20261202032529-b243642a77cd+dirty\n"+
		"revision: b243642a77cd96c65fe34764c579f2948baceff9 (2026-12-02T03:25:29Z)\n"+
		goLine+"kernels:  avx2-fma\n", formatVersion("", stamped, kernels.AVX2, nil))

	released := &debug.BuildInfo{Main: debug.Module{Path: "github.com/brawn-ml/brawn", Version: "v1.2.3"}}
	assert.Equal(t, "brawn v1.2.3\n"+
		"revision: not recorded (go build records it inside a git checkout, unless -buildvcs=false)\n"+
		goLine+"kernels:  neon\n", formatVersion("", released, kernels.NEON, nil))

	assert.Equal(t, "brawn unknown\n"+
		"revision: not recorded (go build records it inside a git checkout, unless -buildvcs=false)\n"+
		goLine+"kernels:  generic\n", formatVersion("", nil, kernels.Generic, nil))

	// A version set at link time names a build from a source archive,
	// whose module version is "(devel)".
	devel := &debug.BuildInfo{Main: debug.Module{Path: "github.com/brawn-ml/brawn", Version: "(devel)"}}
	assert.Equal(t, "brawn v1.2.3\n"+
		"revision: not recorded (go build records it inside a git checkout, unless -buildvcs=false)\n"+
		goLine+"kernels:  generic\n", formatVersion("v1.2.3", devel, kernels.Generic, nil))
	stamped.Settings[4].Value = "true"
	assert.Equal(t, "brawn v1.2.3\n"+
		"revision: b243642a77cd96c65fe34764c579f2948baceff9 (2026-12-02T03:25:29Z, with uncommitted changes)\n"+
		goLine+"kernels:  avx2-fma\n", formatVersion("v1.2.3", stamped, kernels.AVX2, nil))

	// A BRAWN_KERNELS that train would refuse is said under the level.
	bad := errors.New(`BRAWN_KERNELS="neon" asks for the neon kernels, which this CPU and build cannot run`)
	assert.Equal(t, "brawn v1.2.3\n"+
		"revision: not recorded (go build records it inside a git checkout, unless -buildvcs=false)\n"+
		goLine+"kernels:  generic\n"+
		`warning:  BRAWN_KERNELS="neon" asks for the neon kernels, which this CPU and build cannot run; until then train, eval, predict and bench refuse to run`+"\n",
		formatVersion("v1.2.3", devel, kernels.Generic, bad))
}

// go build -ldflags "-X main.version=..." names the version that brawn
// version and brawn --version print.
func TestLinkerSetsVersion(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "brawn")
	out, err := exec.Command("go", "build", "-buildvcs=false", "-ldflags", "-X main.version=v9.8.7-pkg.1", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(bin, arg).Output()
		require.NoError(t, err, arg)
		assert.True(t, strings.HasPrefix(string(out), "brawn v9.8.7-pkg.1\nrevision: not recorded"), "%s: %s", arg, out)
	}
}

// brawn --version and brawn version print the same description of the
// running binary: a test binary has no revision, and its kernel level is
// the active one.
func TestVersionFlagAndCommand(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	require.True(t, ok)
	want := formatVersion("", bi, kernels.Active(), kernelsEnvProblem())
	assert.Contains(t, want, "\ngo:       "+runtime.Version()+" ")
	assert.Contains(t, want, "\nkernels:  "+kernels.Active().String()+"\n")
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, errOut, err := runCLI(context.Background(), args...)
		require.NoError(t, err, args)
		assert.Equal(t, want, out, args)
		assert.Empty(t, errOut, args)
	}
	_, _, err := runCLI(context.Background(), "version", "extra")
	require.Error(t, err)
}
