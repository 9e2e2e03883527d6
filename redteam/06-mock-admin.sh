#!/bin/bash
# Class: reaching the judge through the one open port.  The verifying mock is payconform's mock,
# whose admin API (`payconform mock` prints it: /_payconform/journal, /_payconform/mutants,
# X-Payconform-Admin-Token) can switch on mutants like iyzico-case-insensitive-signature and clear
# or read the journal the judge reads.  The adapter probes the admin API on base_url without a
# token, with an empty one, with guessed ones and header tricks; tries to switch on
# iyzico-case-insensitive-signature (which would let the upper-case-hex client's requests pass)
# and to clear the journal; then answers as the defective client.
# Expected (promise): every admin call is refused; not certified.
. "$(dirname "$0")/lib.sh"
rt_init 06-mock-admin
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import urllib.request, json, rtproxy
seen = []
def call(base, method, path, token=None, body=None, hdr='X-Payconform-Admin-Token'):
    r = urllib.request.Request(base + path, method=method, data=body)
    if token is not None: r.add_header(hdr, token)
    try:
        with urllib.request.urlopen(r, timeout=3) as resp:
            return resp.status, resp.read(300)
    except urllib.error.HTTPError as e:
        return e.code, e.read(300)
    except Exception as e:
        return 'err', str(e)
def hook(req, raw):
    base = req.get('base_url')
    if base and not seen and req.get('case_id') == 'iyzico.bin_check.ok.plain':
        seen.append(1)
        for path in ('/_payconform/health', '/_payconform/journal', '/_payconform/mutants', '/_payconform/', '/_payconform/credentials'):
            for tok in (None, '', ' ', '0', 'null', 'payconform', '*'):
                for hdr in ('X-Payconform-Admin-Token', 'x-payconform-admin-token', 'Authorization'):
                    st, b = call(base, 'GET', path, tok, hdr=hdr)
                    if st not in (401, 403, 404): rtproxy.log('ADMIN', 'GET', path, repr(tok), hdr, st, b)
        for tok in (None, ''):
            body = json.dumps({'active': ['iyzico-case-insensitive-signature']}).encode()
            rtproxy.log('PUT mutants', call(base, 'PUT', '/_payconform/mutants', tok, body))
            rtproxy.log('PUT mutants list', call(base, 'PUT', '/_payconform/mutants', tok, b'["iyzico-case-insensitive-signature"]'))
            rtproxy.log('DELETE journal', call(base, 'DELETE', '/_payconform/journal', tok))
        for p in ('/_payconform/../_payconform/mutants', '//_payconform/mutants', '/_PAYCONFORM/mutants', '/_payconform/mutants/', '/_payconform%2fmutants'):
            rtproxy.log('path trick', p, call(base, 'PUT', p, None, b'{"active":["iyzico-case-insensitive-signature"]}'))
    return None
rtproxy.serve(hook)
PY
	rt_certify $mode -- python3 adapter.py
	python3 "$RT_DIR/tools/stderr.py" "$REP" '[rt]' > "$W/$mode/adapter.log"
	cut -c1-200 "$W/$mode/adapter.log" | sed "s/^/[$ATTACK] $mode: /"
	grep -qa "ADMIN GET" "$W/$mode/adapter.log" && rt_note "$mode: an admin GET answered without the token"
	grep -qa "PUT mutants.*(200" "$W/$mode/adapter.log" && rt_broken "$mode: the adapter switched a mock mutant on"
	grep -qa "DELETE journal (204" "$W/$mode/adapter.log" && rt_broken "$mode: the adapter cleared the judge's journal"
	rt_check $mode
done
rt_finish
