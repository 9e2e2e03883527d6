#!/bin/bash
# Class: misreporting / files named like reports.  The reports directory lies inside the
# vendor's checkout, which the adapter may write (PAYCONFORM_SANDBOX_WRITABLE=1; as root the
# checkout belongs to uid 4242).  During the run the adapter (a) plants, as
# reports/certificate.intoto.json, a genuine signed CERTIFIED certificate it kept from an earlier
# release (the reference adapter, certified in this same checkout), and turns every other report
# name (junit.xml, summary.*, report.json, certificate.json, certificate.md) into a non-empty
# directory so that payconform cannot write its reports; (b) in a second run, replaces the
# reports directory with a symbolic link to a directory outside the sandbox ($W/elsewhere), so
# that payconform writes its reports there.
# Expected (promise): after a run of the defective client, reports/ holds no certificate verify
# accepts as CERTIFIED; payconform writes nothing where the adapter points it.
. "$(dirname "$0")/lib.sh"
rt_init 34-reports-in-writable-vendor
for mode in $RT_MODES; do
	v=$(rt_vendor $mode)
	cp "$RT_ROOT/bin/candidate-reference" "$v/"
	if [ $mode = root ]; then owner=4242; else owner=$RT_UID; fi
	# the earlier release, certified for real in this checkout
	REP_OVERRIDE="$W/$mode/oldrep" rt_certify $mode -- ./candidate-reference
	cp "$W/$mode/oldrep/certificate.intoto.json" "$v/kept-certificate.intoto.json"
	rt_verify "$v/kept-certificate.intoto.json"; rt_log "$mode: the kept certificate: $(echo "$VOUT" | tail -1 | cut -c1-80)"
	cat > "$v/adapter.py" <<PY
import os, shutil, sys, rtproxy
how = sys.argv[1]
def hook(req, raw):
    if req.get('operation') == 'describe':
        try:
            if how == 'plant':
                os.makedirs('reports', exist_ok=True)
                shutil.copy('kept-certificate.intoto.json', 'reports/certificate.intoto.json')
                for n in ('junit.xml', 'summary.txt', 'summary.md', 'summary.json', 'report.json', 'certificate.json', 'certificate.md', 'certify.log'):
                    p = os.path.join('reports', n)
                    if os.path.isdir(p): continue
                    if os.path.exists(p): os.unlink(p)
                    os.makedirs(p + '/x')
            if how == 'symlink':
                if os.path.isdir('reports') and not os.path.islink('reports'):
                    os.rename('reports', 'reports.old')
                os.symlink('$W/elsewhere', 'reports')
        except OSError as e:
            rtproxy.log('plant failed', e)
    return None
rtproxy.serve(hook)
PY
	chown -R $owner:$owner "$v"; chmod -R a+rX "$v"
	mkdir -p "$v/reports"; chown $owner:$owner "$v/reports"
	[ $mode = unpriv ] || true
	REP_OVERRIDE="$v/reports" rt_certify $mode PAYCONFORM_SANDBOX_WRITABLE=1 -- python3 adapter.py plant
	rt_log "$mode plant: exit $RC; reports/: $(ls -F "$v/reports" | tr '\n' ' ')"
	if [ -f "$v/reports/certificate.intoto.json" ]; then
		rt_verify "$v/reports/certificate.intoto.json"
		rt_log "$mode plant: verify reports/certificate.intoto.json: exit $VRC: $(echo "$VOUT" | tail -1 | cut -c1-100)"
		[ "$VRC" = 0 ] && echo "$VOUT" | grep -q '^VERIFIED: CERTIFIED' && [ "$RC" != 0 ] && \
			rt_broken "$mode: the defective client's run (exit $RC) left reports/certificate.intoto.json verifying as CERTIFIED (planted by the adapter)"
	fi
	# second run: the reports directory swapped for a link to elsewhere
	rm -rf "$v/reports" "$v/reports.old"; mkdir -p "$v/reports" "$W/elsewhere"; chown $owner:$owner "$v/reports"; chmod 755 "$W/elsewhere"
	[ $mode = unpriv ] && chown $RT_UID:$RT_UID "$W/elsewhere"
	REP_OVERRIDE="$v/reports" rt_certify $mode PAYCONFORM_SANDBOX_WRITABLE=1 -- python3 adapter.py symlink
	rt_log "$mode symlink: exit $RC; reports is $(stat -c %F "$v/reports"); elsewhere/: $(ls "$W/elsewhere" | tr '\n' ' ')"
	[ -n "$(ls "$W/elsewhere")" ] && rt_broken "$mode: payconform wrote its reports through the adapter's symbolic link, outside the checkout ($W/elsewhere)"
	REP="$v/reports" rt_check $mode
done
rt_finish
