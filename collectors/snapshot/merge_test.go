package snapshot

import (
	"reflect"
	"testing"
	"time"
)

// fill sets every exported field of v (recursively for structs) to a
// non-zero value, so a field Merge forgets shows up as a difference.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Ptr:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem())
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0))
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		fill(k)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	}
}

// Merge carries every field a collector may fill: adding a field to
// Snapshot without teaching Merge fails here.
func TestMergeCarriesEveryField(t *testing.T) {
	var part Snapshot
	fill(reflect.ValueOf(&part).Elem())
	var s Snapshot
	s.Merge(&part)
	// SchemaVersion and CollectedAt belong to the audit, not to a part.
	s.SchemaVersion, s.CollectedAt = part.SchemaVersion, part.CollectedAt
	if !reflect.DeepEqual(s, part) {
		t.Fatalf("Merge dropped fields:\n got  %+v\n want %+v", s, part)
	}
	// A second part appends; it never replaces the first one's lists.
	s.Merge(&part)
	if len(s.Settings) != 2 || len(s.Machines) != 2 || len(s.Sources) != 2 {
		t.Errorf("lists after two merges: %d settings, %d machines, %d sources", len(s.Settings), len(s.Machines), len(s.Sources))
	}
}

func TestFailDatasetsKeepsAbsent(t *testing.T) {
	s := &Snapshot{}
	s.SetData(DataLDAP, Absent, "no ldap_configuration table")
	s.SetData(DataUsers, Collected, "")
	src := Source{Kind: "database", Target: "mysql://u@db/cloud", Error: "lost connection"}
	s.FailDatasets([]Dataset{DataLDAP, DataUsers, DataHosts}, src)
	if a := s.Availability(DataLDAP); a.Status != Absent {
		t.Errorf("absent data became %+v", a)
	}
	for _, d := range []Dataset{DataUsers, DataHosts} {
		if a := s.Availability(d); a.Status != Failed || a.Source != "database mysql://u@db/cloud" {
			t.Errorf("%s: %+v", d, a)
		}
	}
}
