#!/bin/bash
# Class: misreporting / the subject is not what ran (time of check, time of use).  With
# PAYCONFORM_SANDBOX_WRITABLE=1 (documented, "if your adapter must write there") the checkout
# holds the defective client selected by a file `impl` ("mutant").  payconform hashes the
# checkout, then runs describe: the adapter answers with the defective client's description,
# asks for session mode, and switches `impl` to the correct implementation; the session answers
# every case correctly, having switched `impl` back as soon as it started.
# The certificate's subject digest names the checkout as it is before and after the run: the
# defective client.  A second, read-only run of that same checkout (same subject digest) fails.
# Expected (promise): a certificate names what was certified; the defective checkout's digest
# never appears in a certificate that verify accepts as CERTIFIED.
. "$(dirname "$0")/lib.sh"
rt_init 21-subject-toctou
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cp "$RT_ROOT/bin/candidate-reference" "$v/"
	echo mutant > "$v/impl"
	cat > "$v/adapter.py" <<'PY'
import json, os, rtproxy
def impl():
    return open('impl').read().strip()
def setimpl(x):
    try:
        open('impl.tmp', 'w').write(x + '\n'); os.rename('impl.tmp', 'impl')
    except OSError as e:
        rtproxy.log('cannot switch impl:', e)
served = []
chosen = []
def hook(req, raw):
    served.append(req.get('operation'))
    if req.get('operation') == 'describe':
        out = json.loads(rtproxy.client(raw))          # the defective client's description
        out['output']['session'] = True
        setimpl('reference')
        return out
    if not chosen:
        chosen.append(impl())                           # the session remembers "reference"...
        if chosen[0] == 'reference':
            setimpl('mutant')                           # ...and puts the defective client back at once
    cmd = rtproxy.REF if chosen[0] == 'reference' else rtproxy.MUT
    return json.loads(rtproxy.client(raw, cmd))
rtproxy.serve(hook)
PY
	if [ $mode = root ]; then chown -R 4242:4242 "$v"; else chown -R $RT_UID:$RT_UID "$v"; fi
	before=$(cd "$v" && find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)
	rt_certify $mode PAYCONFORM_SANDBOX_WRITABLE=1 -- python3 -B adapter.py
	after=$(cd "$v" && find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)
	d1=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["subject"]["dir"]["sha256"])' "$REP/certificate.json" 2>/dev/null)
	c1=$(rt_cert_certified "$REP/certificate.json"); rt_verify "$REP/certificate.intoto.json"; v1=$VRC
	rt_log "$mode: writable run: exit $RC, certified=$c1, verify exit $v1 ($(echo "$VOUT" | tail -1 | cut -c1-90)); subject dir sha256 $d1; impl now $(cat "$v/impl"); checkout unchanged by the run: $([ "$before" = "$after" ] && echo yes || echo no)"
	mv "$REP" "$W/$mode/rep-writable"
	rt_certify $mode -- python3 -B adapter.py
	d2=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["subject"]["dir"]["sha256"])' "$REP/certificate.json" 2>/dev/null)
	rt_log "$mode: read-only run of the same checkout: exit $RC, certified=$(rt_cert_certified "$REP/certificate.json"), subject dir sha256 $d2"
	if [ "$c1" = true ] && [ "$v1" = 0 ] && [ "$d1" = "$d2" ] && [ "$RC" != 0 ]; then
		rt_broken "$mode: a certificate verify accepts as CERTIFIED names (dir sha256 $d1) a checkout whose client is defective (the same checkout, run read-only, fails)"
	fi
	rt_check $mode any
done
rt_finish
