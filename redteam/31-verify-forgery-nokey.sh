#!/bin/bash
# Class: forging envelopes for `payconform verify`, without the key.  Starting from a genuine
# signed NOT CERTIFIED certificate of the defective client and a genuine signed CERTIFIED one of
# the reference adapter (both made here with the release key), the attacker, who has neither the
# key nor any other power, builds: the defective one edited to certified (signature kept);
# unsigned; duplicate "payload" keys (forged first / genuine second and the reverse); a second
# signature entry; payloadType variants (case, parameters, empty, the DSSE in-toto alias);
# URL-safe / unpadded / whitespace-broken base64 payload; a payload whose JSON repeats
# "certified" (false then true) under the genuine signature (impossible: it changes the bytes);
# the reference's signed envelope with its subject swapped; keyid set to the release key's;
# a signature over an empty payload; a BOM; trailing data after the envelope; a 300 MB envelope;
# a 100,000-deep nesting; the envelope as a JSON array of envelopes.
# Expected (promise): verify accepts none as CERTIFIED for the defective client (only the
# genuine reference one verifies), and none makes verify hang or blow up.
. "$(dirname "$0")/lib.sh"
rt_init 31-verify-forgery-nokey
F=$W/forge; mkdir -p "$F"
mode=root
v=$(rt_vendor $mode)
cp "$RT_ROOT/bin/candidate-reference" "$v/"
rt_certify $mode -- ./candidate-mutants -defect $DEFECT; cp "$REP/certificate.intoto.json" "$F/mutant.json"
rm -rf "$W/$mode/rep"; rt_certify $mode -- ./candidate-reference; cp "$REP/certificate.intoto.json" "$F/reference.json"
rm -rf "$W/$mode/rep"
rt_verify "$F/reference.json"; rt_log "control: the genuine reference certificate: verify exit $VRC ($(echo "$VOUT" | tail -1 | cut -c1-80))"
FORGE="python3 $RT_DIR/tools/forge.py"
$FORGE certify "$F/mutant.json" "$F/01-edited-keep-sig.json"
python3 - "$F" <<'PY'
import base64, json, sys, copy
F = sys.argv[1]
m = json.load(open(F + '/mutant.json')); r = json.load(open(F + '/reference.json'))
def stmt(e): return json.loads(base64.b64decode(e['payload']))
def enc(s): return base64.b64encode(json.dumps(s).encode()).decode()
ms = stmt(m); fs = copy.deepcopy(ms); p = fs['predicate']; p['certified'] = True
for req in p['requirements'] or []:
    req.update(status='pass', passed=req['cases'], failed=0)
for o in p['operations']: o['status'] = 'certified'
p['failures'] = []
forged = enc(fs)
def w(name, text): open(F + '/' + name, 'w').write(text)
w('02-unsigned.json', json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': []}))
w('03-no-signatures-key.json', json.dumps({'payloadType': m['payloadType'], 'payload': forged}))
sig = json.dumps(m['signatures'])
w('04-dup-payload-forged-first.json', '{"payloadType":%s,"payload":"%s","payload":"%s","signatures":%s}' % (json.dumps(m['payloadType']), forged, m['payload'], sig))
w('05-dup-payload-genuine-first.json', '{"payloadType":%s,"payload":"%s","payload":"%s","signatures":%s}' % (json.dumps(m['payloadType']), m['payload'], forged, sig))
w('06-two-signatures.json', json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': [{'keyid': 'x', 'sig': 'AAAA'}] + m['signatures'] + r['signatures']}))
for i, pt in enumerate(['application/vnd.in-toto+JSON', 'application/vnd.in-toto+json; charset=utf-8', '', 'application/vnd.in-toto+json ', 'application/json']):
    w('07-ptype-%d.json' % i, json.dumps({'payloadType': pt, 'payload': forged, 'signatures': m['signatures']}))
w('08-urlsafe-b64.json', json.dumps({'payloadType': m['payloadType'], 'payload': base64.urlsafe_b64encode(json.dumps(fs).encode()).decode().rstrip('='), 'signatures': m['signatures']}))
w('09-b64-whitespace.json', json.dumps({'payloadType': m['payloadType'], 'payload': '\n'.join(forged[i:i+76] for i in range(0, len(forged), 76)), 'signatures': m['signatures']}))
raw = base64.b64decode(m['payload']).decode()
dupc = raw.replace('"certified":false', '"certified":false,"certified":true', 1)
w('10-dup-certified-in-payload.json', json.dumps({'payloadType': m['payloadType'], 'payload': base64.b64encode(dupc.encode()).decode(), 'signatures': m['signatures']}))
rs = stmt(r); rs['subject'] = ms['subject']; rs['predicate']['subject'] = ms['predicate']['subject']; rs['predicate']['candidate'] = ms['predicate']['candidate']
w('11-reference-subject-swapped.json', json.dumps({'payloadType': r['payloadType'], 'payload': enc(rs), 'signatures': r['signatures']}))
w('12-reference-sig-on-forged.json', json.dumps({'payloadType': r['payloadType'], 'payload': forged, 'signatures': r['signatures']}))
w('13-bom.json', '\ufeff' + json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': m['signatures']}))
w('14-trailing.json', json.dumps(r) + '\n' + json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': m['signatures']}))
w('15-array.json', json.dumps([{'payloadType': m['payloadType'], 'payload': forged, 'signatures': m['signatures']}, r]))
w('16-extra-fields.json', json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': m['signatures'], 'payload_genuine': r['payload'], 'verified': True}))
w('17-null-sig.json', json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': [{'keyid': m['signatures'][0]['keyid'], 'sig': None}]}))
w('18-empty-sig.json', json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': [{'keyid': m['signatures'][0]['keyid'], 'sig': ''}]}))
# the reference envelope, with the statement's JSON made to say something else through
# a duplicate subject (appended at the end of the genuine bytes would break the signature)
w('19-deep.json', '[' * 100000 + ']' * 100000)
w('20-unicode-escaped-keys.json', json.dumps({'payloadType': m['payloadType'], 'payload': forged, 'signatures': m['signatures']}).replace('"payload"', '"\\u0070ayload"', 1))
PY
# a 300 MB envelope
python3 -c "
import json,sys
m=json.load(open(sys.argv[1])); m['padding']='x'*(300<<20); open(sys.argv[2],'w').write(json.dumps(m))" "$F/mutant.json" "$F/21-huge.json"
for f in "$F"/[0-9]*.json; do
	start=$(date +%s)
	VOUT=$( (ulimit -v 4000000; timeout 60 "$PC" verify --key "$PUB" "$f") 2>&1); VRC=$?
	took=$(( $(date +%s) - start ))
	rt_log "$(basename "$f"): verify exit $VRC in ${took}s: $(echo "$VOUT" | grep -E 'FAIL|VERIFIED|verify:' | head -2 | tr '\n' ' ' | cut -c1-150)"
	if [ "$VRC" = 0 ] && echo "$VOUT" | grep -q 'VERIFIED: CERTIFIED payconform-mutant'; then rt_broken "verify accepts $(basename "$f") as CERTIFIED"; fi
	[ "$VRC" = 124 ] && rt_broken "verify hung on $(basename "$f")"
	[ "$VRC" -gt 2 ] && [ "$VRC" != 124 ] && rt_note "verify exit $VRC on $(basename "$f")"
done
rm -f "$F/21-huge.json"
rt_finish
