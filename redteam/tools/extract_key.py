#!/usr/bin/env python3
"""extract_key.py DIR: find an ed25519 PEM private key anywhere in DIR's files (raw, or JSON-
escaped) and print it."""
import os, re, sys
pat = re.compile(rb'-----BEGIN PRIVATE KEY-----(?:\\n|\n|\\r|\s)*([A-Za-z0-9+/=]{40,})(?:\\n|\n|\s)*-----END PRIVATE KEY-----')
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        try:
            data = open(os.path.join(root, f), 'rb').read()
        except OSError:
            continue
        m = pat.search(data)
        if m:
            print('-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----' % m.group(1).decode())
            sys.exit(0)
sys.exit(1)
