package redact_test

import (
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/redact"
)

// seed is the property tests' random seed: REDACT_SEED replays a failure, each run draws a new
// one otherwise.
func seed(t *testing.T) uint64 {
	t.Helper()
	if s := os.Getenv("REDACT_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("REDACT_SEED: %v", err)
		}
		return v
	}
	return uint64(time.Now().UnixNano())
}

// survivors lists the leaks that out still holds, outside the masks.
func survivors(out string, leaks ...string) []string {
	var found []string
	for _, piece := range strings.Split(out, redact.Mask) {
		for _, l := range leaks {
			if strings.Contains(piece, l) {
				found = append(found, l)
			}
		}
	}
	return found
}

// Random secrets, written in every form the oracle knows at a random place of a random text,
// are always found by Find and masked by String; the text around them is kept. REDACT_SEED
// replays a run.
func TestEveryFormOfARandomSecretIsFoundAndMasked(t *testing.T) {
	seed := seed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	const secrets = 200
	for range secrets {
		s := randomSecret(rng)
		r := redact.New(s)
		for _, enc := range encodings {
			if !enc.promised(s) {
				continue
			}
			w := enc.write(rng, s)
			prefix, suffix := randomString(rng, ordinary, 0, 40), randomString(rng, ordinary, 0, 40)
			sep := ""
			if enc.delimited || rng.IntN(2) == 0 {
				sep = " "
			}
			before := prefix + sep
			text := before + w.text + sep + suffix
			why := fmt.Sprintf("REDACT_SEED=%d: secret %q written %s:\n%q", seed, s, enc.name, text)

			m, ok := r.Find(text)
			if !ok {
				t.Errorf("Find missed it; %s", why)
				continue
			}
			if m.End <= len(before) || m.Start >= len(before)+len(w.text) {
				t.Errorf("Find placed it at %d:%d (%s), outside the written run at %d:%d; %s", m.Start, m.End, m.Form, len(before), len(before)+len(w.text), why)
			}
			out := r.String(text)
			read := out
			if w.joined {
				read = joinLines(out)
			}
			if left := survivors(read, append(w.leaks, s)...); len(left) > 0 {
				t.Errorf("String left %q in %q; %s", left, out, why)
				continue
			}
			if sep == "" {
				continue // glued to its neighbours, a base64 run is masked whole with them
			}
			// The smallest run is masked: the text around it is kept, and around a form
			// that is not one encoded blob, all but the leak. A blob is read in the text
			// joined across line breaks, so its run may begin on the line before it and end
			// on the line after it: the lines around those are kept.
			keptBefore, keptAfter := before, sep+suffix
			if w.whole {
				keptBefore, keptAfter = beyondWrappedRun(keptBefore, keptAfter)
				// A blob of several lines (a dump) is read line by line, and what follows its
				// last line break may join that line: a backslash (C, shell) or '=' (quoted-
				// printable's soft line break) ending a line, a "\n" decoded inside its ASCII
				// column. Only the text before it is held to be kept.
				if strings.Contains(strings.TrimRight(w.text, "\n"), "\n") {
					keptAfter = ""
				}
				if last := strings.TrimRight(w.text, "\n"); strings.HasSuffix(last, `\`) || strings.HasSuffix(last, "=") {
					if i := strings.Index(keptAfter, "\n"); i >= 0 {
						keptAfter = keptAfter[i:]
					} else {
						keptAfter = ""
					}
				}
			}
			if !strings.HasPrefix(out, keptBefore) || !strings.HasSuffix(out, keptAfter) {
				t.Errorf("String did not keep the text around the secret: %q; %s", out, why)
			}
			if !w.whole && !w.joined && len(w.leaks) == 1 {
				if msg := smallest(out[len(before):len(out)-len(sep+suffix)], w.text, w.leaks[0]); msg != "" {
					t.Errorf("String masked more than the secret's run: %s; %s", msg, why)
				}
			}
		}
	}
}

// beyondWrappedRun is the text before and after a blob that no base64 run joined across line
// breaks can reach: a line break, with the indentation after it, joins the base64 characters
// on both sides of it.
func beyondWrappedRun(before, after string) (string, string) {
	isB64 := func(c byte) bool { return strings.IndexByte(base64Alphabet, c) >= 0 }
	i := len(before)
	for {
		j := strings.TrimRight(before[:i], " \t")
		k := strings.TrimRight(j, "\n")
		k = strings.TrimRight(k, "\r")
		if len(k) == len(j) {
			break
		}
		for len(k) > 0 && isB64(k[len(k)-1]) {
			k = k[:len(k)-1]
		}
		i = len(k)
	}
	j := 0
	for {
		k := j
		for k < len(after) && (isB64(after[k]) || after[k] == '=') {
			k++
		}
		rest := strings.TrimLeft(strings.TrimLeft(after[k:], "\r"), "\n")
		if len(rest) == len(after[k:]) {
			break
		}
		j = len(after) - len(strings.TrimLeft(rest, " \t"))
	}
	return before[:i], after[j:]
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"

// joinLines is s with every line break and the indentation after it dropped: how a person
// reads a wrapped blob back.
func joinLines(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' || s[i] == '\n' {
			for i+1 < len(s) && strings.IndexByte("\r\n \t", s[i+1]) >= 0 {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// slack is how far past a leak a mask may reach: one neighbouring character, escaped (a
// surrogate pair as two \uXXXX escapes) or escaped twice (a "\" percent-encoded, then
// \u-escaped: \u00255\u0043), may decode together with the secret's (a "\\" before a secret
// that starts with a backslash).
const slack = 24

// smallest says what is wrong when got, the written text redacted, does not mask exactly its
// leak (give or take slack bytes around it) once.
func smallest(got, text, leak string) string {
	i := strings.Index(text, leak)
	before, after, ok := strings.Cut(got, redact.Mask)
	switch {
	case !ok || strings.Contains(after, redact.Mask):
		return fmt.Sprintf("%q holds not one mask", got)
	case !strings.HasPrefix(text[:i], before) || len(before) < i-slack:
		return fmt.Sprintf("%q is not %q before the mask", before, text[:i])
	case !strings.HasSuffix(text[i+len(leak):], after) || len(after) < len(text)-i-len(leak)-slack:
		return fmt.Sprintf("%q is not %q after the mask", after, text[i+len(leak):])
	}
	return ""
}

// The false-positive rule, on ordinary answers: a text that does not hold the secret comes
// back unchanged, escapes, tokens, JWTs, hashes and clipped excerpts included.
func TestTextWithoutTheSecretIsUnchanged(t *testing.T) {
	seed := seed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
	for range 300 {
		secrets := []string{randomSecret(rng), randomSecret(rng), randomSecret(rng), randomSecret(rng)}
		r := redact.New(secrets...)
		text := ordinaryAnswer(rng)
		if got := r.String(text); got != text {
			t.Errorf("REDACT_SEED=%d: secrets %q changed an answer that holds none:\n%q\n%q", seed, secrets, text, got)
		}
		if m, ok := r.Find(text); ok {
			t.Errorf("REDACT_SEED=%d: secrets %q: Find saw a %s at %d:%d in %q", seed, secrets, m.Form, m.Start, m.End, text)
		}
	}
	if got := redact.New(benchSecrets...).String(typicalAnswer()); got != typicalAnswer() {
		t.Errorf("the benchmark's answer changed:\n%s", got)
	}
}

// ordinaryAnswer is a random answer of the kinds targets and adapters write, with every
// encoding the detector decodes, holding no secret.
func ordinaryAnswer(rng *rand.Rand) string {
	word := func() string { return randomString(rng, []rune("abcdefghijklmnopqrstuvwxyzçşığüö"), 2, 12) }
	var b strings.Builder
	for b.Len() < 1500 {
		switch rng.IntN(13) {
		case 9:
			blob := make([]byte, 8+rng.IntN(40))
			for i := range blob {
				blob[i] = byte(rng.Uint32())
			}
			fmt.Fprintf(&b, `"bytes":"%v","buffer":"<Buffer % x>","word":"%s",`, blob, blob[:min(len(blob), 50)], base32.StdEncoding.EncodeToString([]byte(word()+" "+word())))
		case 10:
			fmt.Fprintf(&b, `"c":"%s","js":"%s",`, escapeSome(rng, word()+" "+word(), cMix), escapeSome(rng, word()+" "+word(), percentUMix))
		case 11:
			blob := make([]byte, 60+rng.IntN(100))
			for i := range blob {
				blob[i] = byte(rng.Uint32())
			}
			pem := base64.StdEncoding.EncodeToString(blob)
			for i := 64; i < len(pem); i += 65 {
				pem = pem[:i] + "\n" + pem[i:]
			}
			fmt.Fprintf(&b, "\"pem\":\"%s\",\n  \"lines\":\"%s\n%s\",", pem, word(), word())
		case 12:
			fmt.Fprintf(&b, `"list":[%d, %d, %d, %d, %d, %d, %d],"mac":"%02x:%02x:%02x:%02x:%02x:%02x",`, rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256))
		case 0:
			fmt.Fprintf(&b, `"%s":"%s",`, word(), escapeSome(rng, word()+" "+word(), jsonMix))
		case 1:
			fmt.Fprintf(&b, `"url":"https://merchant.example/%s?q=%s&amp;n=%d",`, word(), escapeSome(rng, word()+" "+word(), percentMix), rng.IntN(1e6))
		case 2:
			fmt.Fprintf(&b, `"token":"%s",`, jwt(rng, word(), rng.IntN(2) == 0).text)
		case 3:
			blob := make([]byte, 8+rng.IntN(40))
			for i := range blob {
				blob[i] = byte(rng.Uint32())
			}
			fmt.Fprintf(&b, `"hash":"%x","raw":"%s","basic":"%s",`, blob, base64.StdEncoding.EncodeToString(blob), base64.StdEncoding.EncodeToString([]byte(word()+":")))
		case 4:
			fmt.Fprintf(&b, `"message":"%s %s %s…",`, word(), word(), word())
		case 5:
			fmt.Fprintf(&b, `"html":"%s",`, escapeSome(rng, "<b>"+word()+" & "+word()+"</b>", entityMix))
		case 6:
			fmt.Fprintf(&b, `"id":"%08x-%04x-%04x-%04x-%012x","time":%d,`, rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<16), rng.IntN(1<<16), rng.Uint64()&(1<<48-1), 1777637800000+rng.IntN(1e9))
		case 7:
			fmt.Fprintf(&b, `"card":"%d","amount":"%d.%02d",`, 400000000000+rng.IntN(1e11), rng.IntN(1e5), rng.IntN(100))
		default:
			fmt.Fprintf(&b, `"text":"%s %s, %s.",`, word(), word(), word())
		}
	}
	return "{" + b.String() + `"end":true}`
}
