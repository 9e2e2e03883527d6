#!/bin/bash
# Class: control.  The defective client (candidate-mutants -defect iyzico-uppercase-hex) behind
# the plain proxy adapter every attack builds on, with no attack.
# Expected: not certified (exit 1), verify refuses, nothing left behind.  PASS means the
# harness around the attacks works.
. "$(dirname "$0")/lib.sh"
rt_init 00-control-defective
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cat > "$v/adapter.py" <<'PY'
import rtproxy
rtproxy.serve()
PY
	rt_certify $mode -- python3 adapter.py
	rt_check $mode
done
rt_finish
