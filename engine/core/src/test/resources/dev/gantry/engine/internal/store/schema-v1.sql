-- The run store as Gantry wrote it at schema version 1, before runs and steps recorded process start times.
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  pipeline TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  spec_yaml TEXT NOT NULL,
  pipeline_file TEXT,
  base_dir TEXT NOT NULL,
  parent_run TEXT,
  pid BIGINT NOT NULL,
  host TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS step_runs (
  run_id TEXT NOT NULL REFERENCES runs(id),
  step TEXT NOT NULL,
  position BIGINT NOT NULL,
  status TEXT NOT NULL,
  cache_key TEXT,
  key_parts TEXT,
  started_at BIGINT,
  ended_at BIGINT,
  attempts BIGINT NOT NULL DEFAULT 0,
  message TEXT,
  PRIMARY KEY (run_id, step));
CREATE TABLE IF NOT EXISTS attempts (
  run_id TEXT NOT NULL,
  step TEXT NOT NULL,
  attempt BIGINT NOT NULL,
  succeeded BIGINT NOT NULL,
  exit_code BIGINT,
  message TEXT,
  log_path TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, step, attempt));
CREATE TABLE IF NOT EXISTS artifacts (
  sha256 TEXT PRIMARY KEY,
  size_bytes BIGINT NOT NULL,
  rows BIGINT,
  schema TEXT);
CREATE TABLE IF NOT EXISTS step_outputs (
  run_id TEXT NOT NULL,
  step TEXT NOT NULL,
  output TEXT NOT NULL,
  position BIGINT NOT NULL,
  type TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES artifacts(sha256),
  PRIMARY KEY (run_id, step, output));
CREATE TABLE IF NOT EXISTS cache_entries (
  cache_key TEXT PRIMARY KEY,
  step TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  run_id TEXT NOT NULL,
  key_parts TEXT NOT NULL,
  outputs TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS schedule_fires (
  schedule TEXT NOT NULL,
  fire_time BIGINT NOT NULL,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL,
  run_id TEXT,
  claimed_at BIGINT NOT NULL,
  claimed_by TEXT NOT NULL,
  PRIMARY KEY (schedule, fire_time));
CREATE INDEX IF NOT EXISTS cache_by_step ON cache_entries (step, created_at);
CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_at);
CREATE TABLE gantry_schema (version BIGINT NOT NULL);
INSERT INTO gantry_schema (version) VALUES (1);
INSERT INTO runs (id, pipeline, status, started_at, spec_yaml, base_dir, pid, host) VALUES ('old-run', 'p', 'succeeded', 1000, 'name: p', '/', 4242, 'somewhere');
INSERT INTO step_runs (run_id, step, position, status) VALUES ('old-run', 'a', 0, 'succeeded');
