#!/bin/bash
# Class: resources / memory and tmpfs.  In one failing case the adapter writes 3 GiB into
# /dev/shm (the sandbox's fresh /dev is a tmpfs with no size= bound; /tmp has 256 MiB), then
# 300 MiB into /tmp, then 3 children each allocate 1.5 GiB (under the 2 GiB per-process data
# limit), and reports how much each got.  The documented bounds: /tmp 256 MiB; as root a
# cgroup of 2 GiB for the whole sandbox; always 2 GiB data per process.
# Expected (promise): nothing the sandbox holds at once exceeds 2 GiB (plus the 256 MiB /tmp);
# the run ends; nothing left behind.
. "$(dirname "$0")/lib.sh"
rt_init 23-memory-tmpfs
avail=$(awk '/MemAvailable/{print int($2/1024)}' /proc/meminfo)
[ "$avail" -lt 9000 ] && { echo "only ${avail} MiB available: not run, to spare the shared machine"; echo "PASS $ATTACK (skipped: not enough free memory)"; exit 0; }
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, time, rtproxy
def fill(path, mib):
    n = 0
    try:
        with open(path, 'wb') as f:
            chunk = b'\xa5' * (1 << 20)
            for i in range(mib):
                f.write(chunk); n += 1
            f.flush()
    except OSError as e:
        return n, str(e)
    return n, 'ok'
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    try: os.makedirs('/dev/shm', exist_ok=True)
    except OSError: pass
    rtproxy.log('SHM', fill('/dev/shm/fill', 3072))
    rtproxy.log('DEVROOT', fill('/dev/fill2', 64))
    rtproxy.log('TMP', fill('/tmp/fill', 300))
    kids = []
    for i in range(3):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            got = 0
            try:
                blocks = []
                for j in range(1536 // 64):
                    b = bytearray(64 << 20)
                    for k in range(0, len(b), 4096): b[k] = 1
                    blocks.append(b); got += 64
            except MemoryError:
                pass
            os.write(w, str(got).encode()); time.sleep(3); os._exit(0)
        os.close(w); kids.append((pid, r))
    for pid, r in kids:
        rtproxy.log('CHILD MiB', os.read(r, 100).decode())
    for pid, r in kids:
        os.waitpid(pid, 0)
    os.unlink('/dev/shm/fill')
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | sed "s/^/[$ATTACK] $mode: /"
	shm=$(python3 "$RT_DIR/tools/stderr.py" "$REP" 'SHM' | grep -o '([0-9]*' | tr -d '(' | head -1)
	kids=$(python3 "$RT_DIR/tools/stderr.py" "$REP" 'CHILD MiB' | awk '{s+=$4} END {print s+0}')
	total=$(( ${shm:-0} + kids ))
	rt_log "$mode: held at once: /dev/shm ${shm:-?} MiB + children ${kids} MiB = ${total} MiB"
	[ "$total" -gt 2400 ] && rt_broken "$mode: the sandbox held ${total} MiB at once (/dev/shm ${shm} MiB, an unbounded tmpfs, + ${kids} MiB anonymous), beyond the 2 GiB bound"
	rt_check $mode
done
rt_finish
