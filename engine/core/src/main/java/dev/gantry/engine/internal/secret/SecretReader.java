package dev.gantry.engine.internal.secret;

import dev.gantry.spec.SecretSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one secret's value from its source. A file's value is its content less one trailing
 * line break, as editors and {@code echo} leave one; {@code ~} at the start of its path is the
 * home directory, and a relative path resolves against the pipeline file's directory.
 */
final class SecretReader {
    private final Path baseDir;
    private final Map<String, String> environment;
    private String lastProblem = "";

    SecretReader(Path baseDir, Map<String, String> environment) {
        this.baseDir = baseDir;
        this.environment = environment;
    }

    /** The value, or empty when it cannot be read; {@link #lastProblem} then says why. */
    Optional<String> read(SecretSource source) {
        if (source instanceof SecretSource.EnvVar env) {
            String value = environment.get(env.name());
            if (value == null) {
                return problem(source.describe() + " is not set");
            }
            if (value.isEmpty()) {
                return problem(source.describe() + " is empty");
            }
            return Optional.of(value);
        }
        SecretSource.HostFile file = (SecretSource.HostFile) source;
        Path path = resolve(file.path());
        String looked = " (looked for " + path + ")";
        try {
            byte[] bytes = Files.readAllBytes(path);
            String value = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            return value.isEmpty() ? problem(source.describe() + " is empty" + looked) : Optional.of(value);
        } catch (NoSuchFileException e) {
            return problem(source.describe() + " does not exist" + looked);
        } catch (AccessDeniedException e) {
            return problem("cannot read " + source.describe() + ": permission denied" + looked);
        } catch (CharacterCodingException e) {
            return problem(source.describe() + " is not UTF-8 text" + looked);
        } catch (IOException e) {
            String why = Files.isDirectory(path) ? "it is a directory" : String.valueOf(e.getMessage());
            return problem("cannot read " + source.describe() + ": " + why + looked);
        }
    }

    /** Why the last value could not be read. */
    String lastProblem() {
        return lastProblem;
    }

    private Path resolve(String written) {
        if (written.equals("~") || written.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(written.substring(Math.min(2, written.length())));
        }
        return baseDir.resolve(written).normalize();
    }

    private Optional<String> problem(String why) {
        lastProblem = why;
        return Optional.empty();
    }
}
