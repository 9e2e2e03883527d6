package paynetmock

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
)

// AllowEnv names the mock setting that replaces the default allow-list (loopback): addresses or
// CIDR prefixes, comma-separated.
const AllowEnv = "PAYCONFORM_MOCK_PAYNET_ALLOW"

// MaxAllowEntries bounds an allow-list, set from the environment or the admin API.
const MaxAllowEntries = 4096

// LoopbackOnly is the default allow-list.
var LoopbackOnly = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// PrivateRanges admit Docker's bridge gateway, which a containerised mock sees instead of the
// client; the allow-list check itself is exercised by shrinking the list at run time.
var PrivateRanges = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"

// allowSet models the server addresses a dealer registers with Paynet. It is a set of prefixes
// grouped by length, so a lookup costs one map probe per distinct length (at most 129), however
// long the list: a list scanned per request made every request slow once it was long.
type allowSet struct {
	byLen map[int]map[netip.Prefix]struct{}
	list  []netip.Prefix
}

func newAllowSet(prefixes []netip.Prefix) *allowSet {
	s := &allowSet{byLen: map[int]map[netip.Prefix]struct{}{}}
	for _, p := range prefixes {
		p = p.Masked()
		if s.byLen[p.Bits()] == nil {
			s.byLen[p.Bits()] = map[netip.Prefix]struct{}{}
		}
		if _, dup := s.byLen[p.Bits()][p]; !dup {
			s.byLen[p.Bits()][p] = struct{}{}
			s.list = append(s.list, p)
		}
	}
	return s
}

// contains reports whether a request from remote (host:port, or an address) is allowed.
func (s *allowSet) contains(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for bits, set := range s.byLen {
		if bits > addr.BitLen() {
			continue
		}
		p, err := addr.Prefix(bits)
		if err != nil {
			continue
		}
		if _, ok := set[p]; ok {
			return true
		}
	}
	return false
}

func (s *allowSet) strings() []string {
	out := make([]string, len(s.list))
	for i, p := range s.list {
		out[i] = p.String()
	}
	slices.Sort(out)
	return out
}

// ParsePrefixes reads a comma-separated list of CIDR prefixes or single addresses, at most
// MaxAllowEntries of them.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if len(out) == MaxAllowEntries {
			return nil, fmt.Errorf("parse allow-list: more than %d entries", MaxAllowEntries)
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("parse allow-list entry %q: %w", clip(s), err)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("parse allow-list entry %q: %w", clip(s), err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
