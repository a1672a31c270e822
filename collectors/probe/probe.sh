# csaudit host probe, output format 1.
#
# Reviewed, read-only: it only runs stat, readlink, head, base64, tr, awk,
# grep and sed on a fixed list of paths, and cat-equivalents of
# /proc/net/tcp*. It writes nothing and starts nothing. Arguments:
#   $1  audited root directory ("/" or an absolute path of a mounted image)
#   $2  mode: "audit" (default) or "dbprops" (db.properties and the key file,
#       for --db-properties; only then does the key file's content leave the host)
# Private key bytes never leave the host: for key files only facts
# (format, whether encrypted) are printed. Fields are tab-separated.
main() {
	R=${1:-/}
	MODE=${2:-audit}
	case "$R" in
	/) R= ;;
	/*) ;;
	*) echo "CSAUDIT-PROBE-ERROR root must be an absolute path"; return 2 ;;
	esac
	case "$MODE" in audit | dbprops) ;; *) echo "CSAUDIT-PROBE-ERROR unknown mode"; return 2 ;; esac
	LC_ALL=C
	export LC_ALL
	PATH=/usr/sbin:/usr/bin:/sbin:/bin
	export PATH
	MAX=262144
	TAB=$(printf '\t')
	SF=$(printf '%%F\t%%a\t%%u\t%%U\t%%g\t%%G\t%%s')
	N=0
	echo "CSAUDIT-PROBE-BEGIN 1"
	if [ "$MODE" = dbprops ]; then
		ct /etc/cloudstack/management/db.properties
		# The key file's content leaves the host only in this mode.
		ct /etc/cloudstack/management/key
	else
		audit
	fi
	echo "CSAUDIT-PROBE-END 1 $N"
}

# out joins its arguments with tabs (no subshell: one fork per record
# would dominate the probe's run time).
out() {
	N=$((N + 1))
	OLDIFS=$IFS
	IFS=$TAB
	printf '%s\n' "$*"
	IFS=$OLDIFS
}

# st PATH: lstat PATH (and its target, resolved inside the root) into S/T
# records; sets RP to the path to read through. Fails when absent.
st() {
	P=$R$1
	RP=$P
	if [ ! -e "$P" ] && [ ! -L "$P" ]; then
		# Absent, or hidden behind a directory this user may not search?
		D=${P%/*}
		while [ -n "$D" ] && [ ! -d "$D" ]; do D=${D%/*}; done
		[ -n "$D" ] || D=/
		if [ -d "$D" ] && [ ! -x "$D" ]; then
			out E "$1" "not accessible (a parent directory is not searchable)"
		else
			out N "$1"
		fi
		return 1
	fi
	if ! S=$(stat -c "$SF" -- "$P" 2>&1); then
		out E "$1" "stat failed"
		return 1
	fi
	out S "$1" "$S"
	if [ -L "$P" ]; then
		L=$(readlink -- "$P")
		case "$L" in
		/*) RP=$R$L ;;
		*) RP=${P%/*}/$L ;;
		esac
		if TS=$(stat -L -c "$SF" -- "$RP" 2>/dev/null); then
			out T "$1" "$L" "$TS"
		else
			out T "$1" "$L" "-"
		fi
	fi
	return 0
}

# rf PATH: stat PATH; succeed when it is a regular file this user can read
# (RP is then the path to read), else report why not and fail.
rf() {
	st "$1" || return 1
	[ -f "$RP" ] || return 1
	if [ ! -r "$RP" ]; then
		out E "$1" "not readable"
		return 1
	fi
	return 0
}

# ct PATH: stat and, if it is a readable regular file, its content (capped).
ct() {
	rf "$1" || return 0
	SZ=$(stat -L -c %s -- "$RP" 2>/dev/null || echo 0)
	TR=0
	[ "$SZ" -gt "$MAX" ] && TR=1
	B=$(head -c "$MAX" -- "$RP" | base64 | tr -d '\n')
	out C "$1" "$TR" "$B"
}

# kf PATH: facts about a private key file, computed here.
kf() {
	rf "$1" || return 0
	H=$(head -c 64 -- "$RP" | tr -d '\0')
	case "$H" in
	*"BEGIN OPENSSH PRIVATE KEY"*)
		FMT=openssh
		if sed -n '2,3p' -- "$RP" | tr -d '\r\n' | base64 -d 2>/dev/null | head -c 64 | grep -aq none; then ENC=no; else ENC=yes; fi
		;;
	*"BEGIN ENCRYPTED PRIVATE KEY"*) FMT=pkcs8 ENC=yes ;;
	*"PRIVATE KEY"*)
		FMT=pem
		if head -n 3 -- "$RP" | grep -q ENCRYPTED; then ENC=yes; else ENC=no; fi
		;;
	*) FMT=unknown ENC=unknown ;;
	esac
	out K "$1" "$FMT" "$ENC"
}

# sf PATH: facts about a secret file (first line): length and whether it
# is the published default; the value stays here.
sf() {
	rf "$1" || return 0
	V=$(head -n 1 -- "$RP" | tr -d '\r\n')
	D=no
	[ "$V" = password ] && D=yes
	out V "$1" "${#V}" "$D"
	V=
}

audit() {
	ct /etc/os-release
	# Management server.
	for f in db.properties server.properties environment.properties; do ct /etc/cloudstack/management/$f; done
	sf /etc/cloudstack/management/key
	for f in cloud.jks cloudmanagementserver.keystore config.json; do st /etc/cloudstack/management/$f; done
	ct /etc/cloudstack/usage/db.properties
	sf /etc/cloudstack/usage/key
	for f in /etc/default/cloudstack-management /etc/sysconfig/cloudstack-management; do ct "$f"; done
	for f in /etc/sudoers.d/cloudstack /etc/sudoers.d/cloudstack-management; do st "$f"; done
	st /var/log/cloudstack/management
	# The cloud user, its home and SSH key (home looked up, not assumed).
	if [ -r "$R/etc/passwd" ]; then
		CU=$(awk -F: -v OFS="$TAB" '$1 == "cloud" { print $3, $4, $6; exit }' "$R/etc/passwd")
		if [ -n "$CU" ]; then
			out U /etc/passwd "$CU"
			CH=$(printf '%s\n' "$CU" | awk -F"$TAB" '{ print $3 }')
			case "$CH" in
			/*)
				st "$CH"
				st "$CH/.ssh"
				kf "$CH/.ssh/id_rsa"
				;;
			esac
		fi
	fi
	# KVM agent.
	ct /etc/cloudstack/agent/agent.properties
	for f in cloud.jks cloud.csr; do st /etc/cloudstack/agent/$f; done
	kf /etc/cloudstack/agent/cloud.key
	for f in cloud.crt cloud.ca.crt; do ct /etc/cloudstack/agent/$f; done
	kf /root/.ssh/id_rsa.cloud
	# libvirt.
	for f in /etc/libvirt/libvirtd.conf /etc/libvirt/qemu.conf /etc/default/libvirtd /etc/sysconfig/libvirtd; do ct "$f"; done
	for f in /etc/pki/libvirt/servercert.pem /etc/pki/libvirt/clientcert.pem /etc/pki/CA/cacert.pem; do st "$f"; done
	for f in /etc/pki/libvirt/private/serverkey.pem /etc/pki/libvirt/private/clientkey.pem; do st "$f"; done
	# MySQL / MariaDB server configuration.
	for f in /etc/mysql/my.cnf /etc/mysql/mariadb.conf.d/50-server.cnf /etc/mysql/mysql.conf.d/mysqld.cnf /etc/my.cnf /etc/my.cnf.d/mariadb-server.cnf /etc/my.cnf.d/server.cnf; do ct "$f"; done
	# Listening TCP sockets, only for the live system.
	if [ -n "$R" ]; then
		out LX "root is not /"
	elif [ -r /proc/net/tcp ]; then
		for f in /proc/net/tcp /proc/net/tcp6; do
			[ -r "$f" ] || continue
			for A in $(awk 'NR > 1 && $4 == "0A" { print $2 }' "$f"); do out L "$A"; done
		done
	else
		out LX "/proc/net/tcp not readable"
	fi
}

main "$@" </dev/null
