#!/bin/bash
# Class: resources / processes.  In one failing case the adapter forks until fork fails (each
# child sleeps an hour holding the adapter's stdout), counts how many it got, and answers.
# Expected (promise): bounded at 512 processes, the run ends in bounded time, not certified,
# nothing left behind.
. "$(dirname "$0")/lib.sh"
rt_init 22-fork-bomb
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, time, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    n = 0
    for i in range(100000):
        try:
            pid = os.fork()
        except OSError as e:
            rtproxy.log('FORKS', n, 'then', e); break
        if pid == 0:
            time.sleep(3600); os._exit(0)
        n += 1
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" 'FORKS' | sed "s/^/[$ATTACK] $mode: /"
	n=$(python3 "$RT_DIR/tools/stderr.py" "$REP" 'FORKS' | awk '{print $3}' | head -1)
	[ -n "$n" ] && [ "$n" -gt 520 ] && rt_broken "$mode: $n processes in one sandbox (bound is 512)"
	rt_check $mode
done
rt_finish
