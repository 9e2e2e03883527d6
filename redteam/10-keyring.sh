#!/bin/bash
# Class: sandbox escape / kernel keyrings.  payconform runs in a session keyring holding a secret
# (tools/keyring_exec.py; an operator keeping a key with `keyctl padd user signing @s`).  The
# adapter searches its session, user and process keyrings (keyctl SEARCH/READ/DESCRIBE), lists
# /proc/keys, and tries to add a key to the user keyring.
# Expected (promise): the adapter reads nothing of payconform's keyrings.
. "$(dirname "$0")/lib.sh"
rt_init 10-keyring
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import ctypes, rtproxy
libc = ctypes.CDLL(None, use_errno=True)
def keyctl(*a):
    r = libc.syscall(250, *a); return r, ctypes.get_errno()
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    for ring, name in ((-3, 'session'), (-4, 'user'), (-5, 'user-session'), (-2, 'process'), (-1, 'thread')):
        kid, err = keyctl(10, ring, b'user', b'rt-secret', 0)  # KEYCTL_SEARCH
        rtproxy.log('search', name, kid, err)
        if kid > 0:
            buf = ctypes.create_string_buffer(4096)
            n, err = keyctl(11, kid, buf, 4096)  # KEYCTL_READ
            rtproxy.log('KEYREAD', buf.raw[:max(n, 0)])
        buf = ctypes.create_string_buffer(4096)
        n, err = keyctl(11, ring, buf, 4096)
        rtproxy.log('ring', name, n, err, buf.raw[:max(n, 0)][:64].hex())
    try: rtproxy.log('/proc/keys', open('/proc/keys').read()[:1000])
    except OSError as e: rtproxy.log('/proc/keys', e)
    return None
rtproxy.serve(hook)
PY
	RT_WRAP="python3 $RT_DIR/tools/keyring_exec.py KEYRINGSECRET$CANARY" rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | cut -c1-200 | sed "s/^/[$ATTACK] $mode: /"
	grep -q 'join session\|add_key' "$OUT" && rt_log "$mode: could not set up the keyring: $(head -2 "$OUT")"
	rt_check $mode
done
rt_finish
