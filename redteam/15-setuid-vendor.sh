#!/bin/bash
# Class: privilege / setuid files in the vendor directory.  As root, the checkout holds a
# setuid-root, setgid-root program (compiled here) that prints its effective ids and tries to
# read the signing key, /etc/shadow and the reports; the adapter runs it.  (As an unprivileged
# caller, the program is setuid to that caller.)
# Expected (promise): no privilege is gained (nosuid, no_new_privs): euid stays the sandbox's.
. "$(dirname "$0")/lib.sh"
rt_init 15-setuid-vendor
cat > "$W/suid.c" <<C
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
int main(void) {
	printf("ruid=%d euid=%d egid=%d\n", getuid(), geteuid(), getegid());
	const char *p[] = {"$KEY", "$UKEY", "/etc/shadow", 0};
	for (int i = 0; p[i]; i++) {
		int fd = open(p[i], O_RDONLY);
		char b[64] = {0};
		if (fd >= 0 && read(fd, b, 40) > 0) printf("SUIDREAD %s %s\n", p[i], b); else printf("no %s\n", p[i]);
	}
	if (setuid(0) == 0) printf("SETUID0 ok\n");
	return 0;
}
C
gcc -O -o "$W/suid" "$W/suid.c" || { echo "gcc failed"; exit 3; }
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cp "$W/suid" "$v/suid"
	if [ $mode = root ]; then chown 0:0 "$v/suid"; else chown $RT_UID:$RT_UID "$v/suid"; fi
	chmod 6755 "$v/suid"
	cat > "$v/adapter.py" <<'PY'
import subprocess, rtproxy
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    r = subprocess.run(['./suid'], capture_output=True, text=True)
    for l in r.stdout.splitlines(): rtproxy.log('suid:', l)
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" 'suid:' | sed "s/^/[$ATTACK] $mode: /"
	python3 "$RT_DIR/tools/stderr.py" "$REP" 'suid:' | grep -q 'euid=0\|SUIDREAD\|SETUID0' && rt_broken "$mode: the setuid program gained privileges in the sandbox"
	rt_check $mode
done
rt_finish
