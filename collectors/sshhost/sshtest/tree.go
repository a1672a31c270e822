package sshtest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// ManifestName is the file at the root of every fixture tree that lists
// modes, owners and symlinks (git keeps none of them).
const ManifestName = "MODES"

// Default mode of everything a manifest does not list; owner root:root.
const (
	DefaultFileMode = 0o644
	DefaultDirMode  = 0o755
)

// Entry is one line of a MODES manifest: either a mode/owner/group for a
// path of the tree, or a symlink (Target set, Mode/Owner/Group empty).
type Entry struct {
	Path   string // absolute path inside the tree, e.g. /etc/cloudstack/management/key
	Mode   uint32 // permission bits, e.g. 0o640 (setuid/setgid/sticky allowed)
	Owner  string
	Group  string
	Dir    bool   // written "PATH/": a directory, created if the tree lacks it
	Target string // symlink target, written "PATH -> TARGET"
	Line   int
}

// HostsDir returns testdata/hosts of the repository, from any package.
func HostsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "hosts")
}

// Trees lists the fixture trees (directories of HostsDir with a manifest).
func Trees() ([]string, error) {
	ents, err := os.ReadDir(HostsDir())
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(HostsDir(), e.Name(), ManifestName)); err == nil {
				names = append(names, e.Name())
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// Manifest parses testdata/hosts/<name>/MODES.
func Manifest(name string) ([]Entry, error) {
	f, err := os.Open(filepath.Join(HostsDir(), name, ManifestName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseManifest(f)
}

// ParseManifest reads a manifest: one entry a line, "PATH MODE OWNER
// GROUP" (MODE in octal) or "PATH -> TARGET"; blank lines and lines starting
// with # are ignored. A path may appear once.
func ParseManifest(r io.Reader) ([]Entry, error) {
	var out []Entry
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		e := Entry{Line: n}
		switch {
		case len(f) == 3 && f[1] == "->":
			e.Path, e.Target = f[0], f[2]
		case len(f) == 4:
			e.Path, e.Owner, e.Group = f[0], f[2], f[3]
			m, err := strconv.ParseUint(f[1], 8, 32)
			if err != nil || m > 0o7777 || len(f[1]) < 3 {
				return nil, fmt.Errorf("MODES line %d: bad mode %q (want octal, e.g. 0640)", n, f[1])
			}
			e.Mode = uint32(m)
		default:
			return nil, fmt.Errorf("MODES line %d: want \"PATH MODE OWNER GROUP\" or \"PATH -> TARGET\": %q", n, line)
		}
		if strings.HasSuffix(e.Path, "/") && e.Target == "" && len(e.Path) > 1 {
			e.Dir = true
			e.Path = strings.TrimSuffix(e.Path, "/")
		}
		if !strings.HasPrefix(e.Path, "/") || path.Clean(e.Path) != e.Path || e.Path == "/" {
			return nil, fmt.Errorf("MODES line %d: path %q must be absolute and clean", n, e.Path)
		}
		if prev, ok := seen[e.Path]; ok {
			return nil, fmt.Errorf("MODES line %d: %s already listed on line %d", n, e.Path, prev)
		}
		seen[e.Path] = n
		out = append(out, e)
	}
	return out, sc.Err()
}

// Tree copies testdata/hosts/<name> into a fresh temporary directory and
// returns its absolute path, the tree's "/". Every file becomes 0644 and
// every directory 0755, root:root; then the MODES manifest is applied
// (chmod, chown, chgrp, symlinks; parents of symlinks are created 0755).
// The temporary directory itself is 0755 and every parent must be
// traversable by others, so ProbeUser can read what the modes allow.
//
// Owners and groups are resolved on this machine, and the tree's own
// /etc/passwd and /etc/group entries of those names get this machine's
// numeric ids, so stat(1) inside the tree and the tree's passwd agree.
//
// Needs root (chown). The caller removes the tree with os.RemoveAll.
func Tree(name string) (root string, err error) {
	if os.Geteuid() != 0 {
		return "", errors.New("sshtest.Tree needs root (it chowns files)")
	}
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("bad tree name %q", name)
	}
	src := filepath.Join(HostsDir(), name)
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("fixture tree %s not found in %s", name, HostsDir())
	}
	entries, err := Manifest(name)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	if err := EnsureUsers(); err != nil {
		return "", err
	}
	ids, err := resolveIDs(entries)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	root, err = os.MkdirTemp("", "csaudit-host-"+name+"-")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(root)
			root = ""
		}
	}()
	if root, err = filepath.Abs(root); err != nil {
		return "", err
	}
	if err = setMode(root, DefaultDirMode, 0, 0); err != nil {
		return "", err
	}
	if err = traversable(filepath.Dir(root)); err != nil {
		return "", err
	}
	if err = copyTree(src, root); err != nil {
		return "", err
	}
	for _, e := range entries {
		if err = apply(root, e, ids); err != nil {
			return "", fmt.Errorf("%s MODES line %d: %w", name, e.Line, err)
		}
	}
	if err = rewriteIDs(root, ids); err != nil {
		return "", err
	}
	return root, nil
}

// traversable checks that others may search every directory from / to dir.
func traversable(dir string) error {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("%s is not traversable by %s (mode %04o); set TMPDIR to a directory that is", d, ProbeUser, fi.Mode().Perm())
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}

type idMaps struct {
	users  map[string]int
	groups map[string]int
}

func resolveIDs(entries []Entry) (idMaps, error) {
	ids := idMaps{users: map[string]int{"root": 0}, groups: map[string]int{"root": 0}}
	for _, e := range entries {
		if e.Target != "" {
			continue
		}
		if _, ok := ids.users[e.Owner]; !ok {
			u, err := user.Lookup(e.Owner)
			if err != nil {
				return ids, fmt.Errorf("owner %q (line %d) does not exist on this machine", e.Owner, e.Line)
			}
			ids.users[e.Owner], _ = strconv.Atoi(u.Uid)
		}
		if _, ok := ids.groups[e.Group]; !ok {
			g, err := user.LookupGroup(e.Group)
			if err != nil {
				return ids, fmt.Errorf("group %q (line %d) does not exist on this machine", e.Group, e.Line)
			}
			ids.groups[e.Group], _ = strconv.Atoi(g.Gid)
		}
	}
	return ids, nil
}

func setMode(p string, mode uint32, uid, gid int) error {
	if err := os.Lchown(p, uid, gid); err != nil {
		return err
	}
	// syscall.Chmod takes the raw bits, setuid/setgid/sticky included.
	return syscall.Chmod(p, mode)
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		if rel == ManifestName {
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			if err := os.Symlink(l, target); err != nil {
				return err
			}
			return os.Lchown(target, 0, 0)
		case d.IsDir():
			if err := os.Mkdir(target, 0o700); err != nil {
				return err
			}
			return setMode(target, DefaultDirMode, 0, 0)
		case d.Type().IsRegular():
			if err := copyFile(p, target); err != nil {
				return err
			}
			return setMode(target, DefaultFileMode, 0, 0)
		default:
			return fmt.Errorf("%s: unsupported file type %s", p, d.Type())
		}
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// mkdirs creates the missing directories of p below root, 0755 root:root.
func mkdirs(root, p string) error {
	cur := root
	for _, part := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%s exists and is not a directory", strings.TrimPrefix(cur, root))
			}
			continue
		}
		if !os.IsNotExist(err) {
			return err
		}
		if err := os.Mkdir(cur, 0o700); err != nil {
			return err
		}
		if err := setMode(cur, DefaultDirMode, 0, 0); err != nil {
			return err
		}
	}
	return nil
}

func apply(root string, e Entry, ids idMaps) error {
	p := filepath.Join(root, filepath.FromSlash(e.Path))
	if e.Target != "" {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s is listed as a symlink but the tree has a file there", e.Path)
		}
		if err := mkdirs(root, path.Dir(e.Path)); err != nil {
			return err
		}
		if err := os.Symlink(e.Target, p); err != nil {
			return err
		}
		return os.Lchown(p, 0, 0)
	}
	fi, err := os.Lstat(p)
	if os.IsNotExist(err) && e.Dir {
		if err := mkdirs(root, e.Path); err != nil {
			return err
		}
		fi, err = os.Lstat(p)
	}
	if err != nil {
		if os.IsNotExist(err) {
			return fmt.Errorf("%s is not in the tree (write \"%s/\" to create a directory)", e.Path, e.Path)
		}
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symlink; modes apply to files and directories", e.Path)
	}
	if e.Dir && !fi.IsDir() {
		return fmt.Errorf("%s is listed as a directory but is a file", e.Path)
	}
	return setMode(p, e.Mode, ids.users[e.Owner], ids.groups[e.Group])
}

// rewriteIDs gives the tree's passwd and group entries of the manifest's
// owners and groups this machine's numeric ids.
func rewriteIDs(root string, ids idMaps) error {
	passwd := filepath.Join(root, "etc", "passwd")
	if err := rewriteColonFile(passwd, func(f []string) {
		if len(f) >= 4 {
			if uid, ok := ids.users[f[0]]; ok {
				f[2] = strconv.Itoa(uid)
				if u, err := user.LookupId(f[2]); err == nil {
					f[3] = u.Gid
				}
			}
		}
	}); err != nil {
		return err
	}
	return rewriteColonFile(filepath.Join(root, "etc", "group"), func(f []string) {
		if len(f) >= 3 {
			if gid, ok := ids.groups[f[0]]; ok {
				f[2] = strconv.Itoa(gid)
			}
		}
	})
}

func rewriteColonFile(p string, edit func([]string)) error {
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, ":")
		edit(f)
		lines[i] = strings.Join(f, ":")
	}
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	// WriteFile keeps the existing mode and owner of the file.
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), fi.Mode().Perm()); err != nil {
		return err
	}
	return nil
}
