# redteam/lib.sh: shared helpers for the hostile-adapter attacks.  Sourced by every attack.
#
# An attack script:  . "$(dirname "$0")/lib.sh"; rt_init NAME; ...; rt_finish
# It prints its observations and a last line "PASS NAME" (the promise held) or
# "BROKEN NAME: reasons".  Exit status: 0 PASS, 1 BROKEN, 3 could not run.
set -u
RT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RT_DIR=$RT_ROOT/redteam
RT_BASE=${RT_BASE:-/tmp/rt-run}
PC=$RT_ROOT/bin/payconform
DEFECT=${DEFECT:-iyzico-uppercase-hex}
RT_UID=${RT_UID:-65534}
KEY=$RT_BASE/keys/release.key
PUB=$RT_BASE/keys/release.pub
UKEY=$RT_BASE/unpriv/key/release.key
RT_MODES=${RT_MODES:-root unpriv}
BROKEN=()
NOTES=()

rt_log() { echo "[$ATTACK] $*"; }
rt_broken() { BROKEN+=("$*"); echo "[$ATTACK] !! BROKEN: $*"; }
rt_note() { NOTES+=("$*"); echo "[$ATTACK] note: $*"; }

# One-time set-up: binaries, a signing key, the unprivileged user's copies.
rt_setup_once() {
	mkdir -p "$RT_BASE" && chmod 755 "$RT_BASE"
	for b in payconform candidate-mutants candidate-reference; do
		[ -x "$RT_ROOT/bin/$b" ] || { echo "missing bin/$b: run redteam/run.sh (it builds)"; exit 3; }
	done
	if [ ! -f "$KEY" ]; then
		mkdir -p "$RT_BASE/keys" && chmod 700 "$RT_BASE/keys"
		"$PC" keygen "$RT_BASE/keys/release" >/dev/null
		chmod 644 "$PUB"
	fi
	# the suite is built by the first root run; unprivileged runs use a world-readable copy
	if ! ls "$RT_ROOT"/bin/suites/*/certify.test >/dev/null 2>&1; then
		mkdir -p "$RT_BASE/warmup/v" && chmod 755 "$RT_BASE/warmup" "$RT_BASE/warmup/v"
		(cd "$RT_ROOT" && PAYCONFORM_CANDIDATE_DIR="$RT_BASE/warmup/v" timeout 300 "$PC" certify --reports "$RT_BASE/warmup/rep" -- true >/dev/null 2>&1)
	fi
	local sd; sd=$(ls -d "$RT_ROOT"/bin/suites/*/ | head -1)
	if [ ! -f "$RT_BASE/unpriv/suites/certify.test" ] || ! cmp -s "$sd/certify.test" "$RT_BASE/unpriv/suites/certify.test" \
		|| ! cmp -s "$PC" "$RT_BASE/unpriv/payconform"; then
		rm -rf "$RT_BASE/unpriv"; mkdir -p "$RT_BASE/unpriv/suites" "$RT_BASE/unpriv/key" "$RT_BASE/unpriv/home"
		cp "$sd/certify.test" "$sd/certify.test.sha256" "$RT_BASE/unpriv/suites/"
		cp "$PC" "$RT_BASE/unpriv/payconform"
		cp "$KEY" "$UKEY"
		chmod -R a+rX "$RT_BASE/unpriv"
		chown -R "$RT_UID:$RT_UID" "$RT_BASE/unpriv/key" "$RT_BASE/unpriv/home"
		chmod 700 "$RT_BASE/unpriv/key"; chmod 600 "$UKEY"
	fi
	SUITE_SHA_BEFORE=$(sha256sum "$sd/certify.test" | cut -c1-64)
	KEY_B64=$(grep -v -- ----- "$KEY" | tr -d '\n')
}

rt_init() {
	ATTACK=$1
	rt_setup_once
	NONCE=$(head -c8 /dev/urandom | od -An -tx1 | tr -d ' \n')
	W=$RT_BASE/$ATTACK
	rm -rf "$W"; mkdir -p "$W"; chmod 755 "$W"
	CANARY="rtcanary$NONCE"
	REP=$W/none
	T0=$(date +%s)
}

# rt_vendor MODE: a fresh vendor directory holding the defective client and the proxy.
rt_vendor() {
	local mode=$1 v=$W/$1/vendor
	mkdir -p "$v"; chmod 755 "$W/$mode" "$v"
	REP=$W/$mode/rep
	cp "$RT_ROOT/bin/candidate-mutants" "$v/"
	cp "$RT_DIR/tools/rtproxy.py" "$v/"
	echo "$NONCE" > "$v/nonce"
	echo "$DEFECT" > "$v/defect"
	chmod -R a+rX "$v"
	echo "$v"
}

# rt_certify MODE [VAR=VALUE ...] -- CMD ARGS...
# Runs payconform certify as root or as uid $RT_UID; sets RC, DUR, OUT (its output), REP.
rt_certify() {
	local mode=$1; shift
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	REP=${REP_OVERRIDE:-$W/$mode/rep}
	mkdir -p "$REP"
	OUT=$W/$mode/certify.out
	local common=("RT_CANARY_SECRET=$CANARY" "GITHUB_TOKEN=ghp_$CANARY" "AWS_SECRET_ACCESS_KEY=aws$CANARY"
		"PAYCONFORM_CANDIDATE_DIR=$W/$mode/vendor")
	local t0; t0=$(date +%s.%N)
	if [ "$mode" = root ]; then
		(cd "$RT_ROOT" && env "${common[@]}" "PAYCONFORM_SIGNING_KEY=$KEY" "${envs[@]}" \
			${RT_WRAP:-} timeout --kill-after=15 "${RT_TIMEOUT:-480}" "$PC" certify --reports "$REP" -- "$@") >"$OUT" 2>&1 </dev/null
		RC=$?
	else
		chown -R "$RT_UID:$RT_UID" "$REP"
		(cd /tmp && setpriv --reuid="$RT_UID" --regid="$RT_UID" --clear-groups \
			env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$RT_BASE/unpriv/home" \
			PAYCONFORM_SUITES_DIR="$RT_BASE/unpriv/suites" "PAYCONFORM_SIGNING_KEY=$UKEY" "${common[@]}" "${envs[@]}" \
			${RT_WRAP:-} timeout --kill-after=15 "${RT_TIMEOUT:-480}" "$RT_BASE/unpriv/payconform" certify --reports "$REP" -- "$@") >"$OUT" 2>&1 </dev/null
		RC=$?
	fi
	DUR=$(python3 -c "import sys;print(int(float(sys.argv[1])-float(sys.argv[2])))" "$(date +%s.%N)" "$t0")
	rt_log "$mode: payconform certify exit $RC after ${DUR}s; $(grep -E '^(CERTIFIED|NOT CERTIFIED|payconform certify:)' "$OUT" | head -2 | tr '\n' ' ' | cut -c1-300)"
}

# The verdict in a certificate.json ("true", "false" or "none").
rt_cert_certified() {
	[ -f "$1" ] || { echo none; return; }
	python3 -c 'import json,sys
try: print("true" if json.load(open(sys.argv[1])).get("certified") is True else "false")
except Exception: print("unparsable")' "$1"
}

# rt_verify FILE: runs payconform verify with the release public key; sets VRC, VOUT.
rt_verify() {
	VOUT=$(timeout 120 "$PC" verify --key "$PUB" "$1" 2>&1); VRC=$?
}

# Processes left behind by this attack: anything carrying the nonce in its environment or
# command line, or running in the attack's directory.
rt_leftovers() {
	local p found=""
	for p in /proc/[0-9]*; do
		[ -r "$p/environ" ] || continue
		if grep -qa "$NONCE" "$p/environ" "$p/cmdline" 2>/dev/null || \
		   readlink "$p/cwd" 2>/dev/null | grep -q "^$W/"; then
			[ "${p#/proc/}" = "$$" ] && continue
			grep -qa "rt_leftovers\|redteam/" "$p/cmdline" 2>/dev/null && continue
			found="$found ${p#/proc/}"
		fi
	done
	echo "$found"
}

# Kill what this attack left (only processes carrying its nonce), by pid.
rt_kill_leftovers() {
	local pids; pids=$(rt_leftovers)
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
	true
}

# rt_check MODE [expect]: the promise every hostile run must keep.  expect=nocert (default):
# the run must not certify; expect=any: only the other walls are checked.
rt_check() {
	local mode=$1 expect=${2:-nocert}
	local c; c=$(rt_cert_certified "$REP/certificate.json")
	if [ "$expect" = nocert ]; then
		[ "$RC" = 0 ] && rt_broken "$mode: payconform exit 0 for a defective client"
		[ "$c" = true ] && rt_broken "$mode: certificate.json says certified"
	fi
	[ "$RC" = 0 ] && [ "$c" != true ] && rt_broken "$mode: exit 0 but certificate.json certified=$c"
	[ "$RC" = 1 ] && [ "$c" = true ] && rt_broken "$mode: exit 1 but certificate.json says certified"
	if [ "$expect" = nocert ]; then
		local f
		while IFS= read -r f; do
			rt_verify "$f"
			if [ "$VRC" = 0 ] && echo "$VOUT" | grep -q '^VERIFIED: CERTIFIED'; then rt_broken "$mode: verify accepts $f as CERTIFIED: $(echo "$VOUT" | tail -1)"; fi
		done < <(find "$W/$mode" "$REP" -type f -name '*.json' -size -50M -print0 2>/dev/null | xargs -0 -r grep -l payloadType 2>/dev/null | sort -u)
	fi
	# secrets of payconform's environment, or the key, anywhere the run wrote
	local leaked
	leaked=$(find "$W/$mode" "$REP" -type f -size -200M -print0 2>/dev/null | xargs -0 -r grep -laF -e "$CANARY" -e "$KEY_B64" 2>/dev/null | grep -v '/stolen.key$' | sort -u | head -3 | tr '\n' ' ')
	[ -n "$leaked" ] && rt_broken "$mode: a secret of payconform's (environment canary or signing key) reached $leaked"
	# the judge's suite binary
	local sd; sd=$(ls -d "$RT_ROOT"/bin/suites/*/ | head -1)
	[ "$(sha256sum "$sd/certify.test" | cut -c1-64)" = "$SUITE_SHA_BEFORE" ] || rt_broken "$mode: the suite binary changed"
	# payconform's tree (redteam/ is ours)
	local dirty; dirty=$(cd "$RT_ROOT" && git status --porcelain -- . ':!redteam' 2>/dev/null)
	[ -z "$dirty" ] || rt_broken "$mode: payconform's tree changed: $dirty"
	# outside the sandbox, in the attack's directory but outside the vendor dir
	ls "$W"/pwned* >/dev/null 2>&1 && rt_broken "$mode: host file written outside the sandbox: $(ls "$W"/pwned* | tr '\n' ' ')"
	sleep 2
	local left; left=$(rt_leftovers)
	if [ -n "$left" ]; then
		rt_broken "$mode: processes outlived the run:$(for p in $left; do echo -n " [$p $(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null | cut -c1-60)]"; done)"
		rt_kill_leftovers
	fi
	local maxdur=${RT_MAXDUR:-420}
	[ "$DUR" -gt "$maxdur" ] && rt_broken "$mode: the run took ${DUR}s (> ${maxdur}s)"
	[ "$RC" = 124 ] || [ "$RC" = 137 ] && rt_broken "$mode: payconform hung and was killed by the outer timeout"
	true
}

rt_finish() {
	if [ ${#BROKEN[@]} -eq 0 ]; then
		echo "PASS $ATTACK"
		exit 0
	fi
	echo "BROKEN $ATTACK: $(printf '%s; ' "${BROKEN[@]}" | cut -c1-1500)"
	exit 1
}
