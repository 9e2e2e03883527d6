#!/bin/bash
# tty_wrap.sh OUTFILE CMD ARGS...: run CMD on a fresh pseudo-terminal (as an operator at a
# terminal would), then read whatever input is pending on that terminal into OUTFILE.
out=$1; shift
printf -v q '%q ' "$@"
exec script -qefc "$q; rc=\$?; while read -t 2 -r line; do printf '%s\n' \"\$line\" >> '$out'; done; exit \$rc" /dev/null
