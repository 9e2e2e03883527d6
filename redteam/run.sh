#!/bin/bash
# redteam/run.sh [PATTERN...]: build payconform and the candidates, then run every attack
# (redteam/[0-9]*.sh, or those matching PATTERN) as root and as an unprivileged user, and print
# PASS (the promise held) or BROKEN per attack.  Logs: $RT_BASE (default /tmp/rt-run)/logs/.
# Must run as root (the unprivileged runs use setpriv).  RT_MODES=root or RT_MODES=unpriv narrows.
set -u
cd "$(dirname "$0")/.." || exit 2
[ "$(id -u)" = 0 ] || { echo "run.sh: run as root"; exit 2; }
RT_BASE=${RT_BASE:-/tmp/rt-run}; export RT_BASE
mkdir -p "$RT_BASE/logs"
echo "building payconform and the candidates..."
go build -o bin/payconform ./cmd/payconform && go build -o bin/candidate-mutants ./candidates/mutants \
	&& go build -o bin/candidate-reference ./candidates/reference || { echo "build failed"; exit 2; }
# build the suite once (the first certify does) with a reference run that must certify
. redteam/lib.sh; ATTACK=setup; rt_setup_once
mkdir -p "$RT_BASE/control/v" && chmod 755 "$RT_BASE/control" "$RT_BASE/control/v" && cp bin/candidate-reference "$RT_BASE/control/v/"
if PAYCONFORM_CANDIDATE_DIR="$RT_BASE/control/v" PAYCONFORM_SIGNING_KEY="$KEY" bin/payconform certify --reports "$RT_BASE/control/rep" \
	-- ./candidate-reference > "$RT_BASE/logs/control.log" 2>&1; then
	echo "control: the reference adapter certifies"
else
	echo "control: the reference adapter did NOT certify (see $RT_BASE/logs/control.log)"; exit 2
fi
rt_setup_once   # the unprivileged copies of the freshly built suite
attacks=()
for f in redteam/[0-9]*.sh; do
	if [ $# -eq 0 ]; then attacks+=("$f"); continue; fi
	for p in "$@"; do case "$f" in *$p*) attacks+=("$f");; esac; done
done
pass=0; broken=0; other=0
declare -a summary
for f in "${attacks[@]}"; do
	n=$(basename "$f" .sh)
	start=$(date +%s)
	bash "$f" > "$RT_BASE/logs/$n.log" 2>&1
	rc=$?
	line=$(grep -E '^(PASS|BROKEN) ' "$RT_BASE/logs/$n.log" | tail -1)
	took=$(( $(date +%s) - start ))
	case "$rc:$line" in
	0:PASS*) pass=$((pass+1)); printf 'PASS    %-34s (%ss)\n' "$n" "$took";;
	1:BROKEN*) broken=$((broken+1)); printf 'BROKEN  %-34s (%ss) %s\n' "$n" "$took" "$(echo "${line#BROKEN $n: }" | cut -c1-220)";;
	*) other=$((other+1)); printf 'ERROR   %-34s (%ss) exit %s; see %s\n' "$n" "$took" "$rc" "$RT_BASE/logs/$n.log";;
	esac
done
echo "----"
echo "$pass held, $broken BROKEN, $other could not run (of ${#attacks[@]})"
