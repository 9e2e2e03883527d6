#!/bin/bash
# Class: sandbox escape / namespaces and privileged syscalls.  The adapter tries: a new user
# namespace (unshare -U, then -r to become "root"), mount namespace + mount a tmpfs / proc /
# bind /, setns() into every /proc/*/ns/* it can open, chroot("/proc/1/root/.."), pivot_root,
# open_by_handle_at (the "shocker" escape), perf_event_open, bpf(), userfaultfd, io_uring_setup,
# and reads its capability sets after each.  (Seccomp is not claimed by the docs; the syscalls
# are recorded as notes.)
# Expected (promise): no new user namespace, no mount, no setns, no privilege; not certified.
. "$(dirname "$0")/lib.sh"
rt_init 37-namespaces
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import ctypes, os, glob, subprocess, rtproxy
libc = ctypes.CDLL(None, use_errno=True)
def try_(name, f):
    r = f(); e = ctypes.get_errno()
    rtproxy.log('SYS', name, 'OK' if r >= 0 else 'refused', r, os.strerror(e) if r < 0 else '')
    return r
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    for cmd in (['unshare', '-U', 'id'], ['unshare', '-r', 'id'], ['unshare', '-m', 'true'], ['unshare', '-p', '-f', 'true'], ['unshare', '-n', 'true']):
        r = subprocess.run(cmd, capture_output=True, text=True)
        rtproxy.log('CMD', ' '.join(cmd), 'OK' if r.returncode == 0 else 'refused', (r.stdout + r.stderr).strip()[:80])
    try_('unshare(NEWUSER)', lambda: libc.unshare(0x10000000))
    try_('mount tmpfs', lambda: libc.mount(b'none', b'/tmp', b'tmpfs', 0, None))
    try_('mount proc', lambda: libc.mount(b'proc', b'/tmp', b'proc', 0, None))
    try_('bind /', lambda: libc.mount(b'/', b'/tmp', None, 4096, None))
    for p in sorted(glob.glob('/proc/*/ns/*')):
        try:
            fd = os.open(p, os.O_RDONLY)
        except OSError:
            continue
        r = libc.setns(fd, 0); e = ctypes.get_errno(); os.close(fd)
        if r == 0: rtproxy.log('SYS setns OK', p)
    try_('chroot', lambda: libc.chroot(b'/proc/1/root/..'))
    try_('pivot_root', lambda: libc.syscall(155, b'/tmp', b'/tmp'))
    buf = ctypes.create_string_buffer(16)
    ctypes.memmove(buf, (ctypes.c_uint32 * 4)(8, 1, 2, 0), 16)
    try_('open_by_handle_at', lambda: libc.syscall(304, -100, buf, 0))
    try_('perf_event_open', lambda: libc.syscall(298, ctypes.create_string_buffer(128), 0, -1, -1, 0))
    try_('bpf', lambda: libc.syscall(321, 0, ctypes.create_string_buffer(128), 128))
    try_('userfaultfd', lambda: libc.syscall(323, 0))
    try_('io_uring_setup', lambda: libc.syscall(425, 8, ctypes.create_string_buffer(120)))
    try_('keyctl join', lambda: libc.syscall(250, 1, b'x'))
    rtproxy.log('CAPS', [l.strip() for l in open('/proc/self/status') if l.startswith('Cap')])
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | cut -c1-160 | sed "s/^/[$ATTACK] $mode: /"
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | grep -E 'unshare -U id OK|unshare -r id OK|unshare\(NEWUSER\) OK|mount [a-z]* OK|bind / OK|setns OK|chroot OK|pivot_root OK|open_by_handle_at OK' \
		| while read -r l; do echo "$l"; done > "$W/$mode/escapes"
	[ -s "$W/$mode/escapes" ] && rt_broken "$mode: the sandbox let the adapter: $(cut -c6-60 "$W/$mode/escapes" | tr '\n' ';')"
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt] SYS' | grep -E 'perf_event_open OK|bpf OK|userfaultfd OK|io_uring_setup OK' | while read -r l; do rt_note "$mode: ${l#\[rt\] SYS }"; done
	rt_check $mode
done
rt_finish
