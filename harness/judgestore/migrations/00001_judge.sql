-- The hosted judge's schema: one for SQLite and PostgreSQL alike (TEXT, BIGINT and INTEGER only;
-- binary values are stored as base64 or hex text; times are Unix milliseconds).

-- +goose Up
CREATE TABLE tokens (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    operator      INTEGER NOT NULL DEFAULT 0,
    created_ms    BIGINT NOT NULL,
    revoked_ms    BIGINT
);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    secret_sha256 TEXT NOT NULL,
    principal     TEXT NOT NULL,
    token_id      TEXT,
    claims        TEXT NOT NULL,
    seed          TEXT NOT NULL,
    mock_config   TEXT NOT NULL,
    subject       TEXT NOT NULL,
    vendor        TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL,
    next_case     INTEGER NOT NULL DEFAULT 0,
    open_case     TEXT,
    journal_seq   BIGINT NOT NULL DEFAULT 0,
    created_ms    BIGINT NOT NULL,
    expires_ms    BIGINT NOT NULL,
    claimed_ms    BIGINT,
    graded_ms     BIGINT,
    certified     INTEGER,
    certificate   TEXT,
    envelope      TEXT,
    log_index     BIGINT,
    revoked_ms    BIGINT
);
CREATE INDEX sessions_by_state ON sessions (state, expires_ms);
CREATE INDEX sessions_by_principal ON sessions (principal, created_ms);

CREATE TABLE session_keys (
    key_sha256 TEXT PRIMARY KEY,
    session_id TEXT NOT NULL
);

CREATE TABLE answers (
    session_id  TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    answer      TEXT NOT NULL,
    received_ms BIGINT NOT NULL,
    PRIMARY KEY (session_id, case_id)
);

CREATE TABLE journal (
    session_id TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    case_id    TEXT,
    entry      TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE TABLE log_leaves (
    idx        BIGINT PRIMARY KEY,
    kind       TEXT NOT NULL,
    session_id TEXT,
    data       TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE INDEX log_leaves_by_session ON log_leaves (session_id);

CREATE TABLE log_nodes (
    level INTEGER NOT NULL,
    idx   BIGINT NOT NULL,
    hash  TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE log_head (
    id         INTEGER PRIMARY KEY,
    size       BIGINT NOT NULL,
    checkpoint TEXT NOT NULL
);
INSERT INTO log_head (id, size, checkpoint) VALUES (1, 0, '');

-- +goose Down
DROP TABLE log_head;
DROP TABLE log_nodes;
DROP TABLE log_leaves;
DROP TABLE journal;
DROP TABLE answers;
DROP TABLE session_keys;
DROP TABLE sessions;
DROP TABLE tokens;
