package dev.gantry.engine.internal.local;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Placeholders;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a host process runs, for its cache key, beyond the step's {@code code:} files: so that
 * a program, interpreter, script or environment that changed on the host is a miss and never a
 * stale hit. The parts, each added when there is something in it:
 *
 * <ul>
 * <li>{@code program}: the file the command's program is, found as the start finds it (on the
 *     step's {@code PATH}, or relative to its working directory), with its digest;
 * <li>{@code interpreter}: for a script, the program of its {@code #!} line
 *     ({@code #!/usr/bin/env python3} is {@code python3} on the step's {@code PATH});
 * <li>{@code launcher}: the files a launcher script declares it stands for (see
 *     {@link ProgramDigests});
 * <li>{@code scripts}: every argument that is a relative path to an existing file in the working
 *     directory, such as {@code job.sh} in {@code sh job.sh} or {@code train.py} in
 *     {@code python3 train.py}, and the words of an {@code sh -c} string likewise, less
 *     redirection targets; placeholders and options are never taken;
 * <li>{@code fingerprints}: the digest of what each {@code fingerprint:} command prints.
 * </ul>
 *
 * <p>Files are keyed by the name written in the command where it is relative, so two projects
 * whose scripts have the same content share results, and by absolute path otherwise.
 */
final class HostIdentity {
    /** {@code ${VARIABLE:-default}} in a launcher's declaration. */
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)}");
    /** Characters that end a word in an {@code sh -c} string, besides blanks. */
    private static final Pattern SHELL_SEPARATORS = Pattern.compile("[\\s;|&()]+");
    private static final String NOT_FOUND = "not found";

    private final ProgramPath programs;

    HostIdentity(ProgramPath programs) {
        this.programs = programs;
    }

    /**
     * Adds the parts of {@code step}'s host identity to {@code identity}. Steps alike in all that
     * it depends on besides the run's files (command, environment, working directory, fingerprint
     * commands and matrix values), such as the 1,000 steps of a generated pipeline, share one
     * identity, worked out once per run. The likeness is a plain list, not a record, whose first
     * hash would cost a cold run its bootstrap of the record's methods.
     */
    void addTo(Map<String, Object> identity, PipelineSpec pipeline, StepSpec step, Path baseDir,
            ProgramDigests digests) {
        List<Object> likeness = List.of(step.command(), step.env(), step.workdir(), step.fingerprint(),
                step.matrix().binding().orElse(Map.of()));
        identity.putAll(digests.alike(likeness, () -> parts(pipeline, step, baseDir, digests)));
    }

    private Map<String, Object> parts(PipelineSpec pipeline, StepSpec step, Path baseDir, ProgramDigests digests) {
        Map<String, Object> identity = new TreeMap<>();
        Map<String, String> params = new HashMap<>(pipeline.params());
        params.putAll(step.matrix().binding().orElse(Map.of()));
        Map<String, String> env = environment(step, params);
        Optional<String> path = Optional.ofNullable(env.get("PATH")).or(() -> Optional.ofNullable(System.getenv("PATH")));
        Path workdir = step.workdir().map(baseDir::resolve).orElse(baseDir);
        String name = step.command().get(0);
        if (!name.contains("${")) {
            Optional<Path> program = digests.located(name, path, workdir, n -> locate(n, path, workdir));
            identity.put("program", Map.of(keyName(name, program), program.map(digests::digest).orElse(NOT_FOUND)));
            program.ifPresent(file -> addScriptParts(identity, file, path, workdir, env, digests));
        }
        putIfNotEmpty(identity, "scripts", scripts(step.command(), workdir, digests));
        Map<String, String> fingerprints = new TreeMap<>();
        for (List<String> template : step.fingerprint()) {
            List<String> argv = template.stream().map(arg -> fillParams(arg, params)).toList();
            String start = locate(argv.get(0), path, workdir).map(Path::toString).orElse(argv.get(0));
            fingerprints.put(Fingerprints.display(argv),
                    digests.fingerprints().output(step.name(), argv, start, workdir, env));
        }
        putIfNotEmpty(identity, "fingerprints", fingerprints);
        return Collections.unmodifiableMap(identity);
    }

    /** The interpreter of a script and the files a launcher declares. */
    private void addScriptParts(Map<String, Object> identity, Path file, Optional<String> path, Path workdir,
            Map<String, String> env, ProgramDigests digests) {
        ProgramDigests.Head head = digests.head(file);
        head.shebang().flatMap(HostIdentity::interpreterName).ifPresent(interpreter -> {
            Optional<Path> found = digests.located(interpreter, path, workdir, n -> locate(n, path, workdir));
            identity.put("interpreter", Map.of(found.map(Path::toString).orElse(interpreter),
                    found.map(digests::digest).orElse(NOT_FOUND)));
        });
        if (!head.declared().isEmpty()) {
            Path dir = realParent(file);
            Map<String, String> launcher = new TreeMap<>();
            for (String word : head.declared()) {
                Path declared = dir.resolve(expand(word, env)).normalize();
                launcher.put(declared.toString(), Files.exists(declared) ? digests.digest(declared) : "missing");
            }
            identity.put("launcher", launcher);
        }
    }

    /**
     * The program of a {@code #!} line: its first word, or for {@code env} the first word after
     * its options and assignments ({@code #!/usr/bin/env -S python3 -u} is {@code python3}).
     */
    private static Optional<String> interpreterName(List<String> words) {
        String first = words.get(0);
        if (!first.equals("env") && !first.endsWith("/env")) {
            return Optional.of(first);
        }
        for (String word : words.subList(1, words.size())) {
            if (!word.startsWith("-") && !word.contains("=")) {
                return Optional.of(word);
            }
        }
        return Optional.of(first);
    }

    /** The step's own variables with parameters filled in; those that name inputs or outputs have no value yet. */
    private static Map<String, String> environment(StepSpec step, Map<String, String> params) {
        Map<String, String> env = new HashMap<>();
        step.env().forEach((variable, template) -> {
            String value = fillParams(template, params);
            if (!value.contains("${")) {
                env.put(variable, value);
            }
        });
        return env;
    }

    private static String fillParams(String template, Map<String, String> params) {
        return Placeholders.substitute(template, p -> p.kind().equals(Placeholders.PARAMS) && params.containsKey(p.name())
                ? params.get(p.name()) : p.text());
    }

    /** Where the start finds {@code name}: on {@code path} if it has no slash, else relative to the working directory. */
    private Optional<Path> locate(String name, Optional<String> path, Path workdir) {
        if (name.isEmpty() || name.contains("${")) {
            return Optional.empty();
        }
        if (name.indexOf('/') >= 0) {
            return regularFile(workdir.resolve(name));
        }
        try {
            String found = programs.resolve(name, path);
            return found.indexOf('/') >= 0 ? regularFile(Path.of(found)) : programs.locate(name, path, workdir);
        } catch (IOException notOnPath) {
            // The start fails with the same search and says so; the key only notes it.
            return Optional.empty();
        }
    }

    /** A relative program as written, so that projects in different directories can share it; else its path. */
    private static String keyName(String name, Optional<Path> program) {
        if (name.indexOf('/') >= 0 && !name.startsWith("/")) {
            return name;
        }
        return program.map(Path::toString).orElse(name);
    }

    /** Each existing file that an argument names by a relative path, by the name written. */
    private static Map<String, String> scripts(List<String> command, Path workdir, ProgramDigests digests) {
        Map<String, String> scripts = new TreeMap<>();
        for (String word : scriptCandidates(command)) {
            if (word.isEmpty() || word.startsWith("/") || word.startsWith("-") || word.contains("$")) {
                continue;
            }
            regularFile(workdir.resolve(word)).ifPresent(file -> scripts.put(word, digests.digest(file)));
        }
        return scripts;
    }

    /** The arguments after the program, or the words of an {@code sh -c} string less redirection targets. */
    private static List<String> scriptCandidates(List<String> command) {
        if (command.size() < 3 || !command.get(1).equals("-c")) {
            return command.subList(1, command.size());
        }
        List<String> words = new ArrayList<>();
        boolean redirected = false;
        for (String token : SHELL_SEPARATORS.split(command.get(2).trim())) {
            String word = token.replace("\"", "").replace("'", "");
            if (redirected) {
                redirected = false;
            } else if (word.contains(">") || word.contains("<")) {
                // A bare operator redirects to the next word; one joined to its target takes it along.
                redirected = word.matches("[0-9&]*[<>]+");
            } else {
                words.add(word);
            }
        }
        return words;
    }

    private static Optional<Path> regularFile(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** The directory a launcher is really in, as the launcher itself finds it (after symbolic links). */
    private static Path realParent(Path file) {
        try {
            return file.toRealPath().getParent();
        } catch (IOException e) {
            return file.toAbsolutePath().getParent();
        }
    }

    /** A declared path with {@code ${VARIABLE:-default}} replaced by the variable's value, or the default. */
    private static String expand(String word, Map<String, String> env) {
        Matcher m = DEFAULTED.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = Optional.ofNullable(env.get(m.group(1))).or(() -> Optional.ofNullable(System.getenv(m.group(1))))
                    .filter(v -> !v.isEmpty()).orElse(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void putIfNotEmpty(Map<String, Object> identity, String part, Map<String, String> entries) {
        if (!entries.isEmpty()) {
            identity.put(part, entries);
        }
    }
}
