# csaudit host probe, output format 1.
#
# Reviewed, read-only: it only runs stat, readlink, head, base64, tr, awk,
# grep and sed on a fixed list of paths (generated into the marker lines from
# snapshot.ProbedPaths; see testdata/golden/probe.sh for the result), and
# cat-equivalents of /proc/net/tcp*. It writes nothing and starts nothing.
# Every path is resolved inside the audited root, one component at a time:
# a symbolic link that leaves the tree is reported, never followed.
# Arguments:
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
	CH=
	GLOBCAP=64
	echo "CSAUDIT-PROBE-BEGIN 1"
	if [ "$MODE" = dbprops ]; then
		cs /etc/cloudstack/management/db.properties
		# The key file's content leaves the host only in this mode.
		cs /etc/cloudstack/management/key
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

# jw PATH FOLLOW: resolve PATH inside the root one component at a time,
# following symbolic links relative to the root (an absolute target starts
# again at the root; ".." never climbs above it), at most 40 hops. With
# FOLLOW=0 a link in the last component is not followed. Sets WP to the
# resolved path (relative to the root, "/..." form) or WE to why not.
jw() {
	JP=$1 JO= JH=0 WE=
	while :; do
		while :; do case $JP in /*) JP=${JP#/} ;; *) break ;; esac; done
		[ -n "$JP" ] || break
		case $JP in
		*/*) C=${JP%%/*} JP=${JP#*/} ;;
		*) C=$JP JP= ;;
		esac
		case $C in
		. | '') continue ;;
		..)
			if [ -z "$JO" ]; then
				if [ -n "$R" ]; then
					WE="symlink leaves the audited tree"
					return 1
				fi
				continue
			fi
			JO=${JO%/*}
			continue
			;;
		esac
		if [ -L "$R$JO/$C" ] && { [ -n "$JP" ] || [ "$2" = 1 ]; }; then
			JH=$((JH + 1))
			if [ "$JH" -gt 40 ]; then
				WE="too many levels of symbolic links (more than 40)"
				return 1
			fi
			L=$(readlink -- "$R$JO/$C")
			case $L in /*) JO= ;; esac
			JP=$L${JP:+/$JP}
			continue
		fi
		JO=$JO/$C
	done
	WP=${JO:-/}
	return 0
}

# kind PATH: what a path that is not a regular file is.
kind() {
	if [ -d "$1" ]; then
		echo "a directory"
	elif [ -p "$1" ]; then
		echo "a FIFO"
	elif [ -b "$1" ]; then
		echo "a block device"
	elif [ -c "$1" ]; then
		echo "a character device"
	elif [ -S "$1" ]; then
		echo "a socket"
	else
		echo "not a regular file"
	fi
}

# st PATH: lstat PATH (its directories resolved inside the root) and, for a
# symbolic link, its target resolved inside the root, into S/T/W records.
# Fails when absent. Sets RP to the resolved path to read through (empty
# when the link cannot be followed: the reason is an E record) and ISL when
# the path itself is a link.
st() {
	RP= ISL=
	if ! jw "$1" 0; then
		out E "$1" "$WE"
		return 1
	fi
	LP=$WP
	P=$R$LP
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
	if [ ! -L "$P" ]; then
		RP=$LP
		[ "$LP" = "$1" ] || out W "$1" "$LP"
		return 0
	fi
	ISL=1
	L=$(readlink -- "$P")
	if ! jw "$1" 1; then
		out T "$1" "$L" "-"
		out E "$1" "$WE ($L)"
		return 0
	fi
	if [ ! -e "$R$WP" ]; then
		out T "$1" "$L" "-"
		out E "$1" "dangling symbolic link: $L does not exist"
		return 0
	fi
	if TS=$(stat -c "$SF" -- "$R$WP" 2>/dev/null); then
		out T "$1" "$L" "$TS"
	else
		out T "$1" "$L" "-"
		out E "$1" "cannot stat the link target $WP"
		return 0
	fi
	out W "$1" "$WP"
	RP=$WP
	return 0
}

# sa PATH: stat a path where a regular file belongs.
sa() {
	st "$1" || return 0
	[ -n "$RP" ] || return 0
	[ -f "$R$RP" ] || out E "$1" "$(kind "$R$RP") in place of a regular file"
	return 0
}

# sd PATH: stat a path where a directory belongs.
sd() {
	st "$1" || return 0
	[ -n "$RP" ] || return 0
	[ -d "$R$RP" ] || out E "$1" "not a directory"
	return 0
}

# rf PATH SECRET: stat PATH; succeed when it is a regular file this user
# can read (RP is then the path to read), else report why not and fail.
# With SECRET=1 a symbolic link is followed only to another audited path.
rf() {
	st "$1" || return 1
	[ -n "$RP" ] || return 1
	if [ ! -f "$R$RP" ]; then
		out E "$1" "$(kind "$R$RP") in place of a regular file"
		return 1
	fi
	if [ "$2" = 1 ] && [ -n "$ISL" ] && ! audited "$RP"; then
		out E "$1" "symbolic link to $RP, which is not an audited path: not followed"
		return 1
	fi
	RP=$R$RP
	if [ ! -r "$RP" ]; then
		out E "$1" "not readable"
		return 1
	fi
	return 0
}

# ct PATH [SECRET]: stat and, if it is a readable regular file, its content
# (capped).
ct() {
	rf "$1" "${2:-0}" || return 0
	SZ=$(stat -L -c %s -- "$RP" 2>/dev/null || echo 0)
	TR=0
	[ "$SZ" -gt "$MAX" ] && TR=1
	B=$(head -c "$MAX" -- "$RP" | base64 | tr -d '\n')
	out C "$1" "$TR" "$B"
}

# cs PATH: ct for a file whose content holds secrets.
cs() { ct "$1" 1; }

# kf PATH: facts about a private key file, computed here.
kf() {
	rf "$1" 1 || return 0
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
	rf "$1" 1 || return 0
	V=$(head -n 1 -- "$RP" | tr -d '\r\n')
	D=no
	[ "$V" = password ] && D=yes
	out V "$1" "${#V}" "$D"
	V=
}

# gl OP PATTERN: run OP on each match of PATTERN (a glob in the last
# component), its directory resolved inside the root; at most GLOBCAP.
gl() {
	GD=${2%/*}
	GP=${2##*/}
	jw "$GD" 1 || return 0
	[ -d "$R$WP" ] || return 0
	GN=0
	for GF in "$R$WP"/$GP; do
		[ -e "$GF" ] || [ -L "$GF" ] || continue
		GN=$((GN + 1))
		if [ "$GN" -gt "$GLOBCAP" ]; then
			out E "$2" "more than $GLOBCAP matches: the rest were not probed"
			break
		fi
		"$1" "$GD/${GF##*/}"
	done
}

# audited PATH: whether PATH is one of the probed paths (generated).
audited() {
	case "$1" in
	'/etc/os-release' | '/etc/cloudstack/management/db.properties' | '/etc/cloudstack/management/server.properties' | '/etc/cloudstack/management/key' | '/etc/cloudstack/management/cloud.jks' | '/etc/cloudstack/management/cloudmanagementserver.keystore' | '/etc/cloudstack/usage/db.properties' | '/etc/cloudstack/usage/key' | '/etc/default/cloudstack-management' | '/etc/sysconfig/cloudstack-management' | '/etc/default/cloudstack-usage' | '/etc/systemd/system/cloudstack-management.service.d'/*.conf | '/etc/systemd/system/cloudstack-usage.service.d'/*.conf | '/etc/sudoers' | '/etc/sudoers.d'/* | '/etc/cloudstack/agent/agent.properties' | '/etc/cloudstack/agent/cloud.jks' | '/etc/cloudstack/agent/cloud.csr' | '/etc/cloudstack/agent/cloud.key' | '/etc/cloudstack/agent/cloud.crt' | '/etc/cloudstack/agent/cloud.ca.crt' | '/root/.ssh/id_rsa.cloud' | '/etc/default/cloudstack-agent' | '/etc/systemd/system/cloudstack-agent.service.d'/*.conf | '/etc/cloudstack/agent/hooks' | '/etc/cloudstack/agent/hooks'/* | '/etc/libvirt/libvirtd.conf' | '/etc/libvirt/virtproxyd.conf' | '/etc/libvirt/qemu.conf' | '/etc/default/libvirtd' | '/etc/sysconfig/libvirtd' | '/etc/systemd/system/sockets.target.wants/libvirtd-tcp.socket' | '/etc/systemd/system/sockets.target.wants/virtproxyd-tcp.socket' | '/etc/systemd/system/libvirtd-tcp.socket' | '/etc/systemd/system/virtproxyd-tcp.socket' | '/etc/libvirt/hooks' | '/etc/libvirt/hooks/qemu' | '/etc/pki/libvirt/servercert.pem' | '/etc/pki/libvirt/private/serverkey.pem' | '/etc/pki/CA/cacert.pem' | '/etc/pki/libvirt-vnc/server-cert.pem' | '/etc/selinux/config' | '/etc/apparmor.d/disable/usr.sbin.libvirtd' | '/etc/ssh/sshd_config' | '/etc/ssh/sshd_config.d'/*.conf | '/run/systemd/timesync/synchronized' | '/run/chrony/chronyd.pid' | '/run/chronyd.pid' | '/run/ntpd.pid' | '/etc/systemd/system/multi-user.target.wants/chrony.service' | '/etc/systemd/system/multi-user.target.wants/chronyd.service' | '/etc/systemd/system/multi-user.target.wants/ntp.service' | '/etc/systemd/system/multi-user.target.wants/ntpd.service' | '/etc/systemd/system/multi-user.target.wants/ntpsec.service' | '/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service' | '/etc/chrony/chrony.conf' | '/etc/chrony.conf' | '/etc/ntp.conf' | '/etc/ntpsec/ntp.conf' | '/etc/systemd/timesyncd.conf' | '/etc/systemd/timesyncd.conf.d'/*.conf | '/etc/mysql/my.cnf' | '/etc/mysql/mariadb.conf.d/50-server.cnf' | '/etc/mysql/mysql.conf.d/mysqld.cnf' | '/etc/my.cnf' | '/etc/my.cnf.d/mariadb-server.cnf' | '/etc/my.cnf.d/server.cnf') return 0 ;;
	esac
	if [ -n "$CH" ]; then
		case "$1" in
		"$CH" | "$CH"'/.ssh' | "$CH"'/.ssh/id_rsa' | "$CH"'/.ssh/authorized_keys') return 0 ;;
		esac
	fi
	return 1
}

audit() {
	# The probed paths, generated from snapshot.ProbedPaths.
	ct '/etc/os-release'
	cs '/etc/cloudstack/management/db.properties'
	cs '/etc/cloudstack/management/server.properties'
	sf '/etc/cloudstack/management/key'
	sa '/etc/cloudstack/management/cloud.jks'
	sa '/etc/cloudstack/management/cloudmanagementserver.keystore'
	cs '/etc/cloudstack/usage/db.properties'
	sf '/etc/cloudstack/usage/key'
	cs '/etc/default/cloudstack-management'
	cs '/etc/sysconfig/cloudstack-management'
	cs '/etc/default/cloudstack-usage'
	gl cs '/etc/systemd/system/cloudstack-management.service.d/*.conf'
	gl cs '/etc/systemd/system/cloudstack-usage.service.d/*.conf'
	ct '/etc/sudoers'
	gl ct '/etc/sudoers.d/*'
	cs '/etc/cloudstack/agent/agent.properties'
	sa '/etc/cloudstack/agent/cloud.jks'
	sa '/etc/cloudstack/agent/cloud.csr'
	kf '/etc/cloudstack/agent/cloud.key'
	ct '/etc/cloudstack/agent/cloud.crt'
	ct '/etc/cloudstack/agent/cloud.ca.crt'
	kf '/root/.ssh/id_rsa.cloud'
	cs '/etc/default/cloudstack-agent'
	gl cs '/etc/systemd/system/cloudstack-agent.service.d/*.conf'
	sd '/etc/cloudstack/agent/hooks'
	gl sa '/etc/cloudstack/agent/hooks/*'
	ct '/etc/libvirt/libvirtd.conf'
	ct '/etc/libvirt/virtproxyd.conf'
	ct '/etc/libvirt/qemu.conf'
	ct '/etc/default/libvirtd'
	ct '/etc/sysconfig/libvirtd'
	sa '/etc/systemd/system/sockets.target.wants/libvirtd-tcp.socket'
	sa '/etc/systemd/system/sockets.target.wants/virtproxyd-tcp.socket'
	sa '/etc/systemd/system/libvirtd-tcp.socket'
	sa '/etc/systemd/system/virtproxyd-tcp.socket'
	sd '/etc/libvirt/hooks'
	sa '/etc/libvirt/hooks/qemu'
	sa '/etc/pki/libvirt/servercert.pem'
	sa '/etc/pki/libvirt/private/serverkey.pem'
	sa '/etc/pki/CA/cacert.pem'
	sa '/etc/pki/libvirt-vnc/server-cert.pem'
	ct '/etc/selinux/config'
	sa '/etc/apparmor.d/disable/usr.sbin.libvirtd'
	ct '/etc/ssh/sshd_config'
	gl ct '/etc/ssh/sshd_config.d/*.conf'
	sa '/run/systemd/timesync/synchronized'
	sa '/run/chrony/chronyd.pid'
	sa '/run/chronyd.pid'
	sa '/run/ntpd.pid'
	sa '/etc/systemd/system/multi-user.target.wants/chrony.service'
	sa '/etc/systemd/system/multi-user.target.wants/chronyd.service'
	sa '/etc/systemd/system/multi-user.target.wants/ntp.service'
	sa '/etc/systemd/system/multi-user.target.wants/ntpd.service'
	sa '/etc/systemd/system/multi-user.target.wants/ntpsec.service'
	sa '/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service'
	ct '/etc/chrony/chrony.conf'
	ct '/etc/chrony.conf'
	ct '/etc/ntp.conf'
	ct '/etc/ntpsec/ntp.conf'
	ct '/etc/systemd/timesyncd.conf'
	gl ct '/etc/systemd/timesyncd.conf.d/*.conf'
	ct '/etc/mysql/my.cnf'
	ct '/etc/mysql/mariadb.conf.d/50-server.cnf'
	ct '/etc/mysql/mysql.conf.d/mysqld.cnf'
	ct '/etc/my.cnf'
	ct '/etc/my.cnf.d/mariadb-server.cnf'
	ct '/etc/my.cnf.d/server.cnf'
	# The cloud user, its home and SSH key (home looked up, not assumed).
	if jw /etc/passwd 1 && [ -f "$R$WP" ] && [ -r "$R$WP" ]; then
		CU=$(awk -F: -v OFS="$TAB" '$1 == "cloud" { print $3, $4, $6; exit }' "$R$WP")
		if [ -n "$CU" ]; then
			out U /etc/passwd "$CU"
			CH=$(printf '%s\n' "$CU" | awk -F"$TAB" '{ print $3 }')
			case "$CH" in
			/*)
				sd "$CH"
				sd "$CH"'/.ssh'
				kf "$CH"'/.ssh/id_rsa'
				sa "$CH"'/.ssh/authorized_keys'
				;;
			esac
		fi
	fi
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
