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
for p in "${payloads[@]}"; do
	i=$((i+1))
	(cd "$RT_ROOT" && PAYCONFORM_CANDIDATE_DIR="$W/v" timeout 300 make -s certify CANDIDATE="$p" >"$W/make-$i.out" 2>&1 </dev/null)
	rc=$?
	rt_log "make certify CANDIDATE=$(printf %q "$p" | cut -c1-80): exit $rc $(grep -h 'CERTIFIED\|payconform certify:\|make:' "$W/make-$i.out" | head -1 | cut -c1-100)"
	(cd "$RT_ROOT" && PAYCONFORM_CANDIDATE_DIR="$W/v" timeout 300 make -s certify CANDIDATE_CMD="$p" >"$W/makecmd-$i.out" 2>&1 </dev/null)
	rt_log "make certify CANDIDATE_CMD=$(printf %q "$p" | cut -c1-80): exit $?"
	(cd "$RT_ROOT" && PAYCONFORM_CANDIDATE_DIR="$W/v" PAYCONFORM_CANDIDATE="$p" timeout 300 bin/payconform certify >"$W/pc-$i.out" 2>&1 </dev/null)
	rt_log "PAYCONFORM_CANDIDATE=$(printf %q "$p" | cut -c1-80): exit $?"
done
for f in "$W"/pwned*; do
	[ -e "$f" ] && rt_broken "host command ran: $(basename "$f") exists"
done
rm -f "$W"/pwned*
# the reports each run left in the tree
(cd "$RT_ROOT" && git status --porcelain -- . ':!redteam' | head -3 | sed "s/^/[$ATTACK] tree: /")
rt_finish
