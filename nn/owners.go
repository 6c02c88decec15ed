package nn

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"sync"
	"weak"
)

// A layer object belongs to one place in one network. It keeps what its
// forward pass saw for its backward pass, and the Env of the network that
// built it (mode, threads, RNG), so used twice in one network its second
// call overwrites what the first call's backward pass needs (PyTorch's
// autograd would sum both uses' gradients; brawn's layers cannot), and
// built into a second network it follows that network's mode. So
// NewSequential refuses a nil layer, a layer object that appears twice
// (at the top level or inside a Residual), and one that a network still
// in use holds.

// owners maps the address of every layer of every live Sequential to
// that Sequential, held weakly: a network that is no longer reachable
// gives its layers up (its cleanup deletes them). An entry counts only
// while its Sequential still holds the layer (Layers is exported and may
// be changed): a layer it holds is reachable, so no other object can
// have its address.
var owners struct {
	sync.Mutex
	m map[uintptr]weak.Pointer[Sequential]
}

// layerPath is a layer's address and its path in a network ("3",
// "3.f.0").
type layerPath struct {
	addr uintptr
	path string
}

// layerPaths appends to out, in order, layers and, recursively, the
// layers inside them, with their paths under prefix; seen maps the
// addresses listed so far to their paths. A nil layer, or one listed
// before, is an error.
func layerPaths(layers []Layer, prefix string, out []layerPath, seen map[uintptr]string) ([]layerPath, error) {
	for i, l := range layers {
		path := prefix + strconv.Itoa(i)
		v := reflect.ValueOf(l)
		if l == nil || (v.Kind() == reflect.Pointer && v.IsNil()) {
			return nil, fmt.Errorf("nn: layer %s is nil", path)
		}
		// Pointers to zero-size values may all be equal: those layers
		// hold nothing anyway.
		if v.Kind() == reflect.Pointer && v.Elem().Type().Size() > 0 {
			if first, ok := seen[v.Pointer()]; ok {
				return nil, fmt.Errorf("nn: layer %s (%s) is the same object as layer %s: a layer keeps its input for the backward pass, so each place in a network needs its own (build another)", path, l.Type(), first)
			}
			seen[v.Pointer()] = path
			out = append(out, layerPath{v.Pointer(), path})
		}
		if r, ok := l.(*Residual); ok {
			var err error
			if out, err = layerPaths(r.F, path+".f.", out, seen); err != nil {
				return nil, err
			}
			if out, err = layerPaths(r.Downsample, path+".downsample.", out, seen); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// checkLayers checks layers (see layerPaths) and that no other live
// Sequential holds one of them, naming the first in order that another
// holds, and returns their addresses for claim.
func (s *Sequential) checkLayers(layers []Layer) ([]uintptr, error) {
	paths, err := layerPaths(layers, "", nil, map[uintptr]string{})
	if err != nil {
		return nil, err
	}
	owners.Lock()
	defer owners.Unlock()
	addrs := make([]uintptr, 0, len(paths))
	for _, p := range paths {
		if other := owners.m[p.addr].Value(); other != nil && other != s && other.holds(p.addr) {
			return nil, fmt.Errorf("nn: layer %s already belongs to another Sequential, which is still in use: a layer follows the network that built it (its mode and threads) and keeps its last input, so each network needs its own layers (build new ones, or copy the weights with LoadStateDict)", p.path)
		}
		addrs = append(addrs, p.addr)
	}
	return addrs, nil
}

// claim records s, built, as the network of the layers at addrs.
func (s *Sequential) claim(addrs []uintptr) {
	owners.Lock()
	defer owners.Unlock()
	if owners.m == nil {
		owners.m = map[uintptr]weak.Pointer[Sequential]{}
	}
	own := weak.Make(s)
	for _, a := range addrs {
		owners.m[a] = own
	}
	runtime.AddCleanup(s, release, ownedLayers{own, addrs})
}

// holds reports whether the layer at addr is one of s's, at any depth.
func (s *Sequential) holds(addr uintptr) bool {
	seen := map[uintptr]string{}
	_, err := layerPaths(s.Layers, "", nil, seen)
	return err == nil && seen[addr] != ""
}

// ownedLayers are the layer addresses a Sequential claimed.
type ownedLayers struct {
	owner weak.Pointer[Sequential]
	addrs []uintptr
}

// release forgets a collected Sequential's layers, unless another network
// has claimed them since.
func release(o ownedLayers) {
	owners.Lock()
	defer owners.Unlock()
	for _, a := range o.addrs {
		if owners.m[a] == o.owner {
			delete(owners.m, a)
		}
	}
}
