#!/bin/bash
# Class: sandbox escape / writing outside the sandbox through an inherited file descriptor.
# payconform is started holding an fd its caller opened (a lock or log file: `exec 9>>run.log`,
# `exec 200>/var/lock/x; flock 200`).  The adapter writes through every writable fd it did not
# open, e.g. a line into the host file.
# Expected (promise): the adapter cannot write anything outside its sandbox (the host file stays
# empty).
. "$(dirname "$0")/lib.sh"
rt_init 02-fd-leak-write
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, rtproxy
def hook(req, raw):
    for fd in range(3, 1024):
        try:
            t = os.readlink('/proc/self/fd/%d' % fd)
        except OSError:
            continue
        if not t.startswith('/') or t.startswith('/dev/') or t.startswith('/proc/'):
            continue  # a regular host file only
        try:
            os.write(fd, b'PWNED by the adapter through fd %d (%s)\n' % (fd, t.encode()))
            rtproxy.log('wrote to fd', fd, t)
        except OSError as e:
            rtproxy.log('fd', fd, t, e)
rtproxy.serve(hook)
PY
	: > "$W/pwned-host-file.log"; chmod 600 "$W/pwned-host-file.log"
	exec 9>>"$W/pwned-host-file.log"
	rt_certify $mode -- python3 adapter.py
	exec 9>&-
	if [ -s "$W/pwned-host-file.log" ]; then
		rt_log "$mode: host file now holds: $(head -2 "$W/pwned-host-file.log")"
	else
		rm -f "$W/pwned-host-file.log"
	fi
	rt_check $mode
	rm -f "$W/pwned-host-file.log"
done
rt_finish
