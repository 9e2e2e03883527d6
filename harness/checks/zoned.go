package checks

import (
	"regexp"
	"strconv"
	"time"
)

// zonedLayouts are date-times that name their own offset, beyond RFC 3339: the offset without
// its colon (+0300, as .NET's "zzz"-less formats and Java's Z write it) and a space for the T.
// A fractional second after the seconds is read whatever the layout (time.Parse).
var zonedLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05-0700"}

// wcfDate is WCF's JSON date: milliseconds since the epoch, and the writer's offset.
var wcfDate = regexp.MustCompile(`^/Date\((-?\d{1,15})([+-]\d{4})?\)/$`)

// ParseZoned reads a date-time that names an instant: RFC 3339, the same with +hhmm or a space,
// or WCF's /Date(ms+hhmm)/. A check that an instant lies in the future uses it, so that a
// server cannot escape it by writing its offset in a form RFC 3339 does not have (red team,
// 2026-12-02: an expiry two days past, written +0300, passed); whether the form is RFC 3339 is a
// SHOULD of its own.
func ParseZoned(s string) (time.Time, bool) {
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if m := wcfDate.FindStringSubmatch(s); m != nil {
		ms, err := strconv.ParseInt(m[1], 10, 64)
		if err == nil {
			return time.UnixMilli(ms), true
		}
	}
	return time.Time{}, false
}
