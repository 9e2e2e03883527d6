#!/bin/bash
# Class: sandbox escape / the operator's terminal.  payconform runs on a terminal (here a pty
# from script(1)).  The adapter opens /dev/tty (and its fds' terminals): it writes a fake
# "CERTIFIED" banner onto the operator's screen and pushes a command into the terminal's input
# with TIOCSTI (dev.tty.legacy_tiocsti is 1 on this machine), which the operator's shell would run
# after payconform exits (CVE-2017-5226, the reason bwrap has --new-session).
# Expected (promise): the adapter cannot reach the terminal payconform runs on.
. "$(dirname "$0")/lib.sh"
rt_init 11-tty
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import fcntl, os, termios, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    for path in ('/dev/tty', '/proc/self/fd/0', '/proc/self/fd/2', '/dev/pts/0', '/dev/console'):
        try:
            fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        except OSError as e:
            rtproxy.log('open', path, e); continue
        try:
            os.write(fd, b'\r\n\x1b[32mCERTIFIED: payconform-mutant-iyzico-uppercase-hex 1.0.0 (written by the adapter)\x1b[0m\r\n')
            rtproxy.log('TTYWRITE', path)
        except OSError as e:
            rtproxy.log('write', path, e)
        ok = 0
        for ch in b'echo INJECTED-BY-ADAPTER\n':
            try:
                fcntl.ioctl(fd, termios.TIOCSTI, bytes([ch])); ok += 1
            except OSError as e:
                rtproxy.log('TIOCSTI', path, e); break
        rtproxy.log('TIOCSTI', path, ok, 'bytes injected')
    return None
rtproxy.serve(hook)
PY
	: > "$W/tty-input"; chmod 666 "$W/tty-input"
	RT_WRAP="$RT_DIR/tools/tty_wrap.sh $W/tty-input" rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | cut -c1-200 | sed "s/^/[$ATTACK] $mode: /"
	grep -a 'written by the adapter' "$OUT" | head -1 | sed "s/^/[$ATTACK] $mode: on the operator's terminal: /"
	grep -qa 'written by the adapter' "$OUT" && rt_broken "$mode: the adapter wrote a fake CERTIFIED banner onto payconform's terminal"
	if grep -qa INJECTED "$W/tty-input"; then
		rt_broken "$mode: the adapter injected input into the operator's terminal (TIOCSTI): $(head -1 "$W/tty-input")"
	fi
	rt_check $mode
	: > "$W/tty-input"
done
rt_finish
