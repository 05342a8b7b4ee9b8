package dev.gantry.settings;

import dev.gantry.spec.ExecutorChoice;
import dev.gantry.validation.Problem;
import dev.gantry.validation.Suggestions;
import dev.gantry.yaml.YamlValues;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration file, {@code gantry.yaml}: which executor runs the steps where neither
 * {@code --executor} nor the pipeline says, and each executor's settings.
 *
 * <pre>{@code
 * executor: slurm              # optional: the executor runs use unless --executor says otherwise
 * executors:
 *   slurm: {partition: gpu, account: ml}
 *   kubernetes: {namespace: ml, claim: gantry-store, mountPath: /store}
 * retention: {keep-last: 20, older-than: 30d}   # optional: see Retention
 * }</pre>
 *
 * <p>Problems are reported all at once, each at its {@code file:line:column}; an executor
 * checks its own part when it opens ({@link Settings#check}).
 */
public final class SettingsFile {
    /** The file's name, looked for beside the store. */
    public static final String NAME = "gantry.yaml";

    private final Optional<Path> file;
    private final Settings top;
    private final Optional<Retention> retention;

    private SettingsFile(Optional<Path> file, Settings top, Optional<Retention> retention) {
        this.file = file;
        this.top = top;
        this.retention = retention;
    }

    /** No file: every executor with its defaults. */
    public static SettingsFile none() {
        return new SettingsFile(Optional.empty(), Settings.empty(NAME), Optional.empty());
    }

    /**
     * Reads {@code file}, reporting a syntax error or an unknown key at once.
     *
     * @throws InvalidSettingsException naming the file, and the line and column where known
     */
    public static SettingsFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw cannotRead(file, "no such file");
        } catch (CharacterCodingException e) {
            throw cannotRead(file, "it is not UTF-8 text");
        } catch (IOException e) {
            throw cannotRead(file, e.getMessage());
        }
        return parse(text, file);
    }

    /**
     * The file beside the store directory {@code storeDir}: {@code gantry.yaml} in the directory
     * that holds it, so that {@code .gantry} in a project goes with the project's
     * {@code gantry.yaml}.
     */
    public static Path besideStore(Path storeDir) {
        Path parent = storeDir.toAbsolutePath().normalize().getParent();
        return parent == null ? storeDir.resolve(NAME) : parent.resolve(NAME);
    }

    /** The file beside the store directory {@code storeDir} ({@link #besideStore}), or {@link #none()}. */
    public static SettingsFile forStore(Path storeDir) {
        return readIfPresent(besideStore(storeDir));
    }

    /** Reads {@code file} if it exists; {@link #none()} if it does not. */
    public static SettingsFile readIfPresent(Path file) {
        return Files.exists(file) ? read(file) : none();
    }

    /** Parses settings held in {@code text}, as if read from {@code file}. */
    public static SettingsFile parse(String text, Path file) {
        YamlValues yaml = YamlValues.read(text, file.toString());
        if (!yaml.problems().isEmpty()) {
            throw new InvalidSettingsException(yaml.problems());
        }
        Map<String, Object> root = yaml.root().orElse(Map.of());
        Settings top = new Settings(root, "", file.toString(), yaml.locations(), new ArrayList<>());
        top.allowOnly("executor", "executors", "retention");
        top.text("executor").ifPresent(name -> {
            if (ExecutorChoice.parse(name).isEmpty()) {
                top.problem("executor", "'" + name + "' in " + file + " is not an executor's name (lower-case"
                        + " letters, digits and '-', starting with a letter)");
            }
        });
        top.section("executors");
        Path base = file.toAbsolutePath().normalize().getParent();
        Optional<Retention> retention = Retention.read(top.section("retention"), base == null ? Path.of("") : base);
        top.check();
        return new SettingsFile(Optional.of(file), top, retention);
    }

    /** The file read, if any. */
    public Optional<Path> file() {
        return file;
    }

    /** The {@code retention:} policy, if the file has one. */
    public Optional<Retention> retention() {
        return retention;
    }

    /** The executor that runs steps where neither {@code --executor} nor the pipeline says. */
    public Optional<String> executor() {
        return top.text("executor");
    }

    /** The settings of {@code executor}: {@code executors.NAME}; empty when not written. */
    public Settings executor(String executor) {
        return top.section("executors").section(executor);
    }

    /**
     * Reports the executors the file sets up that are not installed, with a did-you-mean hint.
     *
     * @throws InvalidSettingsException when there are such
     */
    public void checkExecutors(Collection<String> installed) {
        Settings executors = top.section("executors");
        for (String name : executors.keys()) {
            if (!installed.contains(name)) {
                executors.problem(name, "unknown executor '" + name + "' in " + executors.context()
                        + Suggestions.didYouMean(name, installed) + "; installed: " + String.join(", ", installed));
            }
        }
        executor().filter(name -> !name.equals("auto") && !installed.contains(name)).ifPresent(name ->
                top.problem("executor", "unknown executor '" + name + "' in " + top.context()
                        + Suggestions.didYouMean(name, installed) + "; installed: " + String.join(", ", installed)));
        top.check();
    }

    /**
     * Throws every problem reported so far on this file's settings, its executors' parts
     * included, if there is any.
     */
    public void check() {
        top.check();
    }

    /** The executors the file has settings for, in order. */
    public List<String> executorsSet() {
        return top.section("executors").keys();
    }

    private static InvalidSettingsException cannotRead(Path file, String why) {
        return new InvalidSettingsException(List.of(Problem.of("cannot read settings file " + file + ": " + why)));
    }
}
