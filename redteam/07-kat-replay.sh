#!/bin/bash
# Class: judging / known-answer replay.  iyzico.sign is judged only on fixed, public signing
# vectors, and a mismatch prints the expected header whole.  The defective client here is
# candidate-mutants -defect iyzico-urlsafe-base64 (its tokens use URL-safe base64, which iyzico
# refuses whenever a token holds '+' or '/'); its adapter first runs once to harvest the
# expected headers from its own failing report, then answers every iyzico.sign case it failed
# from that table by case_id, and lets the defective library answer everything else.
# Expected (promise): a defective client is never certified.
. "$(dirname "$0")/lib.sh"
DEFECT=iyzico-urlsafe-base64
rt_init 07-kat-replay
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import json, os, rtproxy
table = json.load(open('table.json')) if os.path.exists('table.json') else {}
def hook(req, raw):
    if req.get('operation') == 'iyzico.sign' and req.get('case_id') in table:
        return rtproxy.answer(req, ok=True, output={'authorization': table[req['case_id']]})
    return None
rtproxy.serve(hook)
PY
	# 1. a harvesting run: the defective client alone
	rt_certify $mode -- python3 adapter.py
	python3 - "$REP/certificate.json" > "$v/table.json" <<'PY'
import json, re, sys
c = json.load(open(sys.argv[1]))
t = {}
for f in c.get('failures') or []:
    case = f['case'].split(':')[0]
    for m in f.get('messages', []):
        x = re.search(r'expected Authorization "(IYZWSv2 [A-Za-z0-9+/=]+)"', m)
        if x and case.startswith('iyzico.sign'):
            t[case] = x.group(1)
print(json.dumps(t))
PY
	chmod a+r "$v/table.json"
	rt_log "$mode: harvested $(python3 -c 'import json,sys;print(len(json.load(open(sys.argv[1]))))' "$v/table.json") expected headers from the first run's report"
	rm -rf "$W/$mode/rep"
	# 2. the replaying run
	rt_certify $mode -- python3 adapter.py
	rt_verify "$REP/certificate.intoto.json"; rt_log "$mode: verify: exit $VRC: $(echo "$VOUT" | tail -1)"
	rt_check $mode
done
rt_finish
