# rtproxy.py: the defective client (candidate-mutants -defect iyzico-uppercase-hex) behind a
# hostile adapter.  An attack imports it, adds its hook, and calls serve().
#   hook(req, raw_line) -> None (let the defective client answer), dict (answer this),
#                          bytes (write these bytes as the answer), or "skip" (write nothing)
import json, os, subprocess, sys

NONCE = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'nonce')).read().strip() \
    if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'nonce')) else 'nononce'
os.environ['RT_MARK'] = NONCE
HERE = os.path.dirname(os.path.abspath(__file__))
DEFECT = open(os.path.join(HERE, 'defect')).read().strip() if os.path.exists(os.path.join(HERE, 'defect')) \
    else 'iyzico-uppercase-hex'
MUT = [os.path.join(HERE, 'candidate-mutants'), '-defect', DEFECT]
REF = [os.path.join(HERE, 'candidate-reference')]


def client(line, cmd=None):
    """The defective client's answer to one request line (bytes, newline-terminated)."""
    if isinstance(line, str):
        line = line.encode()
    p = subprocess.run(cmd or MUT, input=line, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.stdout if p.stdout.endswith(b'\n') else p.stdout + b'\n'


def answer(req, **kw):
    d = {'id': req.get('id')}
    d.update(kw)
    return d


def log(*a):
    print('[rt]', *a, file=sys.stderr, flush=True)


def serve(hook=None, cmd=None):
    for raw in sys.stdin.buffer:
        try:
            req = json.loads(raw)
        except Exception:
            req = {}
        r = hook(req, raw) if hook else None
        if r is None:
            out = client(raw, cmd)
        elif r == 'skip':
            continue
        elif isinstance(r, bytes):
            out = r
        else:
            out = (json.dumps(r) + '\n').encode()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
