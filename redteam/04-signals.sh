#!/bin/bash
# Class: sandbox escape / signals and ptrace.  The adapter sends SIGSTOP then SIGKILL to every
# pid it can see and to every pid number 2..99999 (the judge, payconform, bwrap), kill(-1),
# tries ptrace(PTRACE_ATTACH) on pid 1 and on its parent, and SIGSTOPs its own process group.
# Expected (promise): the judge is out of reach; the run ends (not certified), not hung, no
# harness stopped; nothing left behind.
. "$(dirname "$0")/lib.sh"
rt_init 04-signals
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, signal, ctypes, rtproxy
libc = ctypes.CDLL(None, use_errno=True)
n = [0]
def hook(req, raw):
    n[0] += 1
    if req.get('operation') == 'describe':
        return None
    if n[0] == 3:
        hit = []
        for pid in range(1, 100000):
            if pid == os.getpid(): continue
            try:
                os.kill(pid, 0); hit.append(pid)
            except OSError:
                pass
        rtproxy.log('visible pids', hit)
        for pid in hit:
            r = libc.ptrace(16, pid, 0, 0)  # PTRACE_ATTACH
            rtproxy.log('ptrace', pid, r, ctypes.get_errno())
        for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGKILL):
            for pid in hit:
                try: os.kill(pid, sig)
                except OSError as e: rtproxy.log('kill', pid, sig, e)
        try: os.kill(-1, signal.SIGKILL)
        except OSError as e: rtproxy.log('kill -1', e)
    if n[0] == 5:
        os.killpg(0, signal.SIGSTOP)
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode PAYCONFORM_CANDIDATE_TIMEOUT=5s -- python3 adapter.py
	rt_check $mode
	[ "$RC" = 2 ] && rt_note "$mode: run ended as a harness error (exit 2)"
done
rt_finish
