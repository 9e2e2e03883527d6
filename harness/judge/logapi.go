package judge

import (
	"net/http"
	"strconv"

	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/translog"
)

// checkpoint serves the log's newest signed checkpoint (a note: origin, size, root hash, the time
// it was signed at, and the judge's signature), signed afresh when it is older than
// CheckpointEvery.
func (j *Judge) checkpoint(w http.ResponseWriter, r *http.Request) {
	size, cp, err := j.cfg.Store.FreshCheckpoint(r.Context(), j.cfg.Now(), j.cfg.CheckpointEvery)
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	if size == 0 {
		refuse(w, http.StatusNotFound, "the log is empty")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(cp)
}

// inclusion serves the proof that entry index is in the tree of size entries.
func (j *Judge) inclusion(w http.ResponseWriter, r *http.Request) {
	index, ok1 := uintParam(r, "index")
	size, ok2 := uintParam(r, "size")
	if !ok1 || !ok2 {
		refuse(w, http.StatusBadRequest, "give index and size as numbers")
		return
	}
	if cur, _, err := j.cfg.Store.Checkpoint(r.Context()); err != nil || size > cur || index >= size {
		refuse(w, http.StatusBadRequest, "no entry %d in a log of %d entries (the log holds %d)", index, size, cur)
		return
	}
	p, err := j.cfg.Store.InclusionProof(r.Context(), index, size)
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, judgeapi.Proof{Index: index, Size: size, Hashes: translog.EncodeHashes(p)})
}

// consistency serves the proof that the log of from entries is a prefix of the log of to.
func (j *Judge) consistency(w http.ResponseWriter, r *http.Request) {
	from, ok1 := uintParam(r, "from")
	to, ok2 := uintParam(r, "to")
	if cur, _, err := j.cfg.Store.Checkpoint(r.Context()); !ok1 || !ok2 || err != nil || from == 0 || from > to || to > cur {
		refuse(w, http.StatusBadRequest, "give 0 < from <= to <= the log's size")
		return
	}
	p, err := j.cfg.Store.ConsistencyProof(r.Context(), from, to)
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, judgeapi.Proof{From: from, Size: to, Hashes: translog.EncodeHashes(p)})
}

// entries serves the entries [start, end), at most judgeapi.MaxEntries: anyone can read every
// session's record, certified or not, and recompute the tree.
func (j *Judge) entries(w http.ResponseWriter, r *http.Request) {
	start, ok1 := uintParam(r, "start")
	end, ok2 := uintParam(r, "end")
	if !ok1 || !ok2 || end < start {
		refuse(w, http.StatusBadRequest, "give start <= end as numbers")
		return
	}
	end = min(end, start+judgeapi.MaxEntries)
	leaves, err := j.cfg.Store.Leaves(r.Context(), start, end)
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	out := make([]judgeapi.Entry, len(leaves))
	for i, l := range leaves {
		out[i] = judgeapi.Entry{Index: l.Index, Kind: l.Kind, Session: l.SessionID, Data: l.Data, Time: l.Created.UTC()}
	}
	writeJSON(w, http.StatusOK, out)
}

// revocations serves the entries that revoke a session's certificate.
func (j *Judge) revocations(w http.ResponseWriter, r *http.Request) {
	leaves, err := j.cfg.Store.RevocationsOf(r.Context(), r.URL.Query().Get("session"))
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	out := make([]judgeapi.Entry, 0, len(leaves))
	for _, l := range leaves {
		out = append(out, judgeapi.Entry{Index: l.Index, Kind: l.Kind, Session: l.SessionID, Data: l.Data, Time: l.Created.UTC()})
	}
	writeJSON(w, http.StatusOK, out)
}

func uintParam(r *http.Request, name string) (uint64, bool) {
	n, err := strconv.ParseUint(r.URL.Query().Get(name), 10, 63)
	return n, err == nil
}
