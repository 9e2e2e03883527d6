#!/usr/bin/env python3
"""stderr.py REPORTS_DIR [PATTERN]: print the adapter's stderr lines payconform kept in
report.json (deduplicated), optionally only lines containing PATTERN."""
import json, os, sys
rep = sys.argv[1]
pat = sys.argv[2] if len(sys.argv) > 2 else None
seen = set()
def walk(o):
    if isinstance(o, dict):
        if o.get('Name') == 'payconform.candidate.stderr':
            v = o.get('Value', {}).get('AsJSON')
            try: v = json.loads(v)
            except Exception: pass
            if isinstance(v, str):
                for l in v.splitlines():
                    if l not in seen and (pat is None or pat in l):
                        seen.add(l); print(l)
        for x in o.values(): walk(x)
    elif isinstance(o, list):
        for x in o: walk(x)
try:
    walk(json.load(open(os.path.join(rep, 'report.json'))))
except Exception as e:
    print('stderr.py:', e, file=sys.stderr)
