package dev.gantry.engine.internal.store;

import java.nio.file.Path;

/**
 * Where things live in a store directory (by default {@code .gantry} in the working
 * directory):
 *
 * <pre>
 * objects/sha256/ab/cdef...   content-addressed artifacts, read-only
 * runs/RUN/STEP/              logs and scratch output of each attempt:
 *     attempt-N.log           what attempt N printed
 *     attempt-N/OUTPUT        what attempt N wrote, until it moves into objects/
 * gantry.db                   SQLite: runs, step runs, artifacts, cache entries
 * pipelines/                  pipeline files already parsed and validated, as specs
 * digests/                    the digests of host input files, by path and stat
 * quarantine/                 objects found corrupt, moved aside
 * </pre>
 */
public record StoreLayout(Path root) {
    public StoreLayout {
        root = root.toAbsolutePath().normalize();
    }

    /** The directory of content-addressed objects. */
    public Path objects() {
        return root.resolve("objects").resolve("sha256");
    }

    /** The read-only object with digest {@code sha256}. */
    public Path object(String sha256) {
        return objects().resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
    }

    /** The directory of every run's logs and scratch space. */
    public Path runs() {
        return root.resolve("runs");
    }

    /** The directory of one run's logs and scratch space. */
    public Path runDir(String runId) {
        return runs().resolve(runId);
    }

    /** The directory of one step of one run. */
    public Path stepDir(String runId, String step) {
        return runDir(runId).resolve(step);
    }

    /** The scratch directory of one attempt (from 1) of a step, where it writes its outputs. */
    public Path attemptDir(String runId, String step, int attempt) {
        return stepDir(runId, step).resolve("attempt-" + attempt);
    }

    /** The log of one attempt (from 1) of a step. */
    public Path attemptLog(String runId, String step, int attempt) {
        return stepDir(runId, step).resolve("attempt-" + attempt + ".log");
    }

    /** The directory of parsed pipelines (see {@link ParsedPipelines}). */
    public Path pipelines() {
        return root.resolve("pipelines");
    }

    /** The directory of remembered host file digests (see {@link FileDigests}). */
    public Path digests() {
        return root.resolve("digests");
    }

    /** Where objects found corrupt are moved to, kept for a person to look at. */
    public Path quarantine() {
        return root.resolve("quarantine");
    }

    /** The SQLite database file. */
    public Path database() {
        return root.resolve("gantry.db");
    }
}
