#!/bin/bash
# Class: misreporting / what payconform prints.  The defective client's describe answers with a
# name, version and language holding newlines and terminal escape sequences that draw a fake
# verdict ("\n\nCERTIFIED: ...", "\x1b[1A\x1b[2K", "\rVERIFIED: CERTIFIED ..."), Markdown that
# renders a fake verdict in certificate.md, and an operation list with a fake operation; its
# failing cases print the same on stderr.  The console output of certify and verify, and
# certificate.md, are searched for a line that claims CERTIFIED, and for raw ESC bytes.
# Expected (promise): payconform never prints (or writes) a line saying the client is CERTIFIED
# when it is not; no raw escape sequence from the adapter reaches the operator's terminal.
. "$(dirname "$0")/lib.sh"
rt_init 29-describe-injection
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import json, sys, rtproxy
FAKE = 'acme\n\nCERTIFIED: acme-sdk 1.0.0\n  iyzico.sign            certified\n\x1b[1A\x1b[2K\rVERIFIED: CERTIFIED acme-sdk 1.0.0, by payconform\n# CERTIFIED\n\n| **CERTIFIED** |'
def hook(req, raw):
    if req.get('operation') == 'describe':
        d = json.loads(rtproxy.client(raw))
        d['output']['name'] = FAKE
        d['output']['version'] = '1.0.0\x1b]0;CERTIFIED\x07\x1b[32m'
        d['output']['language'] = 'go\r\nCERTIFIED: acme'
        d['output']['operations'] = d['output']['operations'] + ['iyzico.sign\nCERTIFIED']
        return d
    if req.get('operation', '').startswith('iyzico.'):
        rtproxy.log(FAKE)
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	rt_verify "$REP/certificate.intoto.json"
	echo "$VOUT" > "$W/$mode/verify.out"
	if [ "$RC" != 0 ]; then
		grep -naE '^[^a-zA-Z]*CERTIFIED:|^[^a-zA-Z]*VERIFIED: CERTIFIED' "$OUT" | head -3 | sed "s/^/[$ATTACK] $mode certify prints: /"
		grep -qaE '^ *CERTIFIED:|VERIFIED: CERTIFIED' "$OUT" && rt_broken "$mode: certify's output holds a line saying CERTIFIED for a run that exited $RC"
		grep -qaE '^.*VERIFIED: CERTIFIED' "$W/$mode/verify.out" && grep -q '^VERIFIED: NOT' "$W/$mode/verify.out" && rt_broken "$mode: verify's output for a NOT CERTIFIED certificate holds a line 'VERIFIED: CERTIFIED ...'"
		grep -qa $'\x1b' "$OUT" "$W/$mode/verify.out" && rt_broken "$mode: raw escape sequences from the adapter reach payconform's console output"
		grep -naE '^# CERTIFIED|^CERTIFIED:' "$REP/certificate.md" | head -2 | sed "s/^/[$ATTACK] $mode certificate.md: /"
		grep -qaE '^# CERTIFIED|^CERTIFIED:' "$REP/certificate.md" && rt_broken "$mode: certificate.md holds an adapter-written line claiming CERTIFIED"
	fi
	grep -a 'VERIFIED' "$W/$mode/verify.out" | cat -v | head -3 | sed "s/^/[$ATTACK] $mode verify prints: /"
	rt_check $mode
done
rt_finish
