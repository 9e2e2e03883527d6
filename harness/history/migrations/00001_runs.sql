-- The first schema: one row per run; the outcome of each spec it ran and the shapes of the
-- answers it got, each kept as a set that runs with the same results share; the messages of
-- the specs that did not pass, per run. Spec names, messages and shape elements are kept once
-- and referred to, found by a digest, so that a nightly run like the last adds a few hundred
-- bytes.

-- +goose Up
CREATE TABLE specs (
    id          INTEGER PRIMARY KEY,
    digest      BLOB NOT NULL UNIQUE,          -- of suite and name
    suite       TEXT NOT NULL,
    requirement TEXT NOT NULL,
    level       TEXT NOT NULL,
    name        TEXT NOT NULL
);

CREATE TABLE outcome_sets (
    id     INTEGER PRIMARY KEY,
    digest BLOB NOT NULL UNIQUE                -- of its members
);

CREATE TABLE outcome_set_members (
    set_id  INTEGER NOT NULL REFERENCES outcome_sets (id),
    spec_id INTEGER NOT NULL REFERENCES specs (id),
    outcome TEXT    NOT NULL,                  -- pass, warn, fail, error, skip, known, harness
    PRIMARY KEY (set_id, spec_id)
) WITHOUT ROWID;

CREATE TABLE shapes (
    id       INTEGER PRIMARY KEY,
    digest   BLOB    NOT NULL UNIQUE,          -- of all the columns below
    kind     TEXT    NOT NULL,                 -- status, media, code, field
    endpoint TEXT    NOT NULL,
    status   INTEGER NOT NULL,
    codes    TEXT    NOT NULL,
    path     TEXT    NOT NULL,
    type     TEXT    NOT NULL
);

CREATE TABLE shape_sets (
    id     INTEGER PRIMARY KEY,
    digest BLOB NOT NULL UNIQUE
);

CREATE TABLE shape_set_members (
    set_id   INTEGER NOT NULL REFERENCES shape_sets (id),
    shape_id INTEGER NOT NULL REFERENCES shapes (id),
    PRIMARY KEY (set_id, shape_id)
) WITHOUT ROWID;

CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,             -- test or certify
    target       TEXT    NOT NULL,             -- mock, container, sandbox, custom, certify
    endpoints    TEXT    NOT NULL DEFAULT '',  -- scheme://host of each base URL, for sandbox and custom
    started_at   TEXT    NOT NULL,             -- RFC 3339, UTC
    duration_ms  INTEGER NOT NULL,
    version      TEXT    NOT NULL,
    label_filter TEXT    NOT NULL DEFAULT '',
    mutants      TEXT    NOT NULL DEFAULT '',
    exit_code    INTEGER NOT NULL,
    banner       TEXT    NOT NULL DEFAULT '',
    passed       INTEGER NOT NULL DEFAULT 0,
    warned       INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    errored      INTEGER NOT NULL DEFAULT 0,
    skipped      INTEGER NOT NULL DEFAULT 0,
    known        INTEGER NOT NULL DEFAULT 0,
    broken       INTEGER NOT NULL DEFAULT 0,
    outcome_set  INTEGER REFERENCES outcome_sets (id),
    shape_set    INTEGER REFERENCES shape_sets (id)
);
CREATE INDEX runs_by_target ON runs (target, endpoints, id);

CREATE TABLE suites (
    run_id      INTEGER NOT NULL REFERENCES runs (id),
    name        TEXT    NOT NULL,
    duration_ms INTEGER NOT NULL,
    specs       INTEGER NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;

CREATE TABLE messages (
    id     INTEGER PRIMARY KEY,
    digest BLOB NOT NULL UNIQUE,
    text   TEXT NOT NULL
);

CREATE TABLE run_messages (
    run_id     INTEGER NOT NULL REFERENCES runs (id),
    spec_id    INTEGER NOT NULL REFERENCES specs (id),
    message_id INTEGER NOT NULL REFERENCES messages (id),
    PRIMARY KEY (run_id, spec_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE run_messages;
DROP TABLE messages;
DROP TABLE suites;
DROP TABLE runs;
DROP TABLE shape_set_members;
DROP TABLE shape_sets;
DROP TABLE shapes;
DROP TABLE outcome_set_members;
DROP TABLE outcome_sets;
DROP TABLE specs;
