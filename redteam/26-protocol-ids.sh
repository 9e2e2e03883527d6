#!/bin/bash
# Class: protocol / ids and answer shapes.  The defective client's answers are rewritten, for
# the iyzico cases it fails, into shapes that might be read differently by two parsers or taken
# for "unsupported"/success: duplicate keys ({"ok":false,...,"ok":true} and the reverse;
# {"unsupported":false,"unsupported":true}; {"id":"other","id":"<right>"}), "unsupported" as a
# string, as 1, together with ok:true and an output; an answer with another request's id; two
# answers; an answer with no id at all after describe echoed ids; "ok":"true"; an output that
# repeats the expected header as a JSON key twice.  Each variant is one run.
# Expected (promise): no variant gets an iyzico operation (where the client is defective)
# certified.  (Declining every iyzico case is allowed to certify the rest: see 09; a variant
# read as "unsupported" is noted.)
. "$(dirname "$0")/lib.sh"
rt_init 26-protocol-ids
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import json, sys, rtproxy
how = sys.argv[1]
def hook(req, raw):
    op = req.get('operation', '')
    if not op.startswith('iyzico.'):
        return None
    i = json.dumps(req.get('id'))
    good = rtproxy.client(raw).strip()
    d = json.loads(good)
    if how == 'dup-ok':
        return ('{"id":%s,"ok":false,"unsupported":true,"ok":true,"output":%s}\n' % (i, json.dumps(d.get('output')))).encode()
    if how == 'dup-ok-rev':
        return ('{"id":%s,"ok":true,"output":%s,"ok":false,"unsupported":true}\n' % (i, json.dumps(d.get('output')))).encode()
    if how == 'dup-unsupported':
        return ('{"id":%s,"ok":false,"unsupported":false,"unsupported":true}\n' % i).encode()
    if how == 'dup-id':
        return ('{"id":"0000","id":%s,"ok":false,"unsupported":true}\n' % i).encode()
    if how == 'unsupported-string':
        return ('{"id":%s,"ok":false,"unsupported":"true"}\n' % i).encode()
    if how == 'unsupported-1':
        return ('{"id":%s,"ok":false,"unsupported":1}\n' % i).encode()
    if how == 'unsupported-and-ok':
        return ('{"id":%s,"ok":true,"unsupported":true,"output":%s}\n' % (i, json.dumps(d.get('output')))).encode()
    if how == 'other-id':
        return ('{"id":"%s","ok":false,"unsupported":true}\n' % ('f' * 32)).encode()
    if how == 'two-answers':
        return ('{"id":%s,"ok":false,"unsupported":true}\n{"id":%s,"ok":false,"unsupported":true}\n' % (i, i)).encode()
    if how == 'no-id':
        return b'{"ok":false,"unsupported":true}\n'
    if how == 'ok-string':
        return ('{"id":%s,"ok":"true","output":%s}\n' % (i, json.dumps(d.get('output')))).encode()
    if how == 'unicode-key':
        return ('{"id":%s,"ok":false,"\\u0075nsupported":true}\n' % i).encode()
    if how == 'case-key':
        return ('{"id":%s,"OK":true,"ok":false,"Unsupported":true,"unsupported":true}\n' % i).encode()
    return None
rtproxy.serve(hook)
PY
	for how in dup-ok dup-ok-rev dup-unsupported dup-id unsupported-string unsupported-1 unsupported-and-ok other-id two-answers no-id ok-string unicode-key case-key; do
		rm -rf "$W/$mode/rep"
		rt_certify $mode -- python3 adapter.py $how
		st=$(grep -E '^  iyzico' "$OUT" | tr -s ' ' | tr '\n' ';')
		rt_log "$mode $how: exit $RC; $st"
		echo "$st" | grep -q 'certified' && rt_broken "$mode $how: an iyzico operation of the defective client came out certified: $st"
		echo "$st" | grep -q 'iyzico.sign unsupported' && rt_note "$mode $how: read as unsupported"
		rt_check $mode any
	done
done
rt_finish
