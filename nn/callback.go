package nn

import (
	"context"
	"errors"
	"fmt"
	"reflect"
)

// ErrStop may be returned (or wrapped) by a Callback to end training early
// without an error; Fit then returns nil.
var ErrStop = errors.New("nn: training stopped by a callback")

func stopErr(err error) error {
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// Callback observes and steers Trainer.Fit, as a Keras callback
// (keras.callbacks.Callback) or a PyTorch Lightning Callback does. Fit
// calls the Trainer's Callbacks in list order at each point:
//
//   - Setup (SetupCallback), for the callbacks that have it, once Fit has
//     checked its configuration and data: an error there ends Fit before
//     any OnTrainBegin (ErrStop: with nil, as for a run EarlyStopping has
//     already stopped);
//   - OnTrainBegin once, before the first step (also when resuming);
//   - OnEpochBegin before an epoch's first step, with the 1-based epoch
//     (also before the rest of an epoch resumed mid-way);
//   - OnStepEnd after every optimizer step;
//   - EvaluateEpoch (EpochEvaluator), for the callbacks that have it, at
//     every epoch's end after the validation pass, before the epoch ends;
//   - OnEpochEnd after every epoch, once the validation metrics are known;
//     a callback may set EpochInfo.StopEarly (as EarlyStopping does, Keras's
//     model.stop_training) to end training once every callback has seen
//     the epoch;
//   - OnTrainEnd once, however Fit ends, for every callback whose
//     OnTrainBegin returned nil, with the error Fit is about to return (nil
//     when training finished or was stopped), or a *PanicError when a
//     callback, layer or loss panicked: Fit then panics again with the
//     original value once every OnTrainEnd has run.
//
// A method stops training by returning an error: Fit skips the callbacks
// after it and returns that error in a *CallbackError naming the callback,
// the hook and the position, or nil for ErrStop (or an error that wraps
// it), which ends training at once without an error. An error from OnTrainEnd is returned only when Fit
// has no error of its own; every OnTrainEnd still runs, also after one
// panicked (Fit then panics with the first such panic's value, or, when
// it was already ending on a panic, with that first one's).
//
// The list order is the order of effects: a callback sees what the ones
// before it did in the same event (the rates LRScheduler set, the
// StopEarly and BestEpoch EarlyStopping set; the best weights it restores
// once the stopping epoch's OnEpochEnd have all run), so put LRScheduler
// and EarlyStopping first, then History, then the callbacks that save,
// then those that report: an error ends Fit before the callbacks after
// it see the epoch, and a report that cannot be written (a full disk
// under a log directory) should not cost the epoch's checkpoint.
//
// The *StepInfo and *EpochInfo are reused by the Trainer; copy them to keep
// them. The *Trainer is the one running: a callback may read its fields and
// position (Epoch, GlobalStep) and Export its state, but must not change
// its Model, Loss, Optimizer, BatchSize or Callbacks during Fit. Embed
// BaseCallback to implement only some of the methods. OnStepEnd runs on
// every step, so it should not allocate: steady-state steps allocate
// nothing.
type Callback interface {
	// OnTrainBegin runs once, before the first step.
	OnTrainBegin(t *Trainer) error
	// OnTrainEnd runs once however Fit ends, with the error Fit is about
	// to return.
	OnTrainEnd(t *Trainer, err error) error
	// OnEpochBegin runs before an epoch's first step; epoch counts from 1.
	OnEpochBegin(t *Trainer, epoch int) error
	// OnEpochEnd runs after every epoch, its validation metrics known.
	OnEpochEnd(t *Trainer, e *EpochInfo) error
	// OnStepEnd runs after every optimizer step, and should not allocate.
	OnStepEnd(t *Trainer, s *StepInfo) error
}

// SetupCallback is a Callback with a hook that runs before any callback's
// OnTrainBegin, as PyTorch Lightning's Callback.setup: Fit calls Setup, in
// list order, once it has checked its own configuration and data. An
// error from Setup ends Fit before any callback began (no OnTrainBegin or
// OnTrainEnd runs); Fit returns it, or nil for ErrStop. It is the place to
// check settings and to prepare for a fresh or a resumed run (Trainer.Epoch
// and GlobalStep tell which).
type SetupCallback interface {
	Callback
	// Setup runs before any callback's OnTrainBegin.
	Setup(t *Trainer) error
}

// StatefulCallback is a Callback with state a resumed run needs, as PyTorch
// Lightning's Callback.state_dict and load_state_dict: Trainer.Export saves
// its Export under the prefix StateKey(n)+".", and Trainer.Import gives
// its Import the entries under that prefix (without it), n being the
// number of callbacks before it in Trainer.Callbacks with the same
// StateKey(0). StateKey must give distinct keys for distinct n, none of
// which is another's prefix followed by a dot. Import's *StateError names
// the entry without the prefix; Trainer.Import adds it.
type StatefulCallback interface {
	Callback
	// StateKey returns the prefix of the n-th such callback's entries.
	StateKey(n int) string
	// Export returns the callback's state.
	Export() *State
	// Import restores a state Export returned, or returns a *StateError.
	Import(*State) error
}

// EpochEvaluator is a Callback that scores the model on data of its own
// at each epoch's end, as callbacks.History scores its test set: Fit calls
// EvaluateEpoch after the validation pass, before the epoch ends and
// before any callback's OnEpochEnd, with the epoch's EpochInfo and Fit's
// ctx (with ranks, one that is never done, as for the validation pass).
// Evaluating with ctx (EvaluateContext), a pass stops as the validation
// pass does when ctx is done: EvaluateEpoch returns ctx's error, and Fit
// stops with the epoch's steps done and the epoch not ended, so that a
// resumed Fit evaluates it again. Any error stops Fit there, in a
// *CallbackError with Hook "EvaluateEpoch".
type EpochEvaluator interface {
	Callback
	// EvaluateEpoch scores the model at the end of epoch e.Epoch.
	EvaluateEpoch(ctx context.Context, t *Trainer, e *EpochInfo) error
}

// evaluateEpoch runs the EpochEvaluators' EvaluateEpoch in order and
// returns the first error.
func (t *Trainer) evaluateEpoch(ctx context.Context, info *EpochInfo) error {
	for i, c := range t.Callbacks {
		if ev, ok := c.(EpochEvaluator); ok {
			if err := ev.EvaluateEpoch(ctx, t, info); err != nil {
				return t.callbackError(i, "EvaluateEpoch", info.Epoch, err)
			}
		}
	}
	return nil
}

// modelStateChecker is a StatefulCallback whose imported state must fit
// the Trainer's model (EarlyStopping's best weights).
type modelStateChecker interface {
	checkModel(m *Sequential) error
}

// statefulCallbacks returns the StatefulCallbacks among Callbacks, in
// order, with the prefixes of their entries.
func (t *Trainer) statefulCallbacks() ([]StatefulCallback, []string) {
	var list []StatefulCallback
	var prefixes []string
	seen := map[string]int{}
	for _, c := range t.Callbacks {
		sc, ok := c.(StatefulCallback)
		if !ok {
			continue
		}
		first := sc.StateKey(0)
		list = append(list, sc)
		prefixes = append(prefixes, sc.StateKey(seen[first])+".")
		seen[first]++
	}
	return list, prefixes
}

// setup runs the SetupCallbacks' Setup in order and returns the first
// error.
func (t *Trainer) setup() error {
	for _, c := range t.Callbacks {
		if sc, ok := c.(SetupCallback); ok {
			if err := sc.Setup(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// BaseCallback implements every Callback method as a no-op returning nil;
// embed it in a callback that needs only some of them.
type BaseCallback struct{}

// OnTrainBegin implements Callback; it does nothing, and its error is always nil.
func (BaseCallback) OnTrainBegin(*Trainer) error { return nil }

// OnTrainEnd implements Callback; it does nothing, and its error is always nil.
func (BaseCallback) OnTrainEnd(*Trainer, error) error { return nil }

// OnEpochBegin implements Callback; it does nothing, and its error is always nil.
func (BaseCallback) OnEpochBegin(*Trainer, int) error { return nil }

// OnEpochEnd implements Callback; it does nothing, and its error is always nil.
func (BaseCallback) OnEpochEnd(*Trainer, *EpochInfo) error { return nil }

// OnStepEnd implements Callback; it does nothing, and its error is always nil.
func (BaseCallback) OnStepEnd(*Trainer, *StepInfo) error { return nil }

// trainBegin calls OnTrainBegin in order, counting in began the callbacks
// that began (and so get OnTrainEnd), and returns the first error.
func (t *Trainer) trainBegin(began *int) error {
	for i, c := range t.Callbacks {
		if err := c.OnTrainBegin(t); err != nil {
			return t.callbackError(i, "OnTrainBegin", 0, err)
		}
		*began = i + 1
	}
	return nil
}

// trainEnd calls OnTrainEnd on the first n callbacks with Fit's result err
// and returns err, or else the first OnTrainEnd error. Every OnTrainEnd
// runs, also after one panicked; panicked is the first panic's value (nil
// when none did).
func (t *Trainer) trainEnd(n int, err error) (res error, panicked any) {
	var first error
	for i, c := range t.Callbacks[:n] {
		e, p := callTrainEnd(t, c, err)
		if e != nil && first == nil {
			first = t.callbackError(i, "OnTrainEnd", 0, e)
		}
		if p != nil && panicked == nil {
			panicked = p
		}
	}
	if err != nil {
		return err, panicked
	}
	return stopErr(first), panicked
}

// callTrainEnd calls c.OnTrainEnd, recovering a panic in it.
func callTrainEnd(t *Trainer, c Callback, err error) (res error, panicked any) {
	defer func() { panicked = recover() }()
	return c.OnTrainEnd(t, err), nil
}

// PanicError is the error OnTrainEnd receives when Fit ends because of a
// panic (in a callback, a layer or a loss), as Lightning runs its
// teardown: once every OnTrainEnd has run, Fit panics again with Value.
type PanicError struct {
	Value any // what was passed to panic
}

// Error implements error.
func (e *PanicError) Error() string { return fmt.Sprintf("nn: training panicked: %v", e.Value) }

func (t *Trainer) epochBegin() error {
	for i, c := range t.Callbacks {
		if err := c.OnEpochBegin(t, t.epoch+1); err != nil {
			return t.callbackError(i, "OnEpochBegin", t.epoch+1, err)
		}
	}
	return nil
}

func (t *Trainer) stepEnd() error {
	for i, c := range t.Callbacks {
		if err := c.OnStepEnd(t, &t.info); err != nil {
			return t.callbackError(i, "OnStepEnd", t.info.Epoch, err)
		}
	}
	return nil
}

func (t *Trainer) epochEnd(info *EpochInfo) error {
	for i, c := range t.Callbacks {
		if err := c.OnEpochEnd(t, info); err != nil {
			return t.callbackError(i, "OnEpochEnd", info.Epoch, err)
		}
	}
	return nil
}

// CallbackError is the error Fit returns for an error a callback's hook
// returned (Err), saying where it came from. It unwraps to Err, so
// errors.Is and errors.As see through it, and a wrapped ErrStop still
// stops training without an error. Setup's errors, which describe the
// callback's configuration, are returned as they are.
type CallbackError struct {
	Index    int      // the callback's index in Trainer.Callbacks
	Callback Callback // the callback
	Hook     string   // "OnTrainBegin", "OnEpochBegin", "OnStepEnd", "EvaluateEpoch", "OnEpochEnd" or "OnTrainEnd"
	Epoch    int      // the 1-based epoch of OnEpochBegin, OnStepEnd, EvaluateEpoch and OnEpochEnd; 0 for the others
	Step     int      // the optimizer steps completed (Trainer.GlobalStep)
	Err      error    // what the hook returned
}

// Error implements error: e.g. "nn: Callbacks[2] (*callbacks.Lambda)
// OnStepEnd in epoch 2 at global step 25: my callback failed".
func (e *CallbackError) Error() string {
	where := fmt.Sprintf("at global step %d", e.Step)
	if e.Epoch > 0 {
		where = fmt.Sprintf("in epoch %d %s", e.Epoch, where)
	}
	return fmt.Sprintf("nn: Callbacks[%d] (%T) %s %s: %v", e.Index, e.Callback, e.Hook, where, e.Err)
}

// Unwrap returns Err.
func (e *CallbackError) Unwrap() error { return e.Err }

// callbackError returns err of Callbacks[i]'s hook as a *CallbackError.
func (t *Trainer) callbackError(i int, hook string, epoch int, err error) error {
	return &CallbackError{Index: i, Callback: t.Callbacks[i], Hook: hook, Epoch: epoch, Step: t.global, Err: err}
}

// nilPointer reports whether v holds a nil pointer, whose methods would
// dereference it.
func nilPointer(v any) bool {
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}

// checkCallbacks refuses a nil callback, a nil pointer (its methods would
// panic), and a callback listed twice: its methods would run twice per
// event (EarlyStopping would count each epoch twice) and its state would
// be exported under two keys.
func (t *Trainer) checkCallbacks() error {
	type identity struct { // a pointer and its type: a struct and its first field share an address
		t reflect.Type
		p uintptr
	}
	first := map[identity]int{}
	for i, c := range t.Callbacks {
		if c == nil {
			return fmt.Errorf("nn: Trainer.Callbacks[%d] is nil", i)
		}
		if nilPointer(c) {
			return fmt.Errorf("nn: Trainer.Callbacks[%d] is a nil %T", i, c)
		}
		v := reflect.ValueOf(c)
		if v.Kind() != reflect.Pointer {
			continue
		}
		if v.Type().Elem().Size() == 0 {
			continue // distinct zero-size values may share an address, and hold no state
		}
		id := identity{v.Type(), v.Pointer()}
		if j, ok := first[id]; ok {
			return fmt.Errorf("nn: Trainer.Callbacks[%d] is Callbacks[%d] (%T) again; list a callback once", i, j, c)
		}
		first[id] = i
	}
	return nil
}
