package sshhost

import (
	"reflect"
	"strings"
	"unique"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// intern returns s in memory of its own: short strings (paths, owners,
// modes, file types: the same on every host of a fleet) are shared through
// the unique package, others copied.
func intern(s string) string {
	if len(s) <= 96 {
		return unique.Make(s).Value()
	}
	return strings.Clone(s)
}

// compact returns a deep copy of m that shares no memory with the probe's
// raw output: the parser's strings are substrings of it, so without the
// copy every machine would keep its whole output alive. Slices are
// allocated at their exact length. A fleet audit holds thousands of
// machines; this keeps each at the size of its facts.
func compact(m snapshot.Machine) snapshot.Machine {
	v := reflect.ValueOf(&m).Elem()
	out := reflect.New(v.Type()).Elem()
	deepCopy(out, v)
	return out.Interface().(snapshot.Machine)
}

func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.String:
		dst.SetString(intern(src.String()))
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		deepCopy(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			deepCopy(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		mp := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			k := reflect.New(src.Type().Key()).Elem()
			deepCopy(k, it.Key())
			e := reflect.New(src.Type().Elem()).Elem()
			deepCopy(e, it.Value())
			mp.SetMapIndex(k, e)
		}
		dst.Set(mp)
	case reflect.Struct:
		dst.Set(src) // unexported fields (time.Time) by value
		for i := range src.NumField() {
			if src.Type().Field(i).IsExported() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}
