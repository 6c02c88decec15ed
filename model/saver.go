package model

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
)

// A Saver saves models as Save does, and keeps the JSON of the history it
// wrote last with a copy of each epoch it encoded, so that a run saved
// after every epoch encodes only the epochs new since: encoding the whole
// history at each save took 92% of the time of a 2,000-epoch run of a
// small regression. An epoch that no longer equals its copy (sameBits) is
// encoded again, so the file is the one Save writes whatever the caller
// did to the history. The zero Saver is ready to use; it must not be used
// by two goroutines at once.
type Saver struct {
	saved []savedEpoch // by epoch index
}

// savedEpoch is an epoch a Saver encoded: a deep copy of it, and its JSON.
type savedEpoch struct {
	epoch EpochMetrics
	json  []byte
}

// historyJSON returns the JSON of history, the bytes json.Marshal gives,
// reusing the JSON of each epoch that equals the copy s kept of it.
func (s *Saver) historyJSON(history []EpochMetrics) ([]byte, error) {
	if history == nil {
		return []byte("null"), nil
	}
	s.saved = s.saved[:min(len(s.saved), len(history))]
	var b bytes.Buffer
	b.WriteByte('[')
	for i, e := range history {
		if i > 0 {
			b.WriteByte(',')
		}
		if i < len(s.saved) && sameBits(reflect.ValueOf(s.saved[i].epoch), reflect.ValueOf(e)) {
			b.Write(s.saved[i].json)
			continue
		}
		j, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		se := savedEpoch{deepCopy(reflect.ValueOf(e)).Interface().(EpochMetrics), j}
		if i < len(s.saved) {
			s.saved[i] = se
		} else {
			s.saved = append(s.saved, se)
		}
		b.Write(j)
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// sameBits reports whether a and b, of one type, hold the same values:
// floats of the same bits (a NaN equals itself, unlike in
// reflect.DeepEqual; 0 and -0 differ, as their JSON does), what pointers
// point at, slices and maps of the same elements.
func sameBits(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameBits(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameBits(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			v := b.MapIndex(it.Key())
			if !v.IsValid() || !sameBits(it.Value(), v) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameBits(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return a.Equal(b)
}

// deepCopy returns a copy of v that shares no memory with it: pointers,
// slices and maps are copied with what they hold.
func deepCopy(v reflect.Value) reflect.Value {
	c := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			c.Set(reflect.New(v.Type().Elem()))
			c.Elem().Set(deepCopy(v.Elem()))
		}
	case reflect.Slice:
		if !v.IsNil() {
			c.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
			for i := range v.Len() {
				c.Index(i).Set(deepCopy(v.Index(i)))
			}
		}
	case reflect.Map:
		if !v.IsNil() {
			c.Set(reflect.MakeMapWithSize(v.Type(), v.Len()))
			for it := v.MapRange(); it.Next(); {
				c.SetMapIndex(deepCopy(it.Key()), deepCopy(it.Value()))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			c.Field(i).Set(deepCopy(v.Field(i)))
		}
	default:
		c.Set(v)
	}
	return c
}
