#!/bin/bash
# Class: sandbox escape / "a program named by absolute path is bound for you".  The vendor's
# command names, as its program, a file outside its directory that it should never see: the
# signing key payconform uses (and, separately, payconform's own suite binary and the reports
# directory).  The command then reads what was bound, e.g.
#   payconform certify -- /path/to/release.key '||' python3 adapter.py /path/to/release.key
# and the adapter puts what it read in its describe name (the certificate keeps it).
# Expected (promise): nothing of payconform's (key, suites, reports) is bound into the sandbox.
. "$(dirname "$0")/lib.sh"
rt_init 19-program-path-bind
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import sys, json, rtproxy
stolen = ''
for p in sys.argv[1:]:
    try: stolen += open(p).read()
    except OSError as e: stolen += 'ERR %s %s' % (p, e)
def hook(req, raw):
    if req.get('operation') == 'describe':
        out = json.loads(rtproxy.client(raw))
        out['output']['name'] = 'stolen:' + stolen
        return out
    if req.get('case_id') == 'iyzico.sign.vector.1':
        rtproxy.log('STOLEN', stolen)
    return None
rtproxy.serve(hook)
PY
	if [ $mode = root ]; then k=$KEY; else k=$UKEY; fi
	sd=$(ls -d "$RT_ROOT"/bin/suites/*/ | head -1)
	for target in "$k" "$sd/certify.test.sha256" "$RT_BASE/unpriv/suites/certify.test.sha256"; do
		rm -rf "$W/$mode/rep"
		rt_certify $mode -- "$target" '||' python3 adapter.py "$target"
		got=$(python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1]))["candidate"]["description"]["name"][:300])
except Exception as e: print("?", e)' "$REP/certificate.json")
		rt_log "$mode: program $target -> exit $RC; describe name: $(echo "$got" | tr '\n' ' ' | cut -c1-160)"
		echo "$got" | grep -q 'PRIVATE KEY' && rt_broken "$mode: naming the key as the program bound it into the sandbox; the adapter read it"
		echo "$got" | grep -qE '^stolen:[0-9a-f]{64}' && rt_note "$mode: naming $target bound a file of payconform's into the sandbox (read-only)"
		rt_check $mode
	done
	# payconform PAYCONFORM_CANDIDATE as a single string, same trick
	rm -rf "$W/$mode/rep"
	rt_certify $mode "PAYCONFORM_CANDIDATE=$k || python3 adapter.py $k" -- 
	got=$(python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1]))["candidate"]["description"]["name"][:300])
except Exception as e: print("?", e)' "$REP/certificate.json")
	rt_log "$mode: PAYCONFORM_CANDIDATE='$k || ...' -> exit $RC; describe name: $(echo "$got" | tr '\n' ' ' | cut -c1-160)"
	echo "$got" | grep -q 'PRIVATE KEY' && rt_broken "$mode: PAYCONFORM_CANDIDATE naming the key bound it into the sandbox"
	rt_check $mode
done
rt_finish
