#!/bin/bash
# Class: outliving the run.  In every case the adapter leaves behind: a setsid'd, double-forked
# daemon that ignores SIGTERM/SIGHUP, closes every fd and loops trying to write a "late" file into
# the reports directory and the vendor directory; a child that SIGSTOPs itself; a process that
# re-parents under a new session holding stdout; a python that renames itself "bwrap".  All carry
# the attack's nonce in their environment.
# Expected (promise): no process started by the adapter is alive after the run; no late write.
. "$(dirname "$0")/lib.sh"
rt_init 24-survivors
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<PY
import os, signal, time, sys, ctypes, rtproxy
REP = '$W/$mode/rep'
def daemon():
    if os.fork(): return
    os.setsid()
    if os.fork(): os._exit(0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN); signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN); signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    try: ctypes.CDLL(None).prctl(15, b'bwrap', 0, 0, 0)
    except Exception: pass
    for fd in range(0, 1024):
        try: os.close(fd)
        except OSError: pass
    while True:
        for p in (REP + '/late-write', './late-write', '/tmp/late-write'):
            try: open(p, 'a').write('still alive\n')
            except OSError: pass
        time.sleep(0.5)
def stopped():
    if os.fork() == 0:
        os.setsid(); os.kill(os.getpid(), signal.SIGSTOP); time.sleep(3600); os._exit(0)
def holder():
    if os.fork() == 0:
        os.setsid(); signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(3600); os._exit(0)
def hook(req, raw):
    daemon(); stopped(); holder()
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	sleep 3
	[ -e "$W/$mode/rep/late-write" ] && rt_broken "$mode: a survivor wrote into the reports directory"
	rt_check $mode
done
rt_finish
