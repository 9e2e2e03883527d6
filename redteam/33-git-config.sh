#!/bin/bash
# Class: sandbox escape through the subject's git reading.  The vendor's checkout is a git
# repository whose configuration runs programs when git reads it (core.fsmonitor, a clean/smudge
# filter with .gitattributes, diff.external, textconv, core.pager, core.hooksPath, an
# include.path of the signing key) and whose worktree points at payconform's tree; a second
# checkout's .git is a file "gitdir: <payconform's .git>".  Each program would touch a pwned file
# on the host and copy the key it can see into the checkout.
# Expected (promise): nothing runs outside a sandbox, no pwned file, the key stays unread, and
# the subject does not describe payconform's repository.
. "$(dirname "$0")/lib.sh"
rt_init 33-git-config
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import rtproxy
rtproxy.serve()
PY
	if [ $mode = root ]; then k=$KEY; else k=$UKEY; fi
	P="touch $W/pwned-git-\$\$; cat $k > $v/stolen-by-git.key 2>/dev/null; cat $k >&2; echo"
	(cd "$v" && git init -q && git config user.email a@b && git config user.name a && git add -A && git commit -qm init) || true
	cat >> "$v/.git/config" <<CFG
[core]
	fsmonitor = "$P"
	pager = "$P"
	hooksPath = $W
	worktree = $RT_ROOT
[diff]
	external = "$P"
[diff "x"]
	textconv = "$P"
[filter "x"]
	clean = "$P"
	smudge = "$P"
	process = "$P"
	required = true
[include]
	path = $k
CFG
	echo '* filter=x diff=x' > "$v/.gitattributes"
	echo dirty >> "$v/adapter.py"; sed -i '$d' "$v/adapter.py"; echo "# changed" >> "$v/adapter.py"; echo untracked > "$v/untracked.txt"
	chmod -R a+rX "$v"
	[ $mode = unpriv ] && chown -R $RT_UID:$RT_UID "$v"
	rt_certify $mode -- python3 adapter.py
	python3 -c 'import json,sys;c=json.load(open(sys.argv[1]));print(json.dumps(c["subject"])[:400])' "$REP/certificate.json" 2>/dev/null | sed "s/^/[$ATTACK] $mode subject: /"
	[ -s "$v/stolen-by-git.key" ] && rt_broken "$mode: a git-configured program read the signing key"
	grep -q "$(cd "$RT_ROOT" && git rev-parse HEAD)" "$REP/certificate.json" 2>/dev/null && python3 -c 'import json,sys;c=json.load(open(sys.argv[1]));sys.exit(0 if "git" in json.dumps(c["subject"]) and sys.argv[2] in json.dumps(c["subject"]) else 1)' "$REP/certificate.json" "$(cd "$RT_ROOT" && git rev-parse HEAD)" && rt_broken "$mode: the subject names payconform's own commit"
	rt_check $mode
	# a second checkout whose .git is a file pointing at payconform's repository
	rm -rf "$v/.git" "$v/.gitattributes" "$REP"; echo "gitdir: $RT_ROOT/.git" > "$v/.git"; chmod a+r "$v/.git"
	rt_certify $mode -- python3 adapter.py
	python3 -c 'import json,sys;c=json.load(open(sys.argv[1]));print(json.dumps(c["subject"])[:400])' "$REP/certificate.json" 2>/dev/null | sed "s/^/[$ATTACK] $mode gitdir-file subject: /"
	python3 -c 'import json,sys;c=json.load(open(sys.argv[1]));sys.exit(0 if sys.argv[2] in json.dumps(c["subject"]) else 1)' "$REP/certificate.json" "$(cd "$RT_ROOT" && git rev-parse HEAD)" 2>/dev/null && rt_broken "$mode: a .git file pointing at payconform's repository made the subject name payconform's commit"
	rt_check $mode
done
rt_finish
