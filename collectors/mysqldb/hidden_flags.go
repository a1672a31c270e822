package mysqldb

import (
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// nonSecretHiddenFlags are boolean settings that CloudStack files under the
// Hidden (or Secure) category, and therefore encrypts like secrets
// (ConfigurationVO.isEncrypted), although their value is an ordinary
// true/false a check must read. Keep this list short and explicit: a name
// belongs here only when its value is a boolean that is not a secret.
//
//   - js.interpretation.enabled: Hidden at 4.20.2.0 and 4.22.x
//     (api/src/main/java/com/cloud/server/ManagementService.java:113@4.22.1.0),
//     judged by CS-API-007.
var nonSecretHiddenFlags = map[string]bool{
	"js.interpretation.enabled": true,
}

// keepNonSecretHiddenFlag restores the value of an allow-listed Hidden
// boolean that readSettings reduced to secret facts: the stored value when
// it is clear text true/false, or its decryption with the database key
// when that is true/false. Anything else (ciphertext without the key, an
// unexpected value) stays reduced to facts, so the check reports manual.
func keepNonSecretHiddenFlag(st *snapshot.Setting, stored, clear string, decrypted bool) {
	if st.Secret == nil || !nonSecretHiddenFlags[st.Name] {
		return
	}
	v := strings.TrimSpace(stored)
	if decrypted {
		v = strings.TrimSpace(clear)
	}
	if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
		return
	}
	v = strings.ToLower(v)
	st.Value, st.Secret = &v, nil
}
