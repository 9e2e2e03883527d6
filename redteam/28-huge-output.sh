#!/bin/bash
# Class: resources / the judge's memory and the reports' size.  (a) one failing case answers
# with a single 1 GiB line on stdout (a valid answer padded with spaces inside the JSON); (b)
# every failing case writes 256 MiB to stderr, which payconform attaches to failing cases; (c)
# describe answers with a 64 MiB name.  A sampler records the largest resident size of
# payconform and its judge during the run; the reports' sizes are recorded.
# Expected (promise): the judge bounds what it reads (no multi-GiB judge, no multi-hundred-MiB
# report), the run ends, not certified.
. "$(dirname "$0")/lib.sh"
rt_init 28-huge-output
sample() {   # $1: reports dir of the run to watch; writes the peak RSS (MiB) of payconform's tree to $2
	local max=0 pids p r
	while sleep 0.3; do
		pids=$(for p in /proc/[0-9]*; do { tr '\0' ' ' < $p/cmdline; } 2>/dev/null | grep -q "payconform certify --reports $1 " && echo ${p#/proc/}; done)
		[ -z "$pids" ] && { [ -f "$2.started" ] && break; continue; }
		touch "$2.started"
		for p in $pids $(for q in $pids; do cat /proc/$q/task/*/children 2>/dev/null; done); do
			r=$(awk '/VmRSS/{print int($2/1024)}' /proc/$p/status 2>/dev/null)
			[ -n "$r" ] && [ "$r" -gt "$max" ] && max=$r
		done
		echo $max > "$2"
	done
}
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import json, os, sys, rtproxy
how = sys.argv[1]
def hook(req, raw):
    op = req.get('operation')
    if how == 'bigname' and op == 'describe':
        d = json.loads(rtproxy.client(raw)); d['output']['name'] = 'N' * (64 << 20); return d
    if how == 'bigline' and req.get('case_id') == 'iyzico.sign.vector.1':
        a = rtproxy.client(raw).rstrip(b'\n')
        pad = b' ' * (1 << 20)
        sys.stdout.buffer.write(a[:-1])
        for i in range(1024): sys.stdout.buffer.write(pad)
        sys.stdout.buffer.write(b'}\n'); sys.stdout.buffer.flush()
        return 'skip'
    if how == 'stderr' and op and op.startswith('iyzico.'):
        chunk = b'E' * (1 << 20) + b'\n'
        for i in range(256): sys.stderr.buffer.write(chunk)
        sys.stderr.buffer.flush()
    return None
rtproxy.serve(hook)
PY
	for how in bigline stderr bigname; do
		rm -rf "$W/$mode/rep"; rm -f "$W/$mode/peak" "$W/$mode/peak.started"
		sample "$REP" "$W/$mode/peak" & sp=$!
		RT_TIMEOUT=600 rt_certify $mode -- python3 adapter.py $how
		kill $sp 2>/dev/null; wait $sp 2>/dev/null
		peak=$(cat "$W/$mode/peak" 2>/dev/null || echo '?')
		size=$(du -sm "$REP" 2>/dev/null | cut -f1)
		rt_log "$mode $how: exit $RC after ${DUR}s; peak RSS of payconform+judge ${peak} MiB; reports ${size} MiB ($(ls -S "$REP" | head -2 | tr '\n' ' '))"
		[ "${peak:-0}" != '?' ] && [ "$peak" -gt 3000 ] && rt_broken "$mode $how: the judge grew to ${peak} MiB reading the adapter's output"
		[ "${size:-0}" -gt 300 ] && rt_broken "$mode $how: the adapter's output made the reports ${size} MiB"
		RT_MAXDUR=600 rt_check $mode
	done
done
rt_finish
