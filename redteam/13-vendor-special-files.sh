#!/bin/bash
# Class: hanging or exhausting payconform through its own reading of the vendor directory (the
# subject digest hashes every file's path, mode and bytes; git reads it too).  The checkout holds
# a FIFO nobody writes, a symbolic link to /dev/zero and to a FIFO, (as root) a character device
# node equal to /dev/zero and /dev/urandom, 1 TiB and 4 GB sparse files, a 255-byte file name, a name
# with a newline, tab, escape sequences and invalid UTF-8, a 40-level-deep directory, and 20,000
# small files.
# Expected (promise): the run neither hangs nor blows up (bounded time), and is not certified.
. "$(dirname "$0")/lib.sh"
rt_init 13-vendor-special-files
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import rtproxy
rtproxy.serve()
PY
	mkfifo "$v/fifo"; ln -s /dev/zero "$v/zero-link"; ln -s fifo "$v/fifo-link"
	[ "$(id -u)" = 0 ] && mknod "$v/zero-dev" c 1 5 && mknod "$v/urandom-dev" c 1 9
	touch "$v/$(printf 'a%.0s' $(seq 255))"
	touch "$v/$(printf 'new\nline\ttab\033[2J\033[31mCERTIFIED\xff\xfe')"
	d=$v; for i in $(seq 40); do d=$d/deep; done; mkdir -p "$d"; echo x > "$d/f"
	mkdir "$v/many"; (cd "$v/many" && seq 20000 | xargs touch)
	chmod -R a+rX "$v" 2>/dev/null
	RT_MAXDUR=300 RT_TIMEOUT=400 rt_certify $mode -- python3 adapter.py
	grep -E 'payconform certify:|subject' "$OUT" | head -3 | cut -c1-300 | sed "s/^/[$ATTACK] $mode: /"
	RT_MAXDUR=300 rt_check $mode
	# then sparse files: one of 1 TiB (refused, exit 2 expected), one just under the 4 GiB bound
	rm -rf "$W/$mode/rep"; truncate -s 1T "$v/sparse-1T"
	RT_MAXDUR=300 RT_TIMEOUT=400 rt_certify $mode -- python3 adapter.py
	head -1 "$OUT" | cut -c1-200 | sed "s/^/[$ATTACK] $mode: /"
	RT_MAXDUR=300 rt_check $mode
	rm -rf "$W/$mode/rep" "$v/sparse-1T"; truncate -s 4000000000 "$v/sparse-4G"
	RT_MAXDUR=300 RT_TIMEOUT=400 rt_certify $mode -- python3 adapter.py
	RT_MAXDUR=300 rt_check $mode
	rm -f "$v/sparse-4G"
done
rt_finish
