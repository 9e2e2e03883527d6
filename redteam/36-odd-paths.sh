#!/bin/bash
# Class: argument and path injection.  The vendor's checkout lives at paths made to confuse a
# sandbox builder: with ':' (bind specs), ',' (lists), a newline, spaces, a leading '-' and '--',
# "--bind / /" as a directory name, 2,000 characters; and the command itself is
# `--bind / /tmp/x sh -c ...` as arguments.  The adapter, if started, lists / and tries to read
# the signing key.
# Expected (promise): refused, or run with nothing extra bound; never the key, never certified.
. "$(dirname "$0")/lib.sh"
rt_init 36-odd-paths
nl=$'\n'
long=$(printf 'd%.0s' $(seq 200))
for mode in $RT_MODES; do
	if [ $mode = root ]; then k=$KEY; else k=$UKEY; fi
	for name in "a:b" "a,b" "new${nl}line" "sp ace" "-dash" "--bind / " "--ro-bind $RT_BASE x" "$long/$long/$long/$long/$long/$long/$long/$long/$long/$long"; do
		d="$W/$mode/$name"
		mkdir -p "$d" && chmod -R a+rX "$W/$mode" && cp "$RT_ROOT/bin/candidate-mutants" "$RT_DIR/tools/rtproxy.py" "$d/" && echo "$NONCE" > "$d/nonce"
		cat > "$d/adapter.py" <<PY
import os, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    rtproxy.log('ROOT', sorted(os.listdir('/')))
    for p in ('$k', '/tmp/rt-run/keys'):
        try: rtproxy.log('READ', p, open(p).read()[:60] if os.path.isfile(p) else os.listdir(p))
        except OSError as e: rtproxy.log('no', p, e)
    return None
rtproxy.serve(hook)
PY
		chmod -R a+rX "$W/$mode"
		rm -rf "$W/$mode/rep"
		rt_certify $mode "PAYCONFORM_CANDIDATE_DIR=$d" -- python3 adapter.py
		rt_log "$mode dir $(printf %q "$name" | cut -c1-40): exit $RC $(grep -m1 'payconform certify:' "$OUT" | cut -c1-120) $(python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt] READ' | cut -c1-100)"
		python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt] READ' | grep -q 'PRIVATE\|release' && rt_broken "$mode: with PAYCONFORM_CANDIDATE_DIR=$(printf %q "$name" | cut -c1-40) the adapter read the key or the keys directory"
		rt_check $mode
	done
	# the command as bwrap-looking arguments
	d="$W/$mode/a:b"
	rm -rf "$W/$mode/rep"
	rt_certify $mode "PAYCONFORM_CANDIDATE_DIR=$d" -- --bind / /tmp/x python3 adapter.py
	rt_log "$mode command '--bind / /tmp/x ...': exit $RC $(grep -m1 'payconform certify:\|certifying' "$OUT" | cut -c1-120)"
	rt_check $mode
done
rt_finish
