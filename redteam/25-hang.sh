#!/bin/bash
# Class: hanging the run.  Four adapters, each under shortened bounds
# (PAYCONFORM_CANDIDATE_TIMEOUT=3s, PAYCONFORM_CERTIFY_TIMEOUT=40s): (a) answers describe, then
# never answers, ignores SIGTERM/SIGINT/SIGHUP, and keeps stdin and stdout open; (b) answers half
# a line and stops itself with SIGSTOP (the whole process group); (c) answers describe, then
# answers every third case (so no operation ever reaches "three timeouts in a row") and stalls
# the others past the case timeout, to push the run to its deadline; (d) closes stdout and
# stderr at once, then sleeps forever.
# Expected (promise): every run ends within the deadline plus the reporting minute (here < 40 +
# 60 + slack seconds), not certified, and nothing outlives it.
. "$(dirname "$0")/lib.sh"
rt_init 25-hang
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, signal, sys, time, rtproxy
how = sys.argv[1]
n = [0]
for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE):
    signal.signal(s, signal.SIG_IGN)
def hook(req, raw):
    n[0] += 1
    if req.get('operation') == 'describe':
        if how == 'closeall':
            os.close(1); os.close(2); time.sleep(3600)
        return None
    if how == 'silent':
        while True: time.sleep(60)
    if how == 'halfstop':
        sys.stdout.write('{"id": "'); sys.stdout.flush(); os.killpg(0, signal.SIGSTOP); time.sleep(3600)
    if how == 'every-third':
        if hash(req.get('case_id')) % 3 != 0:
            time.sleep(3600)
    return None
rtproxy.serve(hook)
PY
	for how in silent halfstop every-third closeall; do
		rm -rf "$W/$mode/rep"
		RT_TIMEOUT=400 rt_certify $mode PAYCONFORM_CANDIDATE_TIMEOUT=3s PAYCONFORM_CERTIFY_TIMEOUT=40s -- python3 adapter.py $how
		rt_log "$mode $how: exit $RC after ${DUR}s"
		RT_MAXDUR=160 rt_check $mode
	done
done
rt_finish
