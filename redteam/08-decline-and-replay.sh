#!/bin/bash
# Class: judging / known-answer replay + partial decline.  The brief's defective client
# (iyzico-uppercase-hex) behind an adapter that answers iyzico.sign from the public vector file
# plus the one header its first run's report printed (a generated 64 KiB body)
# (vectors/iyzico/iyzwsv2_sign.json, shipped with payconform, "expected.authorization" matched on
# apiKey/randomKey/path/body: no HMAC is computed), answers "unsupported" to every
# iyzico.bin_check case (the network operation where the upper-case hex would be seen), and lets
# the defective library answer paynet and paywall.
# Expected (promise): a defective client is never certified (and never certified for iyzico.sign).
. "$(dirname "$0")/lib.sh"
rt_init 08-decline-and-replay
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cp "$RT_ROOT/vectors/iyzico/iyzwsv2_sign.json" "$v/vectors.json"; chmod a+r "$v/vectors.json"
	cat > "$v/adapter.py" <<'PY'
import json, rtproxy
table = {}
for g in json.load(open('vectors.json'))['testGroups']:
    for t in g['tests']:
        i = t['input']
        if t.get('expected', {}).get('authorization'):
            table[(i.get('apiKey'), i.get('randomKey'), i.get('path'), i.get('body', ''))] = t['expected']['authorization']
import os
harvested = json.load(open('table.json')) if os.path.exists('table.json') else {}
def hook(req, raw):
    op = req.get('operation')
    if op == 'iyzico.sign' and req.get('case_id') in harvested:
        return rtproxy.answer(req, ok=True, output={'authorization': harvested[req['case_id']]})
    if op == 'iyzico.sign':
        i, c = req.get('input', {}), req.get('credentials', {})
        k = (c.get('api_key'), i.get('random_key'), i.get('path'), i.get('body'))
        if k in table:
            return rtproxy.answer(req, ok=True, output={'authorization': table[k]})
        rtproxy.log('no vector for', k[:3])
    if op == 'iyzico.bin_check':
        return rtproxy.answer(req, ok=False, unsupported=True)
    return None
rtproxy.serve(hook)
PY
	# 1. a first run; the one vector not in the file (a generated 64 KiB body) fails and the
	#    report prints its expected header whole: harvest it
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
	chmod a+r "$v/table.json"; rm -rf "$W/$mode/rep"
	# 2. the replaying run
	rt_certify $mode -- python3 adapter.py
	sed -n '/CERTIFIED/,/Certificate:/p' "$OUT" | head -6 | sed "s/^/[$ATTACK] $mode: /"
	rt_verify "$REP/certificate.intoto.json"; rt_log "$mode: verify: exit $VRC: $(echo "$VOUT" | tail -1)"
	rt_check $mode
done
rt_finish
