// Package judgestore is the hosted judge's database: API tokens, sessions (their fresh
// credentials, the case handed out, the answers, the journal of every request that reached the
// session's mock), certificates and the transparency log's leaves and nodes. Every judge process
// is stateless beside it, so several judges behind a load balancer share one PostgreSQL
// (jackc/pgx through database/sql) and a single judge keeps a SQLite file (modernc.org/sqlite:
// pure Go, so the static binary and the runner image keep building). One schema serves both,
// migrated with pressly/goose from versioned SQL files embedded in the binary. Every change that
// must happen once across processes (a case handed out, an answer accepted, a session graded,
// a log entry appended) is one conditional UPDATE or one transaction.
package judgestore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/transparency-dev/merkle/compact"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"github.com/payconform/payconform/harness/translog"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Errors a caller tells apart.
var (
	ErrNotFound = errors.New("not found")
	// ErrAnswered is a second answer to a case.
	ErrAnswered = errors.New("the case was already answered")
	// ErrNotOpen is an answer to a case that is not the one handed out, or to a session that
	// is no longer open.
	ErrNotOpen = errors.New("the case is not the one handed out, or the session is no longer open")
	// ErrFull is a session whose journal holds MaxJournal requests.
	ErrFull = errors.New("the session's journal is full")
)

// MaxJournal bounds the requests journalled for one session.
const MaxJournal = 2000

// Store is the judge's database.
type Store struct {
	db        *sql.DB
	postgres  bool
	forUpdate string
	// checkpoint signs a tree head, with the time it is signed at, when the log grows or its
	// checkpoint is refreshed; nil where nothing is appended (the token command).
	checkpoint Signer
}

// Signer signs the log's checkpoint of size entries and root, at a time.
type Signer func(size uint64, root []byte, at time.Time) ([]byte, error)

// Open opens (creating if needed) and migrates the database at dsn: "sqlite:PATH" or
// "postgres://..." (or "postgresql://..."). checkpoint signs the log's head after each append.
func Open(ctx context.Context, dsn string, checkpoint Signer) (*Store, error) {
	s := &Store{checkpoint: checkpoint}
	var dialect goose.Dialect
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, errors.New("open database: sqlite: give a path (sqlite:judge.db)")
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("open database: %w", err)
			}
		}
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
		db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		// One writer at a time is SQLite's own rule; one connection keeps it from ever
		// answering "database is locked" inside this process.
		db.SetMaxOpenConns(1)
		s.db, dialect = db, goose.DialectSQLite3
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		db.SetMaxOpenConns(16)
		s.db, dialect, s.postgres, s.forUpdate = db, goose.DialectPostgres, true, " FOR UPDATE"
	default:
		return nil, fmt.Errorf("open database: %q: want sqlite:PATH or postgres://USER@HOST/DB", redactDSN(dsn))
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("open database %s: %w", redactDSN(dsn), err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(dialect, s.db, sub)
	if err == nil {
		_, err = p.Up(ctx)
	}
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("migrate database: %w", err)
	}
	return s, nil
}

// redactDSN drops a password from a database URL.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return dsn
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Postgres reports whether the store is PostgreSQL.
func (s *Store) Postgres() bool { return s.postgres }

func ms(t time.Time) int64 { return t.UnixMilli() }

// SHA256 is the hex SHA-256 of a secret: tokens and credentials are looked up by it.
func SHA256(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Token is an API token's record; the token itself is shown once and stored only as its hash.
type Token struct {
	ID       string
	Name     string
	Operator bool
	Created  time.Time
	Revoked  bool
}

// TokenPrefix starts every token: pcj_<id>_<secret>.
const TokenPrefix = "pcj_"

// CreateToken issues a token named name; operator tokens may use the admin actions.
func (s *Store) CreateToken(ctx context.Context, name string, operator bool, now time.Time) (string, Token, error) {
	t := Token{ID: randomID(6), Name: name, Operator: operator, Created: now}
	secret := TokenPrefix + t.ID + "_" + randomID(24)
	op := 0
	if operator {
		op = 1
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO tokens (id, name, secret_sha256, operator, created_ms) VALUES ($1, $2, $3, $4, $5)`,
		t.ID, name, SHA256(secret), op, ms(now))
	if err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	return secret, t, nil
}

// TokenFor finds the record of a token, revoked or not.
func (s *Store) TokenFor(ctx context.Context, token string) (Token, error) {
	var t Token
	var op int
	var created int64
	var revoked sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, name, operator, created_ms, revoked_ms FROM tokens WHERE secret_sha256 = $1`, SHA256(token)).
		Scan(&t.ID, &t.Name, &op, &created, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("look token up: %w", err)
	}
	t.Operator, t.Created, t.Revoked = op == 1, time.UnixMilli(created), revoked.Valid
	return t, nil
}

// RevokeToken revokes a token by its id; it reports whether one was revoked.
func (s *Store) RevokeToken(ctx context.Context, id string, now time.Time) (Token, error) {
	var t Token
	var op int
	err := s.db.QueryRowContext(ctx, `UPDATE tokens SET revoked_ms = $1 WHERE id = $2 AND revoked_ms IS NULL RETURNING id, name, operator`, ms(now), id).Scan(&t.ID, &t.Name, &op)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("revoke token: %w", err)
	}
	t.Operator, t.Revoked = op == 1, true
	return t, nil
}

// Session is one certification session as stored. Claims, MockConfig, Subject and Vendor are
// JSON the judge reads; Seed draws the session's fresh cases again on any judge process.
type Session struct {
	ID           string
	SecretSHA256 string
	Principal    string
	TokenID      string
	Claims       string
	Seed         string
	MockConfig   string
	Subject      string
	Vendor       string
	State        string
	NextCase     int
	OpenCase     string
	Created      time.Time
	Expires      time.Time
	Graded       time.Time
	Certified    bool
	Certificate  string
	Envelope     string
	LogIndex     int64
	Revoked      bool
}

// Session states.
const (
	StateOpen    = "open"
	StateGrading = "grading"
	StateGraded  = "graded"
)

const sessionColumns = `id, secret_sha256, principal, token_id, claims, seed, mock_config, subject, vendor, state, next_case, open_case,
	created_ms, expires_ms, graded_ms, certified, certificate, envelope, log_index, revoked_ms`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var ss Session
	var tokenID, openCase, certificate, envelope sql.NullString
	var created, expires int64
	var graded, certified, logIndex, revoked sql.NullInt64
	err := row.Scan(&ss.ID, &ss.SecretSHA256, &ss.Principal, &tokenID, &ss.Claims, &ss.Seed, &ss.MockConfig, &ss.Subject, &ss.Vendor, &ss.State,
		&ss.NextCase, &openCase, &created, &expires, &graded, &certified, &certificate, &envelope, &logIndex, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, ErrNotFound
	}
	if err != nil {
		return ss, fmt.Errorf("read session: %w", err)
	}
	ss.TokenID, ss.OpenCase, ss.Certificate, ss.Envelope = tokenID.String, openCase.String, certificate.String, envelope.String
	ss.Created, ss.Expires = time.UnixMilli(created), time.UnixMilli(expires)
	if graded.Valid {
		ss.Graded = time.UnixMilli(graded.Int64)
	}
	ss.Certified, ss.Revoked = certified.Int64 == 1, revoked.Valid
	ss.LogIndex = -1
	if logIndex.Valid {
		ss.LogIndex = logIndex.Int64
	}
	return ss, nil
}

// Quota bounds a principal's sessions: at most Open not yet graded, and at most PerHour created
// since Since (an hour ago). Zero values bound nothing.
type Quota struct {
	Open, PerHour int
	Since         time.Time
}

// QuotaError is a session refused by its principal's quota; Open and Recent are the counts that
// were found.
type QuotaError struct {
	Quota
	Open, Recent int
}

func (e *QuotaError) Error() string {
	if e.Quota.Open > 0 && e.Open >= e.Quota.Open {
		return fmt.Sprintf("%d sessions open, the most allowed", e.Open)
	}
	return fmt.Sprintf("%d sessions opened in the last hour, the most allowed", e.Recent)
}

// TooManyOpen tells the open-sessions quota from the hourly one.
func (e *QuotaError) TooManyOpen() bool { return e.Quota.Open > 0 && e.Open >= e.Quota.Open }

// CreateSession stores a new session and the hashes of the credentials that route its mock's
// requests to it, if its principal's quota allows one more: the count and the insert are one
// transaction that holds the principal's lock (BEGIN IMMEDIATE on SQLite, which takes the
// database's write lock; a transaction-scoped advisory lock on the principal's name on
// PostgreSQL), so concurrent opens, on one judge or several, cannot both pass the same count.
// A refusal is a *QuotaError.
func (s *Store) CreateSession(ctx context.Context, ss Session, keyHashes []string, q Quota) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback()
	if s.postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "payconform principal "+ss.Principal); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
	}
	if q.Open > 0 || q.PerHour > 0 {
		open, recent, err := sessionsOf(ctx, tx, ss.Principal, q.Since)
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		if (q.Open > 0 && open >= q.Open) || (q.PerHour > 0 && recent >= q.PerHour) {
			return &QuotaError{Quota: q, Open: open, Recent: recent}
		}
	}
	var tokenID any
	if ss.TokenID != "" {
		tokenID = ss.TokenID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, secret_sha256, principal, token_id, claims, seed, mock_config, subject, vendor, state, created_ms, expires_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10, $11)`,
		ss.ID, ss.SecretSHA256, ss.Principal, tokenID, ss.Claims, ss.Seed, ss.MockConfig, ss.Subject, StateOpen, ms(ss.Created), ms(ss.Expires)); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	for _, k := range keyHashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_keys (key_sha256, session_id) VALUES ($1, $2)`, k, ss.ID); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session reads one session.
func (s *Store) Session(ctx context.Context, id string) (Session, error) {
	return scanSession(s.db.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = $1`, id))
}

// SessionForKey is the session a credential (by its hash) belongs to.
func (s *Store) SessionForKey(ctx context.Context, keyHash string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT session_id FROM session_keys WHERE key_sha256 = $1`, keyHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("look credential up: %w", err)
	}
	return id, nil
}

// SessionsOf counts a principal's open sessions and its sessions created since a time.
func (s *Store) SessionsOf(ctx context.Context, principal string, since time.Time) (open, recent int, err error) {
	return sessionsOf(ctx, s.db, principal, since)
}

func sessionsOf(ctx context.Context, q querier, principal string, since time.Time) (open, recent int, err error) {
	err = q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN state <> $1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN created_ms >= $2 THEN 1 ELSE 0 END), 0)
		FROM sessions WHERE principal = $3`, StateGraded, ms(since), principal).Scan(&open, &recent)
	if err != nil {
		return 0, 0, fmt.Errorf("count sessions: %w", err)
	}
	return open, recent, nil
}

// SetVendor records what the vendor's side says (describe, its sandbox), once, while the session
// is open and before any case is handed out.
func (s *Store) SetVendor(ctx context.Context, id, vendor string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET vendor = $1 WHERE id = $2 AND state = $3 AND vendor = '' AND next_case = 0`, vendor, id, StateOpen)
	if err != nil {
		return fmt.Errorf("record describe: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotOpen
	}
	return nil
}

// HandOut makes caseID the case handed out, if the session is open, no case is out, and next
// is still the index of the next case (two judges never hand out two cases at once).
func (s *Store) HandOut(ctx context.Context, id string, next int, caseID string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET open_case = $1, next_case = $2 WHERE id = $3 AND state = $4 AND next_case = $5 AND open_case IS NULL`,
		caseID, next+1, id, StateOpen, next)
	if err != nil {
		return fmt.Errorf("hand a case out: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotOpen
	}
	return nil
}

// Answer accepts the answer to the case handed out: exactly once. A second answer is
// ErrAnswered; an answer to any other case, or after the session closed, ErrNotOpen.
func (s *Store) Answer(ctx context.Context, id, caseID, answer string, now time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record answer: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE sessions SET open_case = NULL WHERE id = $1 AND open_case = $2 AND state = $3`, id, caseID, StateOpen)
	if err != nil {
		return fmt.Errorf("record answer: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		var one int
		if tx.QueryRowContext(ctx, `SELECT 1 FROM answers WHERE session_id = $1 AND case_id = $2`, id, caseID).Scan(&one) == nil {
			return ErrAnswered
		}
		return ErrNotOpen
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO answers (session_id, case_id, answer, received_ms) VALUES ($1, $2, $3, $4)`, id, caseID, answer, ms(now)); err != nil {
		return fmt.Errorf("record answer: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record answer: %w", err)
	}
	return nil
}

// Answers are a session's answers by case id.
func (s *Store) Answers(ctx context.Context, id string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT case_id, answer FROM answers WHERE session_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, a string
		if err := rows.Scan(&c, &a); err != nil {
			return nil, fmt.Errorf("read answers: %w", err)
		}
		out[c] = a
	}
	return out, rows.Err()
}

// Journal records one request that reached the session's mock, under the case handed out when
// it arrived ("" when none was).
func (s *Store) Journal(ctx context.Context, id, caseID, entry string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("journal request: %w", err)
	}
	defer tx.Rollback()
	var seq int64
	if err := tx.QueryRowContext(ctx, `UPDATE sessions SET journal_seq = journal_seq + 1 WHERE id = $1 AND journal_seq < $2 RETURNING journal_seq`, id, MaxJournal).Scan(&seq); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ErrFull
		}
		return fmt.Errorf("journal request: %w", err)
	}
	var c any
	if caseID != "" {
		c = caseID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO journal (session_id, seq, case_id, entry) VALUES ($1, $2, $3, $4)`, id, seq, c, entry); err != nil {
		return fmt.Errorf("journal request: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("journal request: %w", err)
	}
	return nil
}

// JournalRow is one journalled request.
type JournalRow struct {
	Seq    int64
	CaseID string
	Entry  string
}

// Entries are a session's journal, in order.
func (s *Store) Entries(ctx context.Context, id string) ([]JournalRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, case_id, entry FROM journal WHERE session_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	defer rows.Close()
	var out []JournalRow
	for rows.Next() {
		var r JournalRow
		var c sql.NullString
		if err := rows.Scan(&r.Seq, &c, &r.Entry); err != nil {
			return nil, fmt.Errorf("read journal: %w", err)
		}
		r.CaseID = c.String
		out = append(out, r)
	}
	return out, rows.Err()
}

// Claim takes a session for grading: an open one, or one whose grader went quiet before stale.
// Only one caller gets true.
func (s *Store) Claim(ctx context.Context, id string, now, stale time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET state = $1, claimed_ms = $2, open_case = NULL
		WHERE id = $3 AND (state = $4 OR (state = $5 AND claimed_ms < $6))`, StateGrading, ms(now), id, StateOpen, StateGrading, ms(stale))
	if err != nil {
		return false, fmt.Errorf("claim session: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Due lists sessions to grade without their vendor: open past their deadline, or left in grading
// by a judge that went away before stale.
func (s *Store) Due(ctx context.Context, now, stale time.Time, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM sessions WHERE (state = $1 AND expires_ms < $2) OR (state = $3 AND claimed_ms < $4) ORDER BY expires_ms LIMIT $5`,
		StateOpen, ms(now), StateGrading, ms(stale), limit)
	if err != nil {
		return nil, fmt.Errorf("list due sessions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list due sessions: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Graded is a session's verdict, signed for the log index it is appended at.
type Graded struct {
	Certified   bool
	Certificate string
	Envelope    string
	// Leaf is the log entry's data: the envelope's signed payload.
	Leaf []byte
}

// Leaf kinds.
const (
	LeafCertificate       = "certificate"
	LeafRevokeCertificate = "revoke-certificate"
	LeafRevokeToken       = "revoke-token"
)

// Finish grades a claimed session: in one transaction it appends the session's log entry at
// the next index (make builds and signs the certificate for that index), stores the verdict and
// closes the session. Every session is logged, certified or not.
func (s *Store) Finish(ctx context.Context, id string, now time.Time, make func(index uint64) (Graded, error)) (uint64, Graded, error) {
	var g Graded
	index, err := s.appendLog(ctx, now, LeafCertificate, id, func(tx *sql.Tx, index uint64) ([]byte, error) {
		var err error
		if g, err = make(index); err != nil {
			return nil, err
		}
		certified := 0
		if g.Certified {
			certified = 1
		}
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET state = $1, graded_ms = $2, certified = $3, certificate = $4, envelope = $5, log_index = $6, open_case = NULL
			WHERE id = $7 AND state = $8`, StateGraded, ms(now), certified, g.Certificate, g.Envelope, int64(index), id, StateGrading)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, ErrNotOpen
		}
		return g.Leaf, nil
	})
	return index, g, err
}

// Revoke appends a revocation to the log (kind LeafRevokeCertificate, naming a session, or
// LeafRevokeToken) and, for a certificate, marks its session revoked.
func (s *Store) Revoke(ctx context.Context, kind, sessionID string, now time.Time, leaf func(index uint64) ([]byte, error)) (uint64, error) {
	return s.appendLog(ctx, now, kind, sessionID, func(tx *sql.Tx, index uint64) ([]byte, error) {
		if kind == LeafRevokeCertificate {
			res, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_ms = $1 WHERE id = $2 AND state = $3 AND revoked_ms IS NULL`, ms(now), sessionID, StateGraded)
			if err != nil {
				return nil, err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil, ErrNotFound
			}
		}
		return leaf(index)
	})
}

// appendLog appends one leaf, built by leaf inside the transaction that holds the log's head,
// and signs the new checkpoint.
func (s *Store) appendLog(ctx context.Context, now time.Time, kind, sessionID string, leaf func(tx *sql.Tx, index uint64) ([]byte, error)) (uint64, error) {
	if s.checkpoint == nil {
		return 0, errors.New("append to log: this store has no checkpoint signer")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("append to log: %w", err)
	}
	defer tx.Rollback()
	var size int64
	if err := tx.QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`+s.forUpdate).Scan(&size); err != nil {
		return 0, fmt.Errorf("append to log: %w", err)
	}
	index := uint64(size)
	data, err := leaf(tx, index)
	if err != nil {
		return 0, err
	}
	var sid any
	if sessionID != "" {
		sid = sessionID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO log_leaves (idx, kind, session_id, data, created_ms) VALUES ($1, $2, $3, $4, $5)`,
		int64(index), kind, sid, base64.StdEncoding.EncodeToString(data), ms(now)); err != nil {
		return 0, fmt.Errorf("append to log: %w", err)
	}
	root, err := translog.Append(ctx, txNodes{tx}, index, translog.LeafHash(data))
	if err != nil {
		return 0, err
	}
	cp, err := s.checkpoint(index+1, root, now)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE log_head SET size = $1, checkpoint = $2, checkpoint_ms = $3 WHERE id = 1`, int64(index+1), string(cp), ms(now)); err != nil {
		return 0, fmt.Errorf("append to log: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("append to log: %w", err)
	}
	return index, nil
}

// txNodes is the log's node store inside a transaction.
type txNodes struct{ q querier }

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (t txNodes) Nodes(ctx context.Context, ids []compact.NodeID) ([][]byte, error) {
	out := make([][]byte, len(ids))
	for i, id := range ids {
		var h string
		if err := t.q.QueryRowContext(ctx, `SELECT hash FROM log_nodes WHERE level = $1 AND idx = $2`, int(id.Level), int64(id.Index)).Scan(&h); err != nil {
			return nil, fmt.Errorf("log node %d/%d: %w", id.Level, id.Index, err)
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, fmt.Errorf("log node %d/%d: %w", id.Level, id.Index, err)
		}
		out[i] = b
	}
	return out, nil
}

func (t txNodes) PutNode(ctx context.Context, id compact.NodeID, hash []byte) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO log_nodes (level, idx, hash) VALUES ($1, $2, $3)`, int(id.Level), int64(id.Index), hex.EncodeToString(hash))
	return err
}

// Checkpoint is the log's newest signed checkpoint and its size.
func (s *Store) Checkpoint(ctx context.Context) (uint64, []byte, error) {
	var size int64
	var cp string
	if err := s.db.QueryRowContext(ctx, `SELECT size, checkpoint FROM log_head WHERE id = 1`).Scan(&size, &cp); err != nil {
		return 0, nil, fmt.Errorf("read checkpoint: %w", err)
	}
	return uint64(size), []byte(cp), nil
}

// FreshCheckpoint is the log's newest checkpoint, signed again for the same tree when the one
// stored was signed before now minus every: a verifier refuses a checkpoint older than it
// accepts, and the judge signs at most one checkpoint per every, however often it is asked.
// Two judges refreshing at once store one of their checkpoints; either is the tree's.
func (s *Store) FreshCheckpoint(ctx context.Context, now time.Time, every time.Duration) (uint64, []byte, error) {
	var size, signed int64
	var cp string
	if err := s.db.QueryRowContext(ctx, `SELECT size, checkpoint, checkpoint_ms FROM log_head WHERE id = 1`).Scan(&size, &cp, &signed); err != nil {
		return 0, nil, fmt.Errorf("read checkpoint: %w", err)
	}
	if size == 0 || s.checkpoint == nil || ms(now)-signed < every.Milliseconds() {
		return uint64(size), []byte(cp), nil
	}
	root, err := translog.Root(ctx, txNodes{s.db}, uint64(size))
	if err != nil {
		return 0, nil, fmt.Errorf("refresh checkpoint: %w", err)
	}
	fresh, err := s.checkpoint(uint64(size), root, now)
	if err != nil {
		return 0, nil, fmt.Errorf("refresh checkpoint: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE log_head SET checkpoint = $1, checkpoint_ms = $2 WHERE id = 1 AND size = $3 AND checkpoint_ms = $4`,
		string(fresh), ms(now), size, signed)
	if err != nil {
		return 0, nil, fmt.Errorf("refresh checkpoint: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		// Another judge appended or refreshed first: serve what it stored.
		sz, c, err := s.Checkpoint(ctx)
		return sz, c, err
	}
	return uint64(size), fresh, nil
}

// Leaf is one log entry.
type Leaf struct {
	Index     uint64
	Kind      string
	SessionID string
	Data      []byte
	Created   time.Time
}

// Leaves reads the entries [start, end).
func (s *Store) Leaves(ctx context.Context, start, end uint64) ([]Leaf, error) {
	return s.leaves(ctx, `SELECT idx, kind, session_id, data, created_ms FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx`, int64(start), int64(end))
}

// RevocationsOf lists the entries that revoke a session's certificate.
func (s *Store) RevocationsOf(ctx context.Context, sessionID string) ([]Leaf, error) {
	return s.leaves(ctx, `SELECT idx, kind, session_id, data, created_ms FROM log_leaves WHERE session_id = $1 AND kind = $2 ORDER BY idx`, sessionID, LeafRevokeCertificate)
}

func (s *Store) leaves(ctx context.Context, query string, args ...any) ([]Leaf, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	defer rows.Close()
	var out []Leaf
	for rows.Next() {
		var l Leaf
		var idx, created int64
		var sid sql.NullString
		var data string
		if err := rows.Scan(&idx, &l.Kind, &sid, &data, &created); err != nil {
			return nil, fmt.Errorf("read log: %w", err)
		}
		l.Index, l.SessionID, l.Created = uint64(idx), sid.String, time.UnixMilli(created)
		if l.Data, err = base64.StdEncoding.DecodeString(data); err != nil {
			return nil, fmt.Errorf("read log: entry %d: %w", idx, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// InclusionProof proves entry index in the tree of size entries.
func (s *Store) InclusionProof(ctx context.Context, index, size uint64) ([][]byte, error) {
	return translog.InclusionProof(ctx, txNodes{s.db}, index, size)
}

// ConsistencyProof proves the tree of size1 a prefix of the tree of size2.
func (s *Store) ConsistencyProof(ctx context.Context, size1, size2 uint64) ([][]byte, error) {
	return translog.ConsistencyProof(ctx, txNodes{s.db}, size1, size2)
}

// GradedSessions lists graded sessions, newest first; certifiedOnly keeps the certified ones
// that are not revoked.
func (s *Store) GradedSessions(ctx context.Context, certifiedOnly bool, limit int) ([]Session, error) {
	q := `SELECT ` + sessionColumns + ` FROM sessions WHERE state = $1`
	if certifiedOnly {
		q += ` AND certified = 1 AND revoked_ms IS NULL`
	}
	q += ` ORDER BY graded_ms DESC LIMIT $2`
	rows, err := s.db.QueryContext(ctx, q, StateGraded, limit)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		ss, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ss)
	}
	return out, rows.Err()
}
