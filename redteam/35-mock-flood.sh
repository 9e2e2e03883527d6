#!/bin/bash
# Class: resources / the judge through its one open port.  The verifying mock runs in the judge,
# outside every sandbox bound, and journals what it receives.  In one failing case the adapter
# (a) posts as many large bodies (8 MiB each, and 1 GiB declared with Content-Length) as it can
# for 15 s from 16 threads, and (b) opens 3,000 connections to the mock and holds them; a sampler
# records the judge's peak resident memory and open fds.
# Expected (promise): the judge stays bounded (its memory does not grow by GiBs), the run ends
# with a verdict (not certified) and the reference still certifies afterwards.
. "$(dirname "$0")/lib.sh"
rt_init 35-mock-flood
sample() {   # $1 reports dir, $2 output file: peak RSS (MiB) and fds of payconform and its children
	local max=0 fds=0 pids p r n
	while sleep 0.3; do
		pids=$(for p in /proc/[0-9]*; do { tr '\0' ' ' < $p/cmdline; } 2>/dev/null | grep -q "payconform certify --reports $1 " && echo ${p#/proc/}; done)
		[ -z "$pids" ] && { [ -f "$2.started" ] && break; continue; }
		touch "$2.started"
		for p in $pids $(for q in $pids; do cat /proc/$q/task/*/children 2>/dev/null; done); do
			r=$(awk '/VmRSS/{print int($2/1024)}' /proc/$p/status 2>/dev/null); n=$(ls /proc/$p/fd 2>/dev/null | wc -l)
			[ -n "$r" ] && [ "$r" -gt "$max" ] && max=$r
			[ "$n" -gt "$fds" ] && fds=$n
		done
		echo "$max $fds" > "$2"
	done
}
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import socket, threading, time, urllib.parse, rtproxy
def flood(host, port, stop, stats):
    body = b'{"locale":"tr","binNumber":"554960","conversationId":"' + b'A' * (8 << 20) + b'"}'
    while time.time() < stop:
        try:
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(b'POST /payment/bin/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
            s.recv(100); s.close(); stats[0] += 1
        except OSError:
            stats[1] += 1
def hook(req, raw):
    if req.get('case_id') != 'iyzico.bin_check.ok.plain': return None
    u = urllib.parse.urlparse(req['base_url'])
    stop = time.time() + 15
    stats = [0, 0]
    ts = [threading.Thread(target=flood, args=(u.hostname, u.port, stop, stats)) for _ in range(16)]
    for t in ts: t.start()
    for t in ts: t.join()
    rtproxy.log('FLOOD posted', stats[0], 'failed', stats[1])
    held = []
    for i in range(3000):
        try:
            s = socket.create_connection((u.hostname, u.port), timeout=2)
            s.sendall(b'POST /payment/bin/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n' + b'x' * 1000)
            held.append(s)
        except OSError as e:
            rtproxy.log('HOLD stopped at', i, e); break
    rtproxy.log('HOLD connections', len(held))
    time.sleep(2)
    return None
rtproxy.serve(hook)
PY
	rm -f "$W/$mode/peak" "$W/$mode/peak.started"
	sample "$W/$mode/rep" "$W/$mode/peak" & sp=$!
	rt_certify $mode PAYCONFORM_CANDIDATE_TIMEOUT=60s -- python3 adapter.py
	kill $sp 2>/dev/null; wait $sp 2>/dev/null
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | sed "s/^/[$ATTACK] $mode: /"
	read peak fds < "$W/$mode/peak" 2>/dev/null
	rt_log "$mode: peak RSS of payconform + judge ${peak:-?} MiB, peak fds ${fds:-?}"
	[ "${peak:-0}" -gt 3000 ] && rt_broken "$mode: the adapter made the judge (outside every bound) grow to ${peak} MiB through the mock"
	rt_check $mode
done
# the reference still certifies
mkdir -p "$W/ref" && cp "$RT_ROOT/bin/candidate-reference" "$W/ref/" && chmod -R a+rX "$W/ref"
(cd "$RT_ROOT" && PAYCONFORM_CANDIDATE_DIR="$W/ref" timeout 300 "$PC" certify --reports "$W/ref-rep" -- ./candidate-reference >/dev/null 2>&1) || rt_broken "the reference no longer certifies after the flood"
rt_finish
