#!/bin/bash
# Class: configuration abuse / PAYCONFORM_CANDIDATE_ENV.  Names that are not names: "*",
# "RT_*", "", ",,", "A=B", "RT_CANARY_SECRET=x", a name with a newline before a secret's name,
# a lower-case spelling, and HOME/PATH/TMPDIR/LD_PRELOAD.
# payconform's environment holds secrets (RT_CANARY_SECRET, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY)
# that none of these names exactly.  The adapter prints its whole environment.
# Expected (promise): no variable that was not named exactly reaches the adapter.  (A name with
# surrounding blanks, "RT_CANARY_SECRET ", is trimmed and forwarded: that is naming it.)
. "$(dirname "$0")/lib.sh"
rt_init 17-candidate-env
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    for k, val in sorted(os.environ.items()):
        rtproxy.log('ENV', repr(k), repr(val)[:120])
    return None
rtproxy.serve(hook)
PY
	nl=$'\n'
	for e in '*' 'RT_*' '' ',,' 'A=B' 'RT_CANARY_SECRET=x' "X${nl}RT_CANARY_SECRET" 'rt_canary_secret' \
		'GITHUB_*' 'HOME,PATH,TMPDIR,LD_PRELOAD' 'PAYCONFORM_SIGNING_KEY' '.*' 'RT_CANARY_SECRE' \
		'$RT_CANARY_SECRET' '${RT_CANARY_SECRET}'; do
		rm -rf "$W/$mode/rep"
		rt_certify $mode "PAYCONFORM_CANDIDATE_ENV=$e" "LD_PRELOAD=/nonexistent.so" -- python3 adapter.py
		envs=$(python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt] ENV' | grep -v "'PATH'\|'HOME'\|'LANG'\|'TMPDIR'\|'PWD'\|'SHLVL'\|'_'\|'RT_MARK'" | cut -c10-120 | tr '\n' ' ')
		rt_log "$mode: PAYCONFORM_CANDIDATE_ENV=$(printf %q "$e") -> exit $RC $(grep 'payconform certify:' "$OUT" | head -1 | cut -c1-120) extra env: $envs"
		echo "$envs" | grep -q "PAYCONFORM_SIGNING_KEY" && rt_note "$mode: PAYCONFORM_SIGNING_KEY (the key's path) was forwarded when named"
		rt_check $mode
	done
done
rt_finish
