#!/bin/bash
# Class: sandbox escape / network.  The attack opens, on the host, a TCP listener on 127.0.0.1
# and on ::1, an abstract unix socket and a path unix socket; each writes a pwned file when
# anything connects.  The adapter, told where they are, connects to them; scans every TCP port
# of 127.0.0.1, 127.0.0.2 and ::1; connects to abstract sockets other host programs commonly
# bind (@/containerd-shim, @/tmp/.X11-unix/X0, ...); tries /var/run/docker.sock; sends UDP.
# Expected (promise): only the verifying mock's port is reachable; no pwned file appears.
. "$(dirname "$0")/lib.sh"
rt_init 05-network
PORT=$((20000 + RANDOM % 20000))
cat > "$W/listen.py" <<PY
import socket, threading, os, sys
W = '$W'
def serve(s, name):
    while True:
        c, _ = s.accept()
        open(W + '/pwned-' + name, 'a').write('connection\n'); c.close()
socks = []
t4 = socket.socket(); t4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t4.bind(('127.0.0.1', $PORT)); t4.listen(); socks.append((t4, 'tcp4'))
t6 = socket.socket(socket.AF_INET6); t6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t6.bind(('::1', $PORT)); t6.listen(); socks.append((t6, 'tcp6'))
ab = socket.socket(socket.AF_UNIX); ab.bind('\0rt-$NONCE'); ab.listen(); socks.append((ab, 'abstract'))
pu = socket.socket(socket.AF_UNIX); pu.bind(W + '/host.sock'); os.chmod(W + '/host.sock', 0o777); pu.listen(); socks.append((pu, 'pathsock'))
for s, n in socks: threading.Thread(target=serve, args=(s, n), daemon=True).start()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', $PORT))
def udp():
    while True:
        u.recv(100); open(W + '/pwned-udp', 'a').write('datagram\n')
threading.Thread(target=udp, daemon=True).start()
print('ready', flush=True)
sys.stdin.read()
PY
exec 7> >(exec python3 "$W/listen.py" > "$W/listen.out" 2>&1)
sleep 1
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<PY
import socket, os, rtproxy
done = []
def tryconnect(fam, addr):
    s = socket.socket(fam, socket.SOCK_STREAM); s.settimeout(0.3)
    try:
        s.connect(addr); return True
    except OSError:
        return False
    finally:
        s.close()
def hook(req, raw):
    if done or req.get('case_id') != 'iyzico.bin_check.ok.plain': return None
    done.append(1)
    mock = req.get('base_url', '')
    open_ports = []
    for host, fam in (('127.0.0.1', socket.AF_INET), ('127.0.0.2', socket.AF_INET), ('::1', socket.AF_INET6)):
        for port in range(1, 65536):
            s = socket.socket(fam, socket.SOCK_STREAM); s.setblocking(False)
            try:
                if s.connect_ex((host, port)) == 0: open_ports.append((host, port))
            except OSError: pass
            finally: s.close()
    rtproxy.log('open ports', open_ports, 'mock', mock)
    for a in ('\0rt-$NONCE', '$W/host.sock', '/var/run/docker.sock', '/run/docker.sock',
              '\0/containerd-shim', '\0/tmp/.X11-unix/X0', '/tmp/.X11-unix/X0', '/run/containerd/containerd.sock'):
        rtproxy.log('unix', repr(a), tryconnect(socket.AF_UNIX, a))
    for host in ('127.0.0.1', '10.0.2.2', '169.254.169.254', '8.8.8.8'):
        rtproxy.log('tcp', host, tryconnect(socket.AF_INET, (host, $PORT)))
    try:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(b'x', ('127.0.0.1', $PORT))
    except OSError as e: rtproxy.log('udp', e)
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' | cut -c1-200 | sed "s/^/[$ATTACK] $mode: /"
	rt_check $mode
	rm -f "$W"/pwned-*
done
exec 7>&-
rt_finish
