package dev.gantry.yaml;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.validation.InvalidPipelineException;
import dev.gantry.validation.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes pipeline files for tests and collects what reading them reports. */
final class PipelineFiles {
    private PipelineFiles() {}

    /** Writes {@code yaml} to {@code dir/example.yaml}. */
    static Path write(Path dir, String yaml) {
        return write(dir, "example.yaml", yaml);
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every problem reading {@code file} reports, as printed, with {@code file} shortened to its name. */
    static List<String> problemsReading(Path file) {
        InvalidPipelineException e = catchThrowableOfType(InvalidPipelineException.class, () -> PipelineYaml.read(file));
        if (e == null) {
            throw new AssertionError("expected " + file + " to be rejected, but it was read");
        }
        return e.problems().stream()
                .map(Problem::toString)
                .map(p -> p.startsWith(file.toString()) ? file.getFileName() + p.substring(file.toString().length()) : p)
                .toList();
    }
}
