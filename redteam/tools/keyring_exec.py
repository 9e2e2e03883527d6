#!/usr/bin/env python3
"""keyring_exec.py SECRET CMD ARGS...: run CMD in a fresh session keyring holding a "user" key
named rt-secret whose payload is SECRET (the way an operator might keep a signing key in the
kernel keyring: keyctl padd user signing @s)."""
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
SYS_add_key, SYS_keyctl = 248, 250
KEYCTL_JOIN_SESSION_KEYRING = 1
KEY_SPEC_SESSION_KEYRING = -3
r = libc.syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, b'rt-session')
if r < 0:
    sys.exit('join session keyring: errno %d' % ctypes.get_errno())
secret = sys.argv[1].encode()
k = libc.syscall(SYS_add_key, b'user', b'rt-secret', secret, len(secret), KEY_SPEC_SESSION_KEYRING)
if k < 0:
    sys.exit('add_key: errno %d' % ctypes.get_errno())
os.execvp(sys.argv[2], sys.argv[2:])
