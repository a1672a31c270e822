package checks

import "testing"

// csvHas is the list-membership helper for comma-separated settings.
func TestCSVHas(t *testing.T) {
	for _, tc := range []struct {
		list, item string
		want       bool
	}{
		{"TLSv1.2, TLSv1.3", "tlsv1.3", true},
		{"TLSv1.2,TLSv1.3", "TLSv1", false},
		{"", "x", false},
		{" a ,, b ", "b", true},
	} {
		if got := csvHas(tc.list, tc.item); got != tc.want {
			t.Errorf("csvHas(%q, %q) = %v", tc.list, tc.item, got)
		}
	}
}
