#!/bin/bash
# Class: protocol / session mode.  describe echoes its id and asks for a session; then, inside
# the session: (a) every iyzico answer is followed by a second, "unsupported", answer for the
# same id; (b) iyzico answers carry the *previous* request's id; (c) the adapter answers the next
# request before it is asked, guessing it from the case order of an earlier run; (d) a background
# process of the session writes "unsupported" answers on stdout at random times while the session
# answers normally; (e) the session exits after each iyzico answer (restarted by payconform per
# the docs) to shake off the protocol-failure bookkeeping; (f) describe asks for a session with
# "session": "true" (a string) and the session ignores ids.
# Expected (promise): no iyzico operation of the defective client is certified; no hang.
. "$(dirname "$0")/lib.sh"
rt_init 30-session-games
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import json, os, sys, time, threading, random, rtproxy
how = sys.argv[1]
prev = [None]
lock = threading.Lock()
def emit(b):
    with lock:
        sys.stdout.buffer.write(b); sys.stdout.buffer.flush()
def noise():
    while True:
        time.sleep(random.random() * 0.5)
        emit(('{"id":"%s","ok":false,"unsupported":true}\n' % (prev[0] or 'x')).encode())
started = [False]
def hook(req, raw):
    op = req.get('operation', '')
    if op == 'describe':
        d = json.loads(rtproxy.client(raw))
        d['output']['session'] = 'true' if how == 'string-session' else True
        return d
    if how == 'noise' and not started[0]:
        started[0] = True; threading.Thread(target=noise, daemon=True).start()
    a = rtproxy.client(raw)
    pid, prev[0] = prev[0], req.get('id')
    if not op.startswith('iyzico.'):
        if how == 'string-session':
            d = json.loads(a); d.pop('id', None); return d
        return a
    i = json.dumps(req.get('id'))
    if how == 'double':
        return a + ('{"id":%s,"ok":false,"unsupported":true}\n' % i).encode()
    if how == 'prev-id':
        return ('{"id":%s,"ok":false,"unsupported":true}\n' % json.dumps(pid)).encode()
    if how == 'exit-after':
        emit(('{"id":%s,"ok":false,"unsupported":true}\n' % i).encode()); os._exit(0)
    if how == 'noise':
        return a
    if how == 'string-session':
        return b'{"ok":false,"unsupported":true}\n'
    return a
def serve():
    for raw in sys.stdin.buffer:
        req = json.loads(raw)
        r = hook(req, raw)
        if isinstance(r, dict): r = (json.dumps(r) + '\n').encode()
        emit(r)
serve()
PY
	for how in double prev-id exit-after noise string-session; do
		rm -rf "$W/$mode/rep"
		rt_certify $mode PAYCONFORM_CANDIDATE_TIMEOUT=5s -- python3 adapter.py $how
		st=$(grep -E '^  iyzico' "$OUT" | tr -s ' ' | tr '\n' ';')
		rt_log "$mode $how: exit $RC after ${DUR}s; mode: $(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["isolation"]["mode"])' "$REP/certificate.json" 2>/dev/null); $st"
		echo "$st" | grep -q ' certified' && rt_broken "$mode $how: an iyzico operation of the defective client came out certified: $st"
		rt_check $mode any
	done
done
rt_finish
