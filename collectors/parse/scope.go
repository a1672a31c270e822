package parse

import (
	"fmt"
	"strconv"
	"strings"
)

// scopeBits is ConfigKey.Scope in bit order (framework/config ConfigKey.java).
var scopeBits = []string{"Global", "Zone", "Cluster", "StoragePool", "ManagementServer", "ImageStore", "Domain", "Account"}

// Scope normalises a configuration.scope column: before 4.21 it is a scope
// name ("Global", "zone"), from 4.21 a bitmask ("192" = Domain,Account). The
// result lists names in bit order, comma separated; "" for NULL/0.
func Scope(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	if n, err := strconv.ParseUint(raw, 10, 64); err == nil {
		if n >= 1<<len(scopeBits) {
			return "", fmt.Errorf("scope bitmask %d has unknown bits", n)
		}
		var names []string
		for i, name := range scopeBits {
			if n&(1<<i) != 0 {
				names = append(names, name)
			}
		}
		return strings.Join(names, ","), nil
	}
	for _, name := range scopeBits {
		if strings.EqualFold(raw, name) {
			return name, nil
		}
	}
	return "", fmt.Errorf("unknown scope %q", raw)
}
