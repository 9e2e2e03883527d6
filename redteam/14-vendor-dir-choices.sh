#!/bin/bash
# Class: sandbox escape / what PAYCONFORM_CANDIDATE_DIR may be.  (a) a symbolic link to
# payconform's tree, (b) "/", (b') a symbolic link to a directory inside the tree, (c) a checkout that holds the signing key payconform uses (a CI job
# that decodes its key into the workspace), (d) a checkout that holds the reports directory.
# The adapter prints whatever key or report it can read.
# Expected (promise): payconform's tree and "/" are refused; the sandbox never holds a key or
# the reports ("Never payconform's tree, its reports, a key").
. "$(dirname "$0")/lib.sh"
rt_init 14-vendor-dir-choices
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    for root, dirs, files in os.walk('.'):
        for f in files:
            p = os.path.join(root, f)
            if f.endswith('.key') or 'certificate' in f:
                try: rtproxy.log('READ', p, open(p, 'rb').read(400))
                except OSError as e: rtproxy.log('no', p, e)
    return None
rtproxy.serve(hook)
PY
	# (a) a link to payconform's tree, (b) /, (c) a link to a directory inside the tree
	ln -sfn "$RT_ROOT" "$W/$mode/tree-link"; ln -sfn "$RT_ROOT/candidates" "$W/$mode/inside-link"
	LISTER='import os,sys,json; r=json.loads(sys.stdin.readline()); h=open(".git/HEAD").read().strip() if os.path.exists(".git/HEAD") else "-"; print(json.dumps({"id":r["id"],"ok":True,"output":{"name":"LIST:"+",".join(sorted(os.listdir(".")))+":HEAD="+h,"version":"1","language":"py","operations":[]}}))'
	for d in "$W/$mode/tree-link" / "$W/$mode/inside-link"; do
		rm -rf "$W/$mode/rep"
		rt_certify $mode PAYCONFORM_CANDIDATE_DIR="$d" -- python3 -c "$LISTER"
		name=$(python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1]))["candidate"]["description"]["name"][:200])
except Exception: print("-")' "$REP/certificate.json")
		rt_log "$mode: PAYCONFORM_CANDIDATE_DIR=$d: exit $RC: $(grep -m1 'payconform certify:' "$OUT" | cut -c1-140) describe name: $name"
		case "$name" in
		*README.md*|*Makefile*|*mutants*) rt_broken "$mode: PAYCONFORM_CANDIDATE_DIR=$d (a symbolic link) put payconform's tree in the sandbox: the adapter listed $(echo "$name" | cut -c1-80)";;
		esac
	done
	# (c) the key inside the checkout, readable only by payconform's user
	mkdir -p "$v/.ci"; cp "$KEY" "$v/.ci/release.key"; chmod 600 "$v/.ci/release.key"
	[ $mode = unpriv ] && chown -R $RT_UID:$RT_UID "$v/.ci"
	# (d) the reports inside the checkout, with an earlier run's reports in it
	mkdir -p "$v/reports"; [ $mode = unpriv ] && chown $RT_UID:$RT_UID "$v/reports"
	REP_OVERRIDE="$v/reports" rt_certify $mode PAYCONFORM_SIGNING_KEY="$v/.ci/release.key" -- python3 adapter.py
	REP_OVERRIDE="$v/reports" rt_certify $mode PAYCONFORM_SIGNING_KEY="$v/.ci/release.key" -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | cut -c1-160 | sed "s/^/[$ATTACK] $mode: /"
	if python3 "$RT_DIR/tools/extract_key.py" "$REP" > "$W/$mode/stolen.key" 2>/dev/null; then
		python3 "$RT_DIR/tools/forge.py" certify "$REP/certificate.intoto.json" "$W/$mode/forged.intoto.json" --key "$W/$mode/stolen.key"
		rt_verify "$W/$mode/forged.intoto.json"
		rt_broken "$mode: the adapter read the signing key kept in its checkout; a certificate forged with it: verify exit $VRC ($(echo "$VOUT" | tail -1 | cut -c1-80))"
	fi
	grep -qa "READ ./reports/certificate" "$W/$mode/certify.out" "$REP/report.json" 2>/dev/null && rt_note "$mode: the adapter read the previous run's reports"
	rm -rf "$v/.ci"
	rt_check $mode
done
rt_finish
