#!/bin/bash
# Class: protocol / bytes.  The defective client's answers are delivered as: NUL bytes inside
# strings and between objects; invalid UTF-8; a UTF-8 BOM; CRLF; leading spaces; a JSON object
# followed by garbage on the same line; two objects on one line; the answer dribbled one byte
# every 20 ms; the answer written before the request is read (describe included, so no id:
# v1); an answer with stdin closed before reading; a 1 MiB run of whitespace before the answer.
# Expected (promise): judged or refused as protocol errors; never certified; no hang.
. "$(dirname "$0")/lib.sh"
rt_init 27-protocol-bytes
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import json, os, sys, time, rtproxy
how = sys.argv[1]
if how == 'before-read':
    # answer describe before reading anything (no id: a v1 adapter)
    d = json.loads(rtproxy.client(b'{"protocol":"payconform.candidate/v2","id":"x","case_id":"describe","operation":"describe"}\n'))
    d.pop('id', None)
    sys.stdout.write(json.dumps(d) + '\n'); sys.stdout.flush()
    raw = sys.stdin.buffer.readline()
    req = json.loads(raw)
    if req.get('operation') != 'describe':
        a = json.loads(rtproxy.client(raw)); a.pop('id', None)
        sys.stdout.write(json.dumps(a) + '\n')
    sys.exit(0)
if how == 'close-stdin':
    os.close(0)
    d = json.loads(rtproxy.client(b'{"protocol":"payconform.candidate/v2","id":"x","case_id":"describe","operation":"describe"}\n'))
    d.pop('id', None)
    sys.stdout.write(json.dumps(d) + '\n'); sys.exit(0)
def hook(req, raw):
    a = rtproxy.client(raw).rstrip(b'\n')
    if how == 'nul-inside':
        return a.replace(b'"output":{', b'"output":{"x\\u0000":"\x00",', 1).replace(b'\x00', b'\\u0000') + b'\n\x00\n'
    if how == 'nul-between':
        return b'\x00' + a + b'\x00\n'
    if how == 'bad-utf8':
        return a[:-1] + b',"note":"\xff\xfe\xc3"}\n'
    if how == 'bom':
        return b'\xef\xbb\xbf' + a + b'\n'
    if how == 'crlf':
        return a + b'\r\n'
    if how == 'leading-space':
        return b'   \t' + a + b'\n'
    if how == 'trailing-garbage':
        return a + b'garbage}{\n'
    if how == 'two-on-a-line':
        return a + a + b'\n'
    if how == 'dribble':
        for ch in a + b'\n':
            sys.stdout.buffer.write(bytes([ch])); sys.stdout.buffer.flush(); time.sleep(0.02)
        return 'skip'
    if how == 'whitespace-1m':
        return b' ' * (1 << 20) + a + b'\n'
    return None
rtproxy.serve(hook)
PY
	for how in nul-inside nul-between bad-utf8 bom crlf leading-space trailing-garbage two-on-a-line dribble before-read close-stdin whitespace-1m; do
		rm -rf "$W/$mode/rep"
		RT_TIMEOUT=400 rt_certify $mode -- python3 adapter.py $how
		rt_log "$mode $how: exit $RC after ${DUR}s; $(grep -E '^  (iyzico|paynet|paywall)' "$OUT" | tr -s ' ' | tr '\n' ';' | cut -c1-160) $(grep -o 'describe failed.\{0,80\}' "$OUT" | head -1)"
		RT_MAXDUR=400 rt_check $mode
	done
done
rt_finish
