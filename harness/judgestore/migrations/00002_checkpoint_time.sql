-- The time the log's checkpoint was signed at (Unix milliseconds): a judge signs a fresh one for
-- the same tree when the stored one is older than it re-signs at, so verifiers can refuse a stale
-- checkpoint. 0 for a checkpoint signed before checkpoints carried their time.

-- +goose Up
ALTER TABLE log_head ADD COLUMN checkpoint_ms BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE log_head DROP COLUMN checkpoint_ms;
