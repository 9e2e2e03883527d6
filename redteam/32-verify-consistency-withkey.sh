#!/bin/bash
# Class: forging envelopes for `payconform verify`, with the key.  The key's holder can sign
# anything (threat model); what verify promises on top is that "certified and every operation's
# status follow from the per-requirement results", that the subject digest covers its fields,
# that the adapter ran in a sandbox, and that the vector/contract digests are its own.  Starting
# from the defective client's genuine NOT CERTIFIED certificate, each variant below is signed with
# the release key and must be refused unless it is self-consistent:
#   status/count contradictions (status pass with failed>0; negative counts; counts that do not
#   add up; cases 0), a failing MUST relabelled SHOULD, the failing requirements left out,
#   requirements null, an operation listed twice (failed and certified), unknown operation and
#   requirement names, "certified":"true" as a string, isolation claims (isolated false; an empty
#   sandbox list; mode "none"), another judge ("hosted"), a subject digest that does not match,
#   another vectors digest, another predicateType / _type, duplicate keys in the signed payload.
# Expected (promise): verify refuses every variant whose verdict does not follow from its
# results (or whose subject/isolation/digests are wrong); accepting one is recorded BROKEN (with
# the key, so a weaker break than the others).
. "$(dirname "$0")/lib.sh"
rt_init 32-verify-consistency-withkey
F=$W/forge; mkdir -p "$F"
mode=root
v=$(rt_vendor $mode)
rt_certify $mode -- ./candidate-mutants -defect $DEFECT; cp "$REP/certificate.intoto.json" "$F/mutant.json"
FORGE="python3 $RT_DIR/tools/forge.py"
edit() {   # name, python over s (statement), p = s['predicate']
	$FORGE edit "$F/mutant.json" "$F/$1.json" --key "$KEY" --py "p = s['predicate']
$2" || rt_log "forge $1 failed"
}
ALLPASS="p['certified'] = True
for o in p['operations']: o['status'] = 'certified'
p['failures'] = []"
# consistent with itself apart from the named contradiction
edit a-status-pass-counts-fail "$ALLPASS
for r in p['requirements']: r['status'] = 'pass'"
edit b-negative-counts "$ALLPASS
for r in p['requirements']:
    if r['failed']: r.update(status='pass', passed=r['cases'] + r['failed'], failed=-r['failed'])"
edit c-cases-zero "$ALLPASS
for r in p['requirements']: r.update(status='pass', cases=0, passed=0, failed=0)"
edit d-must-relabelled-should "$ALLPASS
for r in p['requirements']:
    if r['failed']: r['level'] = 'SHOULD'; r['status'] = 'warn'"
edit e-failing-left-out "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]"
edit f-requirements-null "$ALLPASS
p['requirements'] = None"
edit g-op-twice "p['certified'] = True
p['operations'] = [o for o in p['operations'] if not o['operation'].startswith('iyzico')] + [{'operation': 'iyzico.sign', 'status': 'certified'}] + [o for o in p['operations'] if o['operation'].startswith('iyzico')]"
edit h-unknown-names "$ALLPASS
for r in p['requirements']:
    if r['failed']: r.update(id=r['id'] + 'X', operation=r['operation'] + ' ')"
edit i-certified-string "p['certified'] = 'true'"
edit j-isolated-false "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
p['isolation']['isolated'] = False"
edit k-sandbox-empty "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
p['isolation']['sandbox'] = []; p['isolation']['mode'] = 'none'"
edit l-judge-hosted "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
p['judge'] = 'hosted by payconform.dev'"
edit m-subject-digest "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
p['subject']['dir']['sha256'] = '0' * 64"
edit n-vectors-digest "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
p['harness']['vectorsSha256'] = '0' * 64"
edit o-predicate-type "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
s['predicateType'] = 'https://example.com/other/v1'; s['_type'] = 'https://in-toto.io/Statement/v0.1'"
edit p-in-toto-subject "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
s['subject'][0]['digest']['sha256'] = '0' * 64; s['subject'][0]['name'] = 'payconform-reference 1.0.0'"
edit q-failures-kept "p['certified'] = True
for r in p['requirements']: r.update(status='pass', passed=r['cases'], failed=0)
for o in p['operations']: o['status'] = 'certified'"
edit r-describe-other-name "$ALLPASS
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
p['candidate']['description']['name'] = 'payconform-reference'"
edit s-extra-verdict-field "p['verdict'] = {'certified': True}; p['override'] = True"
# duplicate keys inside the signed payload: certified false, then true
python3 - "$F/mutant.json" "$F/t-dup-key-payload.json" "$KEY" <<'PY'
import base64, json, sys
sys.path.insert(0, sys.argv[0].rsplit('/', 1)[0])
e = json.load(open(sys.argv[1]))
s = json.loads(base64.b64decode(e['payload']))
p = s['predicate']
p['requirements'] = [r for r in p['requirements'] if not r['failed']]
for o in p['operations']: o['status'] = 'certified'
p['failures'] = []
raw = json.dumps(s).replace('"certified": false', '"certified": false, "certified": true', 1)
e['payload'] = base64.b64encode(raw.encode()).decode()
open(sys.argv[2], 'w').write(json.dumps(e))
PY
$FORGE resign "$F/t-dup-key-payload.json" "$F/t-dup-key-payload.json" --key "$KEY"
for f in "$F"/[a-z]-*.json; do
	rt_verify "$f"
	fails=$(echo "$VOUT" | grep '^FAIL' | cut -c1-90 | tr '\n' '|')
	rt_log "$(basename "$f" .json): verify exit $VRC: $(echo "$VOUT" | tail -1 | cut -c1-70) ${fails}"
	if [ "$VRC" = 0 ] && echo "$VOUT" | grep -q '^VERIFIED: CERTIFIED'; then
		case "$(basename "$f")" in
		e-failing-left-out*|r-describe-other-name*) rt_note "$(basename "$f" .json) accepted (self-consistent once signed; only the key's holder can make it)";;
		*) rt_broken "with the key: verify accepts $(basename "$f" .json) as CERTIFIED although it contradicts itself or verify's own checks";;
		esac
	fi
done
rt_finish
