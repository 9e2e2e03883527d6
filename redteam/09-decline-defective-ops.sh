#!/bin/bash
# Class: judging / "unsupported" games.  The defective client's describe still lists all four
# operations, but its adapter answers "unsupported" to every iyzico case (where the defect is)
# and lets the library answer the rest.  A second run declines only the iyzico cases the client
# would fail and answers the others (mixed), which the docs say fails.
# Expected (promise): a defective client never obtains a certificate verify accepts as CERTIFIED.
# (The docs allow "certified, iyzico unsupported"; this records what the certificate and verify
# then say about operations the client's own describe claims.)
. "$(dirname "$0")/lib.sh"
rt_init 09-decline-defective-ops
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import sys, rtproxy
mixed = len(sys.argv) > 1 and sys.argv[1] == 'mixed'
def hook(req, raw):
    op = req.get('operation', '')
    if op.startswith('iyzico.'):
        if mixed and req.get('case_id', '').endswith(('.fault.plain.envelope', '.fault.plain.server-error')):
            return None
        return rtproxy.answer(req, ok=False, unsupported=True)
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py all
	sed -n '/CERTIFIED/,/Certificate:/p' "$OUT" | head -6 | sed "s/^/[$ATTACK] $mode all: /"
	rt_verify "$REP/certificate.intoto.json"; rt_log "$mode all: verify exit $VRC: $(echo "$VOUT" | grep -v '^ok' | tr '\n' '|' | cut -c1-400)"
	python3 -c 'import json,sys;c=json.load(open(sys.argv[1]));print("describe claims:",c["candidate"]["description"]["operations"]);print("statuses:",[(o["operation"],o["status"]) for o in c["operations"]])' "$REP/certificate.json" | sed "s/^/[$ATTACK] $mode all: /"
	# the promise: a client whose describe claims iyzico.sign and iyzico.bin_check, and whose
	# library signs them wrongly, must not come out CERTIFIED
	rt_check $mode
	rm -rf "$W/$mode.all"; mv "$REP" "$W/$mode.all"
	rt_certify $mode -- python3 adapter.py mixed
	sed -n '/CERTIFIED/,/Certificate:/p' "$OUT" | head -6 | sed "s/^/[$ATTACK] $mode mixed: /"
	rt_check $mode
done
rt_finish
