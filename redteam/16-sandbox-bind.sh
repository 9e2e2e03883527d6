#!/bin/bash
# Class: configuration abuse / PAYCONFORM_SANDBOX_BIND.  The docs promise the sandbox never holds
# "payconform's tree, its reports, a key, /run, /var, /home, /root or any socket", and offer
# PAYCONFORM_SANDBOX_BIND=/path:/path for a toolchain.  Each value below is tried (one run each);
# the adapter lists/reads what it can of the bound path.  Values: /, /run, /var, /root, the
# signing key's directory, a symbolic link to it, payconform's tree, a path with a comma, a
# relative path, /proc, /sys, a unix socket, a path whose name starts with --.
# Expected (promise): every one is refused (exit 2) or binds nothing the promise excludes.
. "$(dirname "$0")/lib.sh"
rt_init 16-sandbox-bind
mkdir -p "$W/toolchain,x" "$W/--bind" && chmod 755 "$W/toolchain,x" "$W/--bind"
ln -sfn "$RT_BASE/keys" "$W/keys-link"; ln -sfn "$RT_BASE/unpriv/key" "$W/ukeys-link"
python3 -c "import socket,sys;s=socket.socket(socket.AF_UNIX);s.bind(sys.argv[1])" "$W/a.sock"; chmod 777 "$W/a.sock"
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import os, sys, rtproxy
P = sys.argv[1:]
def hook(req, raw):
    if req.get('case_id') != 'iyzico.sign.vector.1': return None
    for p in P:
        try:
            if os.path.isdir(p):
                rtproxy.log('BOUND', p, sorted(os.listdir(p))[:12])
                for f in os.listdir(p):
                    if f.endswith('.key'):
                        try: rtproxy.log('KEY', open(os.path.join(p, f)).read())
                        except OSError as e: rtproxy.log('nokey', f, e)
            elif os.path.exists(p):
                rtproxy.log('BOUND', p, open(p, 'rb').read(100) if os.path.isfile(p) else 'special')
            else:
                rtproxy.log('absent', p)
        except OSError as e:
            rtproxy.log('err', p, e)
    return None
rtproxy.serve(hook)
PY
	if [ $mode = root ]; then kd=$RT_BASE/keys; kl=$W/keys-link; else kd=$RT_BASE/unpriv/key; kl=$W/ukeys-link; fi
	for b in / /run /var /root /home "$kd" "$kl" "$RT_ROOT" "$W/toolchain,x" "toolchain" /proc /sys "$W/a.sock" "$W/--bind" "$W/$mode/rep" "/usr:$kd"; do
		rm -rf "$W/$mode/rep"
		rt_certify $mode "PAYCONFORM_SANDBOX_BIND=$b" -- python3 adapter.py "${b%%:*}" "${b##*:}"
		seen=$(python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt] ' | grep -E 'BOUND|KEY' | cut -c1-150 | tr '\n' ' ')
		rt_log "$mode: BIND=$b -> exit $RC $(head -1 "$OUT" | grep 'payconform certify:' | cut -c1-150) $seen"
		case "$b" in
		/usr:*) target=$kd;; *) target=$b;;
		esac
		if [ "$RC" != 2 ] && [ -n "$seen" ]; then
			case "$target" in
			/|/run|/var|/root|/home|"$kd"|"$kl"|"$RT_ROOT"|"$W/a.sock"|"$W/$mode/rep") rt_broken "$mode: PAYCONFORM_SANDBOX_BIND=$b put $target in the sandbox: $(echo "$seen" | cut -c1-120)";;
			esac
		fi
		echo "$seen" | grep -q 'KEY \[rt\]\|\[rt\] KEY' && rt_broken "$mode: the adapter read the signing key through PAYCONFORM_SANDBOX_BIND=$b"
		rt_check $mode
	done
done
rt_finish
