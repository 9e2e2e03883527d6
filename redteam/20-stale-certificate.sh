#!/bin/bash
# Class: misreporting / a stale certificate.  A reports directory first receives a genuine
# CERTIFIED certificate (the vendor's earlier, correct version: the reference adapter, same
# vendor directory path).  Then the defective version is certified into the same reports
# directory, in runs that end early or badly: (a) the adapter's directory vanished,
# (b) PAYCONFORM_SANDBOX_BIND names a missing path, (c) bwrap is not on PATH, (d) the adapter
# makes the suite exceed its deadline (PAYCONFORM_CERTIFY_TIMEOUT=20s, every case hangs),
# (e) describe fails, (f) the reports directory is made read-only by the adapter's owner
# half-way (not possible from inside; skipped), (g) the run is interrupted with SIGINT.
# After each: does reports/ still hold a certificate that verifies as CERTIFIED?
# Expected (promise): a run that did not certify leaves no certificate verify accepts as
# CERTIFIED in its reports directory (the README: "clearing the previous certificate first").
. "$(dirname "$0")/lib.sh"
rt_init 20-stale-certificate
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cp "$RT_ROOT/bin/candidate-reference" "$v/"; chmod 755 "$v/candidate-reference"
	cat > "$v/adapter.py" <<'PY'
import sys, time, rtproxy
how = sys.argv[1] if len(sys.argv) > 1 else ''
def hook(req, raw):
    if how == 'hang' and req.get('operation') != 'describe':
        time.sleep(3600)
    if how == 'nodescribe':
        sys.exit(3)
    return None
rtproxy.serve(hook)
PY
	fresh() {
		rm -rf "$W/$mode/rep"; rt_certify $mode -- ./candidate-reference >/dev/null
		[ "$(rt_cert_certified "$REP/certificate.json")" = true ] || rt_log "$mode: the reference did not certify (exit $RC)"
	}
	stale() {   # $1: label
		local c; c=$(rt_cert_certified "$REP/certificate.json")
		rt_verify "$REP/certificate.intoto.json"
		rt_log "$mode ($1): exit $RC; certificate.json certified=$c; verify exit $VRC: $(echo "$VOUT" | tail -1 | cut -c1-100); files: $(ls "$REP" 2>/dev/null | tr '\n' ' ')"
		if [ "$RC" != 0 ] && [ "$VRC" = 0 ] && echo "$VOUT" | grep -q '^VERIFIED: CERTIFIED'; then
			rt_broken "$mode ($1): run exited $RC but reports/ still holds a certificate verify accepts as CERTIFIED (the earlier run's)"
		fi
	}
	fresh; mv "$v" "$v.gone"; rt_certify $mode -- python3 adapter.py; mv "$v.gone" "$v"; stale "vendor dir missing"
	fresh; rt_certify $mode PAYCONFORM_SANDBOX_BIND=/nonexistent/toolchain -- python3 adapter.py; stale "bad SANDBOX_BIND"
	mkdir -p "$W/nobwrap"; ln -sf /usr/bin/timeout "$W/nobwrap/timeout"; chmod -R a+rX "$W/nobwrap"
	fresh; rt_certify $mode PATH="$W/nobwrap" -- python3 adapter.py; stale "no bwrap on PATH"
	fresh; RT_MAXDUR=200 rt_certify $mode PAYCONFORM_CERTIFY_TIMEOUT=20s PAYCONFORM_CANDIDATE_TIMEOUT=60s -- python3 adapter.py hang; stale "deadline"
	fresh; rt_certify $mode -- python3 adapter.py nodescribe; stale "describe fails"
	fresh; rt_certify $mode PAYCONFORM_SANDBOX_MEMORY=1 -- python3 adapter.py; stale "bad memory bound"
	fresh
	( sleep 6; for p in /proc/[0-9]*; do   # our run only (its reports path is unique), by pid
		{ tr '\0' ' ' < $p/cmdline; } 2>/dev/null | grep -q "^[^ ]*payconform certify --reports $REP " && kill -INT ${p#/proc/}
	done ) &
	rt_certify $mode -- python3 adapter.py hang; wait; stale "SIGINT"
	rt_check $mode
done
rt_finish
