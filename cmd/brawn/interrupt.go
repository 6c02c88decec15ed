package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// interruptSignals stop a run with a save: Ctrl-C, a polite kill or a
// batch system's end of job, and on Unix the hangup of a closed terminal
// and the warnings batch systems send before they kill a job
// (unixSignals). A signal the process was started with ignored stays
// ignored: nohup ignores SIGHUP so that the run goes on after its
// terminal closes, and a shell starts a background job with SIGINT
// ignored.
var interruptSignals = notIgnored(append([]os.Signal{os.Interrupt, syscall.SIGTERM}, unixSignals...)...)

// notIgnored returns the signals of sigs that this process was not
// started with ignored.
func notIgnored(sigs ...os.Signal) []os.Signal {
	var out []os.Signal
	for _, s := range sigs {
		if !signal.Ignored(s) {
			out = append(out, s)
		}
	}
	return out
}

// interruptContext returns a context that the first of interruptSignals
// cancels (training then stops at the next step and saves). A later
// SIGINT ends the program at once, as that signal would uncaught, after
// removing the temporary files of saves in progress so that none is left
// beside its target; other later signals only get a note, except in a
// rank of a distributed run, which any later signal ends (endsAtOnce).
// stop releases the signals.
func interruptContext(parent context.Context, w io.Writer, distributed bool) (ctx context.Context, stop func()) {
	return watchInterrupts(parent, func(sig os.Signal) {
		if endsAtOnce(sig, distributed) {
			hardExit(sig, raise)
		}
		fmt.Fprintf(w, "brawn: another signal (%v): still stopping and saving; Ctrl-C (SIGINT) ends at once without saving\n", sig)
	}, interruptSignals...)
}

// writingCommands are the commands other than train that write files,
// with the flag that names the file: they cannot stop half-way and save
// as train does, so exitOnInterrupt ends them on a signal, without the
// partial file the signal's default action would leave.
var writingCommands = map[string]string{"eval": "json", "predict": "output", "export": "output", "plot": "output"}

// exitOnInterrupt makes the first of interruptSignals end the program,
// killed by that signal as its default action would (hardExit; status
// exitInterrupted where a process cannot signal itself), after removing
// the temporary file of a write in progress and the lock files this
// process holds, and printing a line on w naming cmd and output's path
// (the file it writes, "" for none, read when the signal comes, so that a
// command can set the default it resolves): the default action alone would leave those
// files beside the output (".pred.csv.tmp123", ".w.safetensors.lock",
// hidden and as large as the output), whose earlier content the write has
// not replaced. Dying by the signal, rather than exiting with a status,
// tells a calling shell that the command was interrupted, so that a loop
// or script running it stops too. stop releases the signals.
func exitOnInterrupt(w io.Writer, cmd string, output *outputPath) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, interruptSignals...)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			atomicfile.RemoveTemporary()
			msg := fmt.Sprintf("brawn: %s interrupted (%v)", cmd, sig)
			if path := output.get(); path != "" {
				msg += "; nothing was written to " + path
			}
			fmt.Fprintln(w, msg)
			hardExit(sig, raise)
		case <-done:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
		})
	}
}

// outputPath is the file a writing command writes, for exitOnInterrupt's
// line: its output flag's value, or the default the command resolves
// (setOutputPath). Its methods are safe for concurrent use.
type outputPath struct {
	mu   sync.Mutex
	path string
}

func (o *outputPath) get() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.path
}

func (o *outputPath) set(path string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.path = path
}

// outputPathKey keys a command context's *outputPath.
type outputPathKey struct{}

// withOutputPath returns ctx carrying o, which setOutputPath sets.
func withOutputPath(ctx context.Context, o *outputPath) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, outputPathKey{}, o)
}

// setOutputPath records path as the file the command of ctx writes, for
// the line an interrupt prints (a default its output flag did not give);
// nothing outside a writing command.
func setOutputPath(ctx context.Context, path string) {
	if o, ok := ctx.Value(outputPathKey{}).(*outputPath); ok {
		o.set(path)
	}
}

// endsAtOnce reports whether a signal after the first ends the program at
// once, while the first one's save may be under way: Ctrl-C pressed again
// does, as in any terminal program. Polite signals do not, since they
// come in pairs (timeout signals the process, then its process group) or
// in a row (a batch system's warning, then its SIGTERM at the time limit),
// and each should let the save finish. A rank of a distributed run is the
// exception: its launcher signals it again when another rank has ended
// (mpirun: SIGTERM, then SIGKILL), and a rank whose peers are gone cannot
// finish a step, only wait for them.
func endsAtOnce(sig os.Signal, distributed bool) bool { return distributed || sig == os.Interrupt }

// watchInterrupts cancels ctx on the first of sigs, with that signal as
// its cause (interruptSignal), and calls onLater with each later one.
func watchInterrupts(parent context.Context, onLater func(os.Signal), sigs ...os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 2) // room for two signals sent back to back
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel(interruptedBy{sig})
		case <-done:
			return
		}
		for {
			select {
			case sig := <-ch:
				onLater(sig)
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			cancel(nil)
		})
	}
}

// interruptedBy is the cause of a context that watchInterrupts cancelled
// on a signal.
type interruptedBy struct{ sig os.Signal }

func (e interruptedBy) Error() string { return "interrupted by " + e.sig.String() }

// interruptSignal returns the signal that cancelled ctx (watchInterrupts),
// or nil when none did.
func interruptSignal(ctx context.Context) os.Signal {
	var e interruptedBy
	if errors.As(context.Cause(ctx), &e) {
		return e.sig
	}
	return nil
}

// hardExit removes the temporary files of saves in progress and ends the
// process by sig with its default action (raised by raise), so that the
// parent sees it killed by that signal; exit status 130 where a process
// cannot signal itself, and for a signal that does not end a Go program
// (fatalSignals). The signal is reset first so that it ends the process
// as soon as it is raised; meanwhile RemoveTemporary holds the save, which
// would otherwise fail and end the process with an error message.
func hardExit(sig os.Signal, raise func(os.Signal)) {
	signal.Reset(sig)
	atomicfile.RemoveTemporary()
	if slices.Contains(fatalSignals, sig) {
		raise(sig)
	}
	os.Exit(exitInterrupted)
}

// raise sends sig to this process and waits for it to take effect.
func raise(sig os.Signal) {
	if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
		time.Sleep(time.Second) // delivery is asynchronous
	}
}
