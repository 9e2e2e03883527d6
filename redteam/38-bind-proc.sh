#!/bin/bash
# Class: configuration abuse / PAYCONFORM_SANDBOX_BIND=/proc (a path "below /" the check lets
# through; 16-sandbox-bind shows it binds the host's procfs).  The adapter walks the host's
# /proc that now sits at /proc inside the sandbox: every process's environ (payconform's holds
# RT_CANARY_SECRET, GITHUB_TOKEN, ...), payconform's and the judge's /proc/PID/root (the host's
# filesystem as they see it: the signing key, the reports), and their mem.
# Expected (promise): the adapter never reads payconform's environment, memory or key.
. "$(dirname "$0")/lib.sh"
rt_init 38-bind-proc
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	if [ $mode = root ]; then k=$KEY; else k=$UKEY; fi
	cat > "$v/adapter.py" <<PY
import os, glob, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    found = 0
    for p in glob.glob('/proc/[0-9]*'):
        try: cmd = open(p + '/cmdline', 'rb').read()
        except OSError: continue
        if b'payconform' not in cmd and b'certify.test' not in cmd: continue
        try:
            env = open(p + '/environ', 'rb').read()
            for kv in env.split(b'\0'):
                if kv.startswith((b'RT_CANARY_SECRET', b'GITHUB_TOKEN', b'PAYCONFORM_SIGNING_KEY')):
                    rtproxy.log('ENVIRON', p, kv.decode(errors='replace')); found += 1
        except OSError as e: rtproxy.log('environ', p, e)
        try:
            key = open(p + '/root$k').read()
            rtproxy.log('KEYVIAROOT', p, key); found += 1
        except OSError as e: rtproxy.log('root', p, e)
        try:
            m = open(p + '/mem', 'rb'); m.seek(0x400000); m.read(16); rtproxy.log('MEM readable', p); found += 1
        except OSError as e: rtproxy.log('mem', p, e)
        if found > 6: break
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode PAYCONFORM_SANDBOX_BIND=/proc -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | cut -c1-200 | sed "s/^/[$ATTACK] $mode: /" | head -12
	python3 "$RT_DIR/tools/stderr.py" "$REP" 'ENVIRON' | grep -q . && rt_broken "$mode: with PAYCONFORM_SANDBOX_BIND=/proc the adapter read payconform's environment"
	python3 "$RT_DIR/tools/stderr.py" "$REP" 'KEYVIAROOT' | grep -q . && rt_broken "$mode: with PAYCONFORM_SANDBOX_BIND=/proc the adapter read the signing key through /proc/PID/root"
	python3 "$RT_DIR/tools/stderr.py" "$REP" 'MEM readable' | grep -q . && rt_broken "$mode: with PAYCONFORM_SANDBOX_BIND=/proc the adapter opened payconform's memory"
	rt_check $mode
done
rt_finish
