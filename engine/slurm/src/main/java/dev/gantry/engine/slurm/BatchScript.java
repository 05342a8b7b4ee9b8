package dev.gantry.engine.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The batch script every job runs: in the working directory its second argument names, it starts
 * the step's command (the arguments after) and writes the command's exit code to the exit file
 * named by its first argument, so that how the job ended is
 * known after Slurm has forgotten it. {@code sbatch} keeps a copy of the script when a job is
 * submitted, so the file only has to live on the machine that submits.
 */
final class BatchScript {
    private static final String TEXT = """
            #!/bin/sh
            # Gantry's batch job: runs the step's command in its working directory (a container starts
            # in its own) and records how it ended.
            exit_file=$1
            cd "$2" || exit 125
            shift 2
            "$@"
            code=$?
            printf '%s\\n' "$code" > "$exit_file.tmp" && mv -f "$exit_file.tmp" "$exit_file"
            exit "$code"
            """;

    private BatchScript() {}

    /** Writes the script to a file of its own, removed when the JVM exits. */
    static Path write() throws IOException {
        return writeTemporary("gantry-slurm-", TEXT);
    }

    /**
     * Writes {@code text} to a new file only this user can read, named from {@code prefix}, and
     * removed when the JVM exits: sbatch keeps its own copy of a job's script when it is submitted.
     */
    static Path writeTemporary(String prefix, String text) throws IOException {
        Path file = Files.createTempFile(prefix, ".sh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(file, text);
        file.toFile().deleteOnExit();
        return file;
    }
}
