package secrets

import "regexp"

var (
	// urlCred finds user:password@ in URLs (db.cloud.uri, secstorage.proxy).
	urlCred = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*):[^/\s@]*@`)
	// queryCred finds password=... parameters (jdbc URLs, url.params).
	queryCred = regexp.MustCompile(`(?i)((?:password|passwd|secret|passphrase)[A-Za-z]*=)[^&;\s]*`)
)

// RedactCredentials removes credentials embedded in an otherwise public
// value: the password of user:password@ in URLs and password=... parameters.
func RedactCredentials(v string) string {
	v = urlCred.ReplaceAllString(v, "${1}:REDACTED@")
	return queryCred.ReplaceAllString(v, "${1}REDACTED")
}
