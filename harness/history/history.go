// Package history is payconform's run history: a SQLite file (modernc.org/sqlite, pure Go, so
// the static binary and the runner image keep working) to which every `payconform test` and
// `certify` appends one record: when it ran and for how long, which payconform, against which
// target, each spec's outcome with its message, the suites' times, and the shapes of the
// answers the target gave (harness/shape: field paths, JSON types, statuses, error codes, never
// a value). Its schema is versioned: migrations/ holds goose's numbered SQL migrations, applied
// when the store is opened; a store written by a newer payconform is refused, not altered.
// Reads are bounded, since a store restored from a CI cache is outside input.
package history

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/shape"
)

// Env names the store; Off turns the history off.
const (
	Env         = "PAYCONFORM_HISTORY"
	Off         = "off"
	DefaultFile = "history.sqlite"
)

// Bounds on what one read returns, against a store that grew without bound or was tampered
// with.
const (
	MaxRuns         = 1000
	maxRowsPerRun   = 20000
	MaxMessageBytes = 4096
)

//go:embed migrations/*.sql
var migrations embed.FS

// Path is where the history lives: PAYCONFORM_HISTORY, or history.sqlite in the reports
// directory. ok is false when PAYCONFORM_HISTORY=off.
func Path(getenv func(string) string, reports string) (path string, ok bool) {
	switch v := strings.TrimSpace(getenv(Env)); {
	case strings.EqualFold(v, Off):
		return "", false
	case v != "":
		return v, true
	}
	return filepath.Join(reports, DefaultFile), true
}

// Run is one run as the history keeps it.
type Run struct {
	ID   int64
	Kind string // "test" or "certify"
	// Target is the target kind (mock, container, sandbox, custom) or "certify"; Endpoints the
	// scheme and host of each base URL of a sandbox or custom target. Runs with the same two
	// are runs against the same target.
	Target    string
	Endpoints string
	Start     time.Time
	Duration  time.Duration
	Version   string
	Filter    string // the label filter, if any
	Mutants   string // the mock's mutants, if any
	Exit      int
	// Banner says what the run left out ("!! NOT EVERYTHING WAS TESTED: ...").
	Banner string
	Counts map[report.Outcome]int
	Suites []Suite
	// Outcomes and Shapes are filled by Load, not by Runs.
	Outcomes []Outcome
	Shapes   []shape.Element
}

// Suite is one suite's part of a run.
type Suite struct {
	Name     string
	Duration time.Duration
	Specs    int
}

// Outcome is one spec's result.
type Outcome struct {
	Suite       string
	Requirement string
	Level       string
	Name        string
	Outcome     report.Outcome
	Message     string
}

// Ran reports whether any check of the run reached a verdict: a run that tested nothing (a
// harness error, every check skipped) is no baseline to compare with.
func (r Run) Ran() bool {
	return r.Counts[report.Passed]+r.Counts[report.Warned]+r.Counts[report.Failed]+r.Counts[report.Errored]+r.Counts[report.Known] > 0
}

// Same reports whether two runs were against the same target.
func (r Run) Same(o Run) bool { return r.Target == o.Target && r.Endpoints == o.Endpoints }

// Label names a run for people: "#12 (2026-12-02 03:17 UTC)".
func (r Run) Label() string {
	return fmt.Sprintf("#%d (%s)", r.ID, r.Start.UTC().Format("2006-01-02 15:04 UTC"))
}

// TargetLabel is the target with its endpoints: "sandbox (https://sandbox-api.iyzipay.com)".
func (r Run) TargetLabel() string {
	if r.Endpoints == "" {
		return r.Target
	}
	return r.Target + " (" + r.Endpoints + ")"
}

// Store is an open history.
type Store struct {
	db   *sql.DB
	path string
}

// Open opens the history at path, creating it (and its directory) if needed, and migrates it
// to this payconform's schema.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open history: %w", err)
		}
	}
	// One connection: SQLite allows one writer, and a run writes once. The busy timeout lets
	// two runs that share a store wait for each other instead of failing.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	return s, nil
}

// ErrNewerSchema is a store written by a newer payconform.
var ErrNewerSchema = errors.New("the history was written by a newer payconform")

// Schema is the newest schema version this payconform knows.
func Schema() int64 {
	entries, _ := fs.Glob(migrations, "migrations/*.sql")
	var v int64
	for _, e := range entries {
		var n int64
		if _, err := fmt.Sscanf(filepath.Base(e), "%d_", &n); err == nil && n > v {
			v = n
		}
	}
	return v
}

func (s *Store) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil && !errors.Is(err, goose.ErrVersionNotFound) {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > Schema() {
		return fmt.Errorf("%w (schema %d; this one knows %d): upgrade payconform, or name another store with %s", ErrNewerSchema, current, Schema(), Env)
	}
	if current == Schema() {
		return nil
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Path is the store's file.
func (s *Store) Path() string { return s.path }

var countColumns = []report.Outcome{report.Passed, report.Warned, report.Failed, report.Errored, report.Skipped, report.Known, report.Broken}

// Append adds a run and returns its ID. Messages longer than MaxMessageBytes are cut.
func (s *Store) Append(ctx context.Context, r Run) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("append run: %w", err)
	}
	defer tx.Rollback()
	specIDs, err := s.specIDs(ctx, tx, r.Outcomes)
	if err != nil {
		return 0, fmt.Errorf("append run: %w", err)
	}
	outcomeSet, err := outcomeSet(ctx, tx, r.Outcomes, specIDs)
	if err != nil {
		return 0, fmt.Errorf("append run: %w", err)
	}
	shapeSet, err := shapeSet(ctx, tx, r.Shapes)
	if err != nil {
		return 0, fmt.Errorf("append run: %w", err)
	}
	counts := make([]any, len(countColumns))
	for i, o := range countColumns {
		counts[i] = r.Counts[o]
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO runs (kind, target, endpoints, started_at, duration_ms, version, label_filter, mutants, exit_code, banner,
		passed, warned, failed, errored, skipped, known, broken, outcome_set, shape_set) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(append([]any{r.Kind, r.Target, r.Endpoints, r.Start.UTC().Format(time.RFC3339Nano), r.Duration.Milliseconds(), r.Version, r.Filter, r.Mutants, r.Exit, r.Banner},
			counts...), outcomeSet, shapeSet)...)
	if err != nil {
		return 0, fmt.Errorf("append run: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("append run: %w", err)
	}
	for _, su := range r.Suites {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO suites (run_id, name, duration_ms, specs) VALUES (?, ?, ?, ?)`, id, su.Name, su.Duration.Milliseconds(), su.Specs); err != nil {
			return 0, fmt.Errorf("append run: %w", err)
		}
	}
	for i, o := range r.Outcomes {
		text := clip(o.Message, MaxMessageBytes)
		if text == "" {
			continue
		}
		mid, err := upsert(ctx, tx, `messages`, digest(text), `INSERT INTO messages (digest, text) VALUES (?, ?)`, text)
		if err != nil {
			return 0, fmt.Errorf("append run: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO run_messages (run_id, spec_id, message_id) VALUES (?, ?, ?)`, id, specIDs[i], mid); err != nil {
			return 0, fmt.Errorf("append run: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("append run: %w", err)
	}
	return id, nil
}

// digest identifies a row by its content: the first 16 bytes of SHA-256 over the parts.
func digest(parts ...string) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0x1f})
	}
	return h.Sum(nil)[:16]
}

// upsert finds the row of table with this digest, or inserts it with insert (whose first
// argument is the digest) and returns its ID.
func upsert(ctx context.Context, tx *sql.Tx, table string, d []byte, insert string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE digest = ?`, d).Scan(&id)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	res, err := tx.ExecContext(ctx, insert, append([]any{d}, args...)...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// specIDs finds or adds each outcome's spec, returning their IDs in the outcomes' order. A
// spec whose requirement or level changed (the catalogue did) is updated.
func (s *Store) specIDs(ctx context.Context, tx *sql.Tx, outcomes []Outcome) ([]int64, error) {
	type known struct {
		id                 int64
		requirement, level string
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, digest, requirement, level FROM specs`)
	if err != nil {
		return nil, err
	}
	byDigest := map[string]known{}
	for rows.Next() {
		var k known
		var d []byte
		if err := rows.Scan(&k.id, &d, &k.requirement, &k.level); err != nil {
			rows.Close()
			return nil, err
		}
		byDigest[string(d)] = k
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]int64, len(outcomes))
	for i, o := range outcomes {
		d := digest(o.Suite, o.Name)
		k, ok := byDigest[string(d)]
		switch {
		case !ok:
			res, err := tx.ExecContext(ctx, `INSERT INTO specs (digest, suite, requirement, level, name) VALUES (?, ?, ?, ?, ?)`, d, o.Suite, o.Requirement, o.Level, o.Name)
			if err != nil {
				return nil, err
			}
			if k.id, err = res.LastInsertId(); err != nil {
				return nil, err
			}
			k.requirement, k.level = o.Requirement, o.Level
			byDigest[string(d)] = k
		case o.Level != "" && (k.level != o.Level || k.requirement != o.Requirement):
			if _, err := tx.ExecContext(ctx, `UPDATE specs SET requirement = ?, level = ? WHERE id = ?`, o.Requirement, o.Level, k.id); err != nil {
				return nil, err
			}
		}
		ids[i] = k.id
	}
	return ids, nil
}

// outcomeSet finds or adds the set of (spec, outcome) pairs.
func outcomeSet(ctx context.Context, tx *sql.Tx, outcomes []Outcome, specIDs []int64) (int64, error) {
	type member struct {
		spec    int64
		outcome string
	}
	members := make([]member, len(outcomes))
	for i, o := range outcomes {
		members[i] = member{specIDs[i], string(o.Outcome)}
	}
	slices.SortFunc(members, func(a, b member) int { return cmp.Compare(a.spec, b.spec) })
	members = slices.CompactFunc(members, func(a, b member) bool { return a.spec == b.spec })
	parts := make([]string, len(members))
	for i, m := range members {
		parts[i] = strconv.FormatInt(m.spec, 10) + ":" + m.outcome
	}
	d := digest(parts...)
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM outcome_sets WHERE digest = ?`, d).Scan(&id)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outcome_sets (digest) VALUES (?)`, d)
	if err != nil {
		return 0, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	insert, err := tx.PrepareContext(ctx, `INSERT INTO outcome_set_members (set_id, spec_id, outcome) VALUES (?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer insert.Close()
	for _, m := range members {
		if _, err := insert.ExecContext(ctx, id, m.spec, m.outcome); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// shapeSet finds or adds the set of shape elements.
func shapeSet(ctx context.Context, tx *sql.Tx, elements []shape.Element) (int64, error) {
	known := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, digest FROM shapes`)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		var d []byte
		if err := rows.Scan(&id, &d); err != nil {
			rows.Close()
			return 0, err
		}
		known[string(d)] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	ids := make([]int64, 0, len(elements))
	for _, e := range elements {
		d := digest(e.Key())
		id, ok := known[string(d)]
		if !ok {
			res, err := tx.ExecContext(ctx, `INSERT INTO shapes (digest, kind, endpoint, status, codes, path, type) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				d, string(e.Kind), e.Endpoint, e.Status, e.Codes, e.Path, e.Type)
			if err != nil {
				return 0, err
			}
			if id, err = res.LastInsertId(); err != nil {
				return 0, err
			}
			known[string(d)] = id
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	d := digest(parts...)
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM shape_sets WHERE digest = ?`, d).Scan(&id)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO shape_sets (digest) VALUES (?)`, d)
	if err != nil {
		return 0, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	insert, err := tx.PrepareContext(ctx, `INSERT INTO shape_set_members (set_id, shape_id) VALUES (?, ?)`)
	if err != nil {
		return 0, err
	}
	defer insert.Close()
	for _, sid := range ids {
		if _, err := insert.ExecContext(ctx, id, sid); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// Query selects runs.
type Query struct {
	// Target and Endpoints select runs against one target; an empty Target selects every run.
	Target    string
	Endpoints string
	// UpTo selects runs with an ID up to it; 0 means every run.
	UpTo int64
	// Limit is how many of the newest runs to return (at most MaxRuns; 0 means MaxRuns).
	Limit int
}

// Runs lists runs, oldest first, without their outcomes and shapes.
func (s *Store) Runs(ctx context.Context, q Query) ([]Run, error) {
	limit := q.Limit
	if limit <= 0 || limit > MaxRuns {
		limit = MaxRuns
	}
	where, args := []string{"1 = 1"}, []any{}
	if q.Target != "" {
		where, args = append(where, "target = ? AND endpoints = ?"), append(args, q.Target, q.Endpoints)
	}
	if q.UpTo > 0 {
		where, args = append(where, "id <= ?"), append(args, q.UpTo)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, target, endpoints, started_at, duration_ms, version, label_filter, mutants, exit_code, banner,
		passed, warned, failed, errored, skipped, known, broken FROM runs WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var start string
		var ms int64
		counts := make([]int, len(countColumns))
		dest := []any{&r.ID, &r.Kind, &r.Target, &r.Endpoints, &start, &ms, &r.Version, &r.Filter, &r.Mutants, &r.Exit, &r.Banner}
		for i := range counts {
			dest = append(dest, &counts[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		r.Start, _ = time.Parse(time.RFC3339Nano, start)
		r.Duration = time.Duration(ms) * time.Millisecond
		r.Counts = map[report.Outcome]int{}
		for i, o := range countColumns {
			if counts[i] != 0 {
				r.Counts[o] = counts[i]
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	slices.Reverse(out)
	if err := s.suites(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) suites(ctx context.Context, runs []Run) error {
	if len(runs) == 0 {
		return nil
	}
	index := map[int64]int{}
	for i, r := range runs {
		index[r.ID] = i
	}
	rows, err := s.db.QueryContext(ctx, `SELECT run_id, name, duration_ms, specs FROM suites WHERE run_id BETWEEN ? AND ? ORDER BY run_id, name LIMIT ?`,
		runs[0].ID, runs[len(runs)-1].ID, maxRowsPerRun)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, ms int64
		var su Suite
		if err := rows.Scan(&id, &su.Name, &ms, &su.Specs); err != nil {
			return fmt.Errorf("read history: %w", err)
		}
		su.Duration = time.Duration(ms) * time.Millisecond
		if i, ok := index[id]; ok {
			runs[i].Suites = append(runs[i].Suites, su)
		}
	}
	return rows.Err()
}

// ErrNoRun is a run the history does not hold.
var ErrNoRun = errors.New("no such run in the history")

// Load reads one run whole: its outcomes and its answers' shapes too.
func (s *Store) Load(ctx context.Context, id int64) (Run, error) {
	runs, err := s.Runs(ctx, Query{UpTo: id, Limit: 1})
	if err != nil {
		return Run{}, err
	}
	if len(runs) == 0 || runs[0].ID != id {
		return Run{}, fmt.Errorf("run #%d: %w", id, ErrNoRun)
	}
	r := runs[0]
	outcomes, err := s.Outcomes(ctx, id)
	if err != nil {
		return Run{}, err
	}
	r.Outcomes = outcomes[id]
	rows, err := s.db.QueryContext(ctx, `SELECT s.kind, s.endpoint, s.status, s.codes, s.path, s.type FROM runs r
		JOIN shape_set_members m ON m.set_id = r.shape_set JOIN shapes s ON s.id = m.shape_id WHERE r.id = ? LIMIT ?`, id, maxRowsPerRun)
	if err != nil {
		return Run{}, fmt.Errorf("read history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e shape.Element
		var kind string
		if err := rows.Scan(&kind, &e.Endpoint, &e.Status, &e.Codes, &e.Path, &e.Type); err != nil {
			return Run{}, fmt.Errorf("read history: %w", err)
		}
		e.Kind = shape.Kind(kind)
		r.Shapes = append(r.Shapes, e)
	}
	if err := rows.Err(); err != nil {
		return Run{}, fmt.Errorf("read history: %w", err)
	}
	slices.SortFunc(r.Shapes, shape.Compare)
	return r, nil
}

// Outcomes reads the outcomes of the given runs, by run, each run's in suite and name order.
// Runs that share an outcome set read it once.
func (s *Store) Outcomes(ctx context.Context, ids ...int64) (map[int64][]Outcome, error) {
	out := map[int64][]Outcome{}
	if len(ids) == 0 {
		return out, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	setOf := map[int64]int64{}
	rows, err := s.db.QueryContext(ctx, `SELECT id, outcome_set FROM runs WHERE outcome_set IS NOT NULL AND id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	for rows.Next() {
		var run, set int64
		if err := rows.Scan(&run, &set); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read history: %w", err)
		}
		setOf[run] = set
	}
	rows.Close()
	type specOutcome struct {
		spec int64
		o    Outcome
	}
	sets := map[int64][]specOutcome{}
	for _, set := range setOf {
		if _, ok := sets[set]; ok {
			continue
		}
		rows, err := s.db.QueryContext(ctx, `SELECT sp.id, sp.suite, sp.requirement, sp.level, sp.name, m.outcome FROM outcome_set_members m
			JOIN specs sp ON sp.id = m.spec_id WHERE m.set_id = ? ORDER BY sp.suite, sp.name LIMIT ?`, set, maxRowsPerRun)
		if err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		var members []specOutcome
		for rows.Next() {
			var m specOutcome
			var outcome string
			if err := rows.Scan(&m.spec, &m.o.Suite, &m.o.Requirement, &m.o.Level, &m.o.Name, &outcome); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read history: %w", err)
			}
			m.o.Outcome = report.Outcome(outcome)
			members = append(members, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		sets[set] = members
	}
	messages := map[int64]map[int64]string{}
	rows, err = s.db.QueryContext(ctx, `SELECT rm.run_id, rm.spec_id, m.text FROM run_messages rm JOIN messages m ON m.id = rm.message_id
		WHERE rm.run_id IN (`+marks+`) LIMIT ?`, append(args, maxRowsPerRun)...)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	for rows.Next() {
		var run, spec int64
		var text string
		if err := rows.Scan(&run, &spec, &text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read history: %w", err)
		}
		if messages[run] == nil {
			messages[run] = map[int64]string{}
		}
		messages[run][spec] = text
	}
	rows.Close()
	for run, set := range setOf {
		members := sets[set]
		list := make([]Outcome, len(members))
		for i, m := range members {
			list[i] = m.o
			list[i].Message = messages[run][m.spec]
		}
		out[run] = list
	}
	return out, nil
}

// clip cuts s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
