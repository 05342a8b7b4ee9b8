package dev.gantry.engine.internal.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one run learns of the files that host programs are made of, so that a program that
 * 1,000 steps start is looked at once per run: the digests of programs, interpreters and
 * scripts, the {@code #!} line of each program, the files a launcher says it stands for, and
 * the identity of steps that run alike. A file that one step writes and a later step of the
 * same run names (a script the first generates) is therefore seen as it was when first asked
 * for; declare such a file as an output and an input instead.
 * Across runs, the digests come from the store's {@link dev.gantry.engine.internal.store.FileDigests},
 * which hashes a file again only when its stat has changed. A new instance is made for each run,
 * so a program edited between two runs of one process is hashed again.
 *
 * <p>A launcher is a script that runs something other than itself, such as a jar; it declares
 * the files it stands for in a comment among its first lines, each path relative to the
 * launcher's own directory (after symbolic links) unless absolute, and each may be written as
 * {@code ${VARIABLE:-default}} to follow a variable of the step's environment:
 *
 * <pre>{@code
 * # gantry-key: ${GANTRY_STEP_JAR:-target/gantry-step.jar} src/main pom.xml
 * }</pre>
 */
public final class ProgramDigests {
    /** The comment that declares a launcher's files. */
    static final String DECLARATION = "# gantry-key:";
    /** How much of a program is read for its {@code #!} line and declarations. */
    private static final int HEAD_BYTES = 4096;

    private final Function<Path, String> fileDigest;
    private final Map<Path, String> digests = new HashMap<>();
    private final Map<Path, Head> heads = new HashMap<>();
    private final Map<String, Optional<Path>> located = new HashMap<>();
    private final Map<Object, Map<String, Object>> identities = new HashMap<>();
    private final Fingerprints fingerprints = new Fingerprints();

    /** Digests worked out by {@code fileDigest}, such as the store's remembered ones, once per path. */
    public ProgramDigests(Function<Path, String> fileDigest) {
        this.fileDigest = fileDigest;
    }

    /** The start of a program: its {@code #!} line split into words, and its launcher declarations. */
    record Head(Optional<List<String>> shebang, List<String> declared) {}

    /** The digest of the file or directory at {@code path}, which must exist. */
    synchronized String digest(Path path) {
        Path file = path.toAbsolutePath().normalize();
        String known = digests.get(file);
        if (known == null) {
            known = fileDigest.apply(file);
            digests.put(file, known);
        }
        return known;
    }

    /** The {@code #!} line and declarations of the program at {@code path}; none for a binary. */
    synchronized Head head(Path path) {
        Path file = path.toAbsolutePath().normalize();
        Head known = heads.get(file);
        if (known == null) {
            known = readHead(file);
            heads.put(file, known);
        }
        return known;
    }

    /**
     * Where {@code locate} finds {@code name} for a step with {@code path} in {@code workdir},
     * asked once per run where it is found; one not found is looked for again, so a program
     * that a step installs is found for the steps after it.
     */
    synchronized Optional<Path> located(String name, Optional<String> path, Path workdir,
            Function<String, Optional<Path>> locate) {
        String key = name + '\0' + path.orElse("") + '\0' + workdir;
        Optional<Path> known = located.get(key);
        if (known == null) {
            known = locate.apply(name);
            if (known.isPresent()) {
                located.put(key, known);
            }
        }
        return known;
    }

    /**
     * The host identity of steps alike in {@code likeness}, made by {@code make} for the first
     * of them in the run.
     */
    synchronized Map<String, Object> alike(Object likeness, Supplier<Map<String, Object>> make) {
        Map<String, Object> known = identities.get(likeness);
        if (known == null) {
            known = make.get();
            identities.put(likeness, known);
        }
        return known;
    }

    /** The fingerprint commands' outputs of this run, each command run once. */
    Fingerprints fingerprints() {
        return fingerprints;
    }

    private static Head readHead(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read program " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < 2 || bytes[0] != '#' || bytes[1] != '!') {
            return new Head(Optional.empty(), List.of());
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        List<String> shebang = List.of(lines[0].substring(2).trim().split("\\s+"));
        List<String> declared = new ArrayList<>();
        // The last line may be cut short by the read, so it is not taken.
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i].trim();
            if (line.startsWith(DECLARATION)) {
                for (String word : line.substring(DECLARATION.length()).trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        declared.add(word);
                    }
                }
            }
        }
        return new Head(shebang.get(0).isEmpty() ? Optional.empty() : Optional.of(shebang), List.copyOf(declared));
    }
}
