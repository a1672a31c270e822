package checks

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/csaudit/csaudit/collectors/snapshot"
)

// CopyEncryption flags secondary-storage copy traffic without TLS.
var CopyEncryption = &Check{
	ID:       "CS-STOR-001",
	Title:    "Secondary-storage copy and download traffic not encrypted",
	Severity: Low,
	Threat:   []string{"TM §10.4"},
	Rationale: "secstorage.encrypt.copy=true makes the SSVMs serve template/volume copies and downloads " +
		"over HTTPS; it takes effect only when secstorage.ssl.cert.domain is set " +
		"(SecondaryStorageManagerImpl: an empty domain disables SSL). Otherwise images and extracted " +
		"volumes cross the network in clear.",
	Remediation: "Upload a certificate for the SSVM domain (uploadCustomCertificate), set " +
		"secstorage.ssl.cert.domain=<*.domain> and secstorage.encrypt.copy=true, restart the management " +
		"servers and recreate the SSVMs.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java:602@4.22.1.0",
		"server/src/main/java/org/apache/cloudstack/secondarystorage/SecondaryStorageManagerImpl.java:922-927@4.22.1.0", "CWE-319"},
	Requires: needSettings,
	Settings: []string{"secstorage.encrypt.copy", "secstorage.ssl.cert.domain"},
	Eval: func(s *snapshot.Snapshot) []Result {
		out := boolRule("secstorage.encrypt.copy", true, "false", "secondary-storage copies and downloads use plain HTTP", false).eval(s)
		if len(out) == 1 && out[0].Status == Pass {
			if d, _, stop := globalValue(s, "secstorage.ssl.cert.domain", ""); stop == nil && strings.TrimSpace(d) == "" {
				out[0].Status = Fail
				out[0].Message = "secstorage.encrypt.copy is true but secstorage.ssl.cert.domain is empty, so CloudStack disables SSL on the SSVMs"
			} else if strings.Contains(d, "realhostip.com") {
				out[0].Message += " (the realhostip.com domain is judged by CS-PKI-002)"
			}
		}
		return out
	},
}

// InternalSites flags SSVM download access to broad internal networks.
var InternalSites = &Check{
	ID:       "CS-STOR-002",
	Title:    "SSVMs may download from broad internal networks",
	Severity: Medium,
	Threat:   []string{"TM §10.2", "TM §10.10"},
	Rationale: "secstorage.allowed.internal.sites lists the internal networks the SSVMs may fetch " +
		"template and ISO URLs from over their management NIC (NfsSecondaryStorageResource " +
		"allowOutgoingOnPrivate). Template URLs are user-supplied, so a broad entry, or one covering " +
		"the management servers or hosts, lets users make the SSVM reach those networks. CloudStack " +
		"drops entries starting with 0.0.0.0.",
	Remediation: "cmk update configuration name=secstorage.allowed.internal.sites value=<exact mirror-server " +
		"CIDRs>, restart the management servers and recreate the SSVMs.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java:594@4.22.1.0",
		"server/src/main/java/org/apache/cloudstack/secondarystorage/SecondaryStorageManagerImpl.java:399-416@4.22.1.0", "CWE-918"},
	Requires: []snapshot.Dataset{snapshot.DataSettings, snapshot.DataMgmtServers, snapshot.DataHosts},
	Settings: []string{"secstorage.allowed.internal.sites"},
	Eval: func(s *snapshot.Snapshot) []Result {
		v, actual, stop := globalValue(s, "secstorage.allowed.internal.sites", "")
		if stop != nil {
			return []Result{*stop}
		}
		r := Result{Resource: SettingRes("secstorage.allowed.internal.sites"), Expected: "empty or narrow mirror-server CIDRs", Actual: actual}
		var infra []netip.Addr
		for _, m := range s.ManagementServers {
			if a, err := netip.ParseAddr(m.ServiceIP); err == nil && !m.Removed {
				infra = append(infra, a)
			}
		}
		for _, h := range s.Hosts {
			if a, err := netip.ParseAddr(h.PrivateIP); err == nil && !h.Removed && strings.EqualFold(h.Type, "Routing") {
				infra = append(infra, a)
			}
		}
		var broad, covers, kept []string
		for _, item := range snapshot.CSV(v) {
			if strings.HasPrefix(item, "0.0.0.0") {
				continue // dropped by CloudStack
			}
			p, err := netip.ParsePrefix(item)
			if err != nil {
				a, err2 := netip.ParseAddr(item)
				if err2 != nil {
					continue // not a valid CIDR or IP: CloudStack ignores it
				}
				p = netip.PrefixFrom(a, a.BitLen())
			}
			kept = append(kept, item)
			if p.Bits() < 16 {
				broad = append(broad, item)
				continue
			}
			for _, a := range infra {
				if p.Contains(a) {
					covers = append(covers, fmt.Sprintf("%s (contains %s)", item, a))
					break
				}
			}
		}
		switch {
		case len(broad) > 0:
			r.Status, r.Message = Fail, "template URLs may reach broad internal networks: "+strings.Join(broad, ", ")
		case len(covers) > 0:
			r.Status, r.Message = Fail, "template URLs may reach the management network: "+strings.Join(covers, ", ")
		case len(kept) == 0:
			r.Status, r.Message = Pass, "the SSVMs may not download from internal networks"
		default:
			r.Status, r.Message = Pass, "the SSVMs may download from "+strings.Join(kept, ", ")
		}
		return []Result{r}
	},
}

// UploadHTTPS flags upload links generated over HTTP.
var UploadHTTPS = &Check{
	ID:       "CS-STOR-003",
	Title:    "Upload links generated over HTTP",
	Severity: Low,
	Threat:   []string{"TM §10.4"},
	Rationale: "use.https.to.upload (default true, since 4.18) makes browser uploads of templates, ISOs " +
		"and volumes go to an https:// SSVM URL. Set to false (globally or for a storage pool), the " +
		"upload and its signed URL travel in clear.",
	Remediation: "cmk update configuration name=use.https.to.upload value=true (and remove false overrides).",
	References:  []string{"api/src/main/java/com/cloud/storage/VolumeApiService.java:57@4.22.1.0"},
	Requires:    []snapshot.Dataset{snapshot.DataSettings, snapshot.DataScopedSettings},
	Settings:    []string{"use.https.to.upload"},
	Since:       "4.18.0.0",
	Eval: boolRule("use.https.to.upload", true, "true",
		"browser uploads go to the SSVM over plain HTTP", true).eval,
}

// ExtractLinkLifetime flags long-lived download links.
var ExtractLinkLifetime = &Check{
	ID:       "CS-STOR-004",
	Title:    "Download (extract) links stay valid for long",
	Severity: Low,
	Threat:   []string{"TM §11a.14", "PR Q4"},
	Rationale: "Extracted templates and volumes are served at an unauthenticated URL for " +
		"extract.url.expiration.interval seconds (default 14400, 4 hours). Unauthenticated links are by " +
		"design (TM §11a.14); a lifetime beyond a day, or a value that never expires, keeps a leaked " +
		"link usable long after it was needed.",
	Remediation: "cmk update configuration name=extract.url.expiration.interval value=14400, then restart " +
		"the management servers.",
	References: []string{"server/src/main/java/com/cloud/configuration/Config.java:464@4.22.1.0"},
	Requires:   needSettings,
	Settings:   []string{"extract.url.expiration.interval"},
	Eval: settingRule{name: "extract.url.expiration.interval", codeDefault: "14400", expected: "1 to 86400 seconds",
		judge: intJudge("extract.url.expiration.interval", func(n int64) (Status, string) {
			switch {
			case n <= 0:
				return Fail, "download links do not expire"
			case n > 86400:
				return Fail, fmt.Sprintf("download links stay valid for %d hours", n/3600)
			}
			return Pass, fmt.Sprintf("download links expire after %d seconds", n)
		})}.eval,
}
