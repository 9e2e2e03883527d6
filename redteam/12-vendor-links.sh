#!/bin/bash
# Class: sandbox escape / links in the vendor directory.  The vendor's checkout holds symbolic
# links to the signing key, the reports directory, payconform's tree, /proc/1/environ (the host's
# init), /etc/shadow and /root, a relative link climbing out with ../../.., and (as root) a hard
# link to a copy of a secret file in the same filesystem.  The adapter follows every one and
# prints what it reads; payconform hashes the directory for the subject, so any link it follows
# outside the sandbox would show in the subject's byte count.
# Expected (promise): nothing outside the vendor dir is readable through the links; the subject
# digest does not follow them out.
. "$(dirname "$0")/lib.sh"
rt_init 12-vendor-links
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	ln -s "$KEY" "$v/key-link"; ln -s "$UKEY" "$v/ukey-link"; ln -s "$W/$mode/rep" "$v/reports-link"
	ln -s "$RT_ROOT" "$v/tree-link"; ln -s /proc/1/environ "$v/init-environ"; ln -s /etc/shadow "$v/shadow"
	ln -s /root "$v/root-link"; ln -s ../../../../../../../../.. "$v/up"; ln -s "$W/secret.txt" "$v/secret-link"
	echo "HOSTSECRET-$NONCE" > "$W/secret.txt"; chmod 644 "$W/secret.txt"
	if [ $mode = root ]; then
		mkdir -p "$W/hl"; echo "HARDLINKSECRET-$NONCE" > "$W/hl/s"; chmod 600 "$W/hl/s"
		ln "$W/hl/s" "$v/hardlink" 2>/dev/null || rt_log "$mode: hard link refused"
	fi
	cat > "$v/adapter.py" <<'PY'
import os, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    for n in sorted(os.listdir('.')):
        p = os.path.join('.', n)
        try:
            if os.path.isdir(p): rtproxy.log('DIR', n, os.listdir(p)[:10])
            else: rtproxy.log('FILE', n, open(p, 'rb').read(80))
        except OSError as e: rtproxy.log('no', n, e)
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | cut -c1-160 | sed "s/^/[$ATTACK] $mode: /"
	grep -hoa 'Adapter directory[^"]*' "$REP/certificate.md" | head -1 | sed "s/^/[$ATTACK] $mode: /"
	# the secret files are outside the vendor dir: their canary in a report means a link was followed
	grep -rlaF "SECRET-$NONCE" "$REP" >/dev/null && rt_broken "$mode: the adapter read a host file through a link in its directory"
	rt_check $mode
done
rt_finish
