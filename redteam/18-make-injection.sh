#!/bin/bash
# Class: shell/make injection through `make certify CANDIDATE='...'` (the README: "CANDIDATE is
# data") and PAYCONFORM_CANDIDATE.  Each payload tries to run `touch $W/pwned-...` on the host,
# outside the sandbox: make's own $(shell ...) and $(file ...), shell ; && | ` $( ) $$( ),
# quotes that close the recipe's "...", a newline, and (for CANDIDATE_CMD, the variable the
# recipe exports) the same make functions.  Then PAYCONFORM_CANDIDATE with the same shell
# payloads, with no `--` command.
# Expected (promise): no pwned file appears on the host (the payload may only run inside the
# sandbox, where $W does not exist).
. "$(dirname "$0")/lib.sh"
rt_init 18-make-injection
mkdir -p "$W/v" && chmod 755 "$W/v" && cp "$RT_ROOT/bin/candidate-mutants" "$W/v/"
P=$W/pwned
payloads=(
	"\$(shell touch $P-make-shell)"
	"\$(file >$P-make-file,x)"
	"\${shell touch $P-make-shell2}"
	"false; touch $P-semicolon"
	"false \$\$(touch $P-dollar-dollar)"
	"false \`touch $P-backtick\`"
	"\"; touch $P-dquote; \""
	"'; touch $P-squote; '"
	"false
touch $P-newline"
	"\$(eval \$(shell touch $P-make-eval))"
	"\$(value \$(shell touch $P-value))"
	"\\\$(shell touch $P-escaped)"
)
i=0
attempt() {   # label, then the command
	local label=$1; shift
	rm -f "$W"/pwned*
	(cd "$RT_ROOT" && PAYCONFORM_CANDIDATE_DIR="$W/v" timeout 300 "$@" >"$W/out-$i-${label%%=*}.txt" 2>&1 </dev/null)
	local rc=$?
	local hit; hit=$(ls "$W" | grep '^pwned' | tr '\n' ' ')
	rt_log "$label$(printf %q "$p" | cut -c1-70): exit $rc${hit:+; HOST RAN: $hit}"
	[ -n "$hit" ] && rt_broken "$label$(printf %q "$p" | cut -c1-60) ran on the host ($hit)"
	rm -f "$W"/pwned*
}
for p in "${payloads[@]}"; do
	i=$((i+1))
	attempt "make certify CANDIDATE=" make -s certify CANDIDATE="$p"
	attempt "make certify CANDIDATE_CMD=" make -s certify CANDIDATE_CMD="$p"
	attempt "PAYCONFORM_CANDIDATE=" env PAYCONFORM_CANDIDATE="$p" bin/payconform certify
done
# the reports each run left in the tree
(cd "$RT_ROOT" && git status --porcelain -- . ':!redteam' | head -3 | sed "s/^/[$ATTACK] tree: /")
rt_finish
