package secrets

import "testing"

func TestRedactCredentials(t *testing.T) {
	cases := map[string]string{
		"http://proxyuser:Pr0xyPw@proxy:3128":               "http://proxyuser:REDACTED@proxy:3128",
		"jdbc:mysql://cloud:UriS3cret@db/cloud":             "jdbc:mysql://cloud:REDACTED@db/cloud",
		"jdbc:mysql://db/cloud?user=cloud&password=s3cr3t":  "jdbc:mysql://db/cloud?user=cloud&password=REDACTED",
		"prepStmtCacheSize=517&trustStorePassword=changeit": "prepStmtCacheSize=517&trustStorePassword=REDACTED",
		"https://cloud.example.com/client/api":              "https://cloud.example.com/client/api",
	}
	for in, want := range cases {
		if got := RedactCredentials(in); got != want {
			t.Errorf("RedactCredentials(%q) = %q, want %q", in, got, want)
		}
	}
}
