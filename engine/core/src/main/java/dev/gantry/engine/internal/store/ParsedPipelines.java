package dev.gantry.engine.internal.store;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.SpecCodec;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline files already parsed and validated, kept as specs in the store's {@code pipelines/}
 * directory. A rerun of an unchanged file reads its spec back instead of parsing and
 * validating the YAML again, which for a pipeline of a thousand steps is a third of a cached
 * rerun.
 *
 * <p>An entry holds the file's text, the build of Gantry that validated it and the spec's
 * {@linkplain SpecCodec#schema() schema}, then a CRC-32C of the spec and the spec, and it is used
 * only when all three equal this run's, byte for byte, and the spec matches its checksum (an
 * entry damaged or edited by hand is parsed again and replaced, never run): a file that changed by one byte, or a Gantry built from other sources, parses
 * the file. Its name is a CRC-32C checksum of the three and their length, which finds it
 * without hashing the text with SHA-256 (a thirtieth of a second for a file of a thousand
 * steps, in code the JIT has not compiled yet); two texts that share a name only take turns
 * in it. An entry that cannot be read is parsed again and replaced. Entries are written on a thread of their
 * own, to a temporary file renamed into place, so a run does not wait for them and processes
 * sharing a store never read half of one. When the build cannot be told (classes that are
 * not in a jar or a directory), nothing is cached.
 *
 * <p>The directory keeps the {@value #KEPT} entries used most recently: each new entry's
 * writer removes the rest, and a hit on an entry not used for an hour marks it used, so the
 * files a user runs stay while the versions an edit left behind go.
 */
public final class ParsedPipelines {
    private static final Logger LOG = LoggerFactory.getLogger(ParsedPipelines.class);
    /** How many entries the directory keeps. */
    static final int KEPT = 64;
    private static final Duration MARK_USED_AFTER = Duration.ofHours(1);

    /** This process's build, worked out once, on the first run of a file. */
    private static volatile Optional<String> thisBuild;

    private final Path dir;
    private final Supplier<Optional<String>> build;
    private final int kept;
    private volatile CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);

    /**
     * @param dir where entries live
     * @param build what identifies the code that parses and validates pipelines; empty to cache nothing
     */
    public ParsedPipelines(Path dir, Optional<String> build) {
        this(dir, () -> build, KEPT);
    }

    /** Like {@link #ParsedPipelines(Path, Optional)}, keeping {@code kept} entries. */
    ParsedPipelines(Path dir, Optional<String> build, int kept) {
        this(dir, () -> build, kept);
    }

    private ParsedPipelines(Path dir, Supplier<Optional<String>> build, int kept) {
        this.dir = dir;
        this.build = build;
        this.kept = kept;
    }

    /** The parsed pipelines of the store at {@code layout}, for this build of Gantry. */
    public static ParsedPipelines of(StoreLayout layout) {
        return new ParsedPipelines(layout.pipelines(), ParsedPipelines::thisBuild, KEPT);
    }

    private static Optional<String> thisBuild() {
        Optional<String> known = thisBuild;
        if (known == null) {
            thisBuild = known = buildOf(PipelineYaml.class);
        }
        return known;
    }

    /**
     * The spec of the pipeline whose file holds {@code text}: read back when this text was
     * parsed before, else {@code parse}d (which throws for an invalid file) and kept.
     */
    public PipelineSpec spec(String text, Supplier<PipelineSpec> parse) {
        Optional<String> code = build.get();
        if (code.isEmpty()) {
            LOG.debug("the build of Gantry cannot be told; the pipeline file is parsed, and not kept");
            return parse.get();
        }
        byte[] key = key(code.get(), text);
        Path entry = dir.resolve(entryName(key));
        Optional<PipelineSpec> found = read(entry, key);
        if (found.isPresent()) {
            LOG.debug("read the parsed pipeline back from {}", entry);
            markUsed(entry);
            return found.get();
        }
        PipelineSpec spec = parse.get();
        writing = CompletableFuture.runAsync(() -> {
            // A store that cannot take the entry only misses next time.
            try {
                if (AtomicFiles.write(entry, entry(key, SpecCodec.write(spec)), "the parsed pipeline",
                        "the next run parses its file again")) {
                    LOG.debug("kept the parsed pipeline in {}", entry);
                }
                prune();
            } catch (RuntimeException e) {
                // Nobody waits for this thread's outcome: said here, or never.
                LOG.warn("cannot write the parsed pipeline ({}): {}; the next run parses its file again", entry,
                        e.toString(), e);
                throw e;
            }
        }, task -> {
            Thread t = new Thread(task, "keep-parsed-pipeline");
            t.setDaemon(true);
            t.start();
        });
        return spec;
    }

    /** Waits until the entry being written, if any, is in place (or given up). */
    public void awaitWritten() {
        writing.exceptionally(e -> null).join();
    }

    /** What an entry for {@code text}, validated by build {@code code}, must hold. */
    private static byte[] key(String code, String text) {
        return (SpecCodec.schema() + "\n" + code + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    /** Where the entry for {@code text} is, for this build. */
    Path entryFor(String text) {
        return dir.resolve(entryName(key(build.get().orElseThrow(), text)));
    }

    /** The file name of the entry for {@code key}. */
    static String entryName(byte[] key) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        return Long.toHexString(crc.getValue()) + "-" + key.length;
    }

    /** An entry's bytes: the length of its key, the key, the CRC-32C of the spec, then the spec. */
    private static byte[] entry(byte[] key, byte[] spec) {
        return ByteBuffer.allocate(Integer.BYTES + key.length + Long.BYTES + spec.length).putInt(key.length).put(key)
                .putLong(checksum(spec, 0, spec.length)).put(spec).array();
    }

    private static long checksum(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }

    /**
     * The spec in {@code entry}, if it holds one for exactly {@code key} whose bytes match their
     * checksum: an entry edited or damaged after it was written is parsed again, never run.
     */
    private static Optional<PipelineSpec> read(Path entry, byte[] key) {
        try {
            byte[] bytes = Files.readAllBytes(entry);
            int start = Integer.BYTES;
            int end = start + key.length;
            int spec = end + Long.BYTES;
            if (bytes.length < spec || ByteBuffer.wrap(bytes).getInt() != key.length
                    || !Arrays.equals(bytes, start, end, key, 0, key.length)) {
                // Another text, or another build, whose entry has the same name: they take turns.
                LOG.debug("{} holds the parsed pipeline of another file or build; the file is parsed", entry);
                return Optional.empty();
            }
            if (ByteBuffer.wrap(bytes, end, Long.BYTES).getLong() != checksum(bytes, spec, bytes.length)) {
                LOG.warn("the parsed pipeline in {} does not match its checksum (damaged or edited); the file is"
                        + " parsed again and the entry replaced", entry);
                return Optional.empty();
            }
            return Optional.of(SpecCodec.read(Arrays.copyOfRange(bytes, spec, bytes.length)));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException unreadable) {
            LOG.warn("cannot read the parsed pipeline in {} ({}); the file is parsed again and the entry replaced",
                    entry, unreadable.toString());
            return Optional.empty();
        }
    }

    /** Gives an entry that was last used over an hour ago the time of now, so that pruning keeps it. */
    private static void markUsed(Path entry) {
        try {
            FileTime now = FileTime.from(Instant.now());
            if (Files.getLastModifiedTime(entry).toInstant().plus(MARK_USED_AFTER).isBefore(now.toInstant())) {
                Files.setLastModifiedTime(entry, now);
            }
        } catch (IOException e) {
            // Only its place in the pruning order is at stake.
            LOG.debug("cannot mark {} used: {}", entry, e.toString());
        }
    }

    /**
     * Removes all but the {@code kept} entries used last, and temporary files that a writer
     * which died left behind an hour or more ago.
     */
    private void prune() {
        List<Path> entries = new ArrayList<>();
        Instant abandoned = Instant.now().minus(MARK_USED_AFTER);
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                if (!p.getFileName().toString().startsWith(AtomicFiles.TEMPORARY_PREFIX)) {
                    entries.add(p);
                } else if (lastUsed(p).isBefore(abandoned)) {
                    Files.deleteIfExists(p);
                }
            }
            if (entries.size() <= kept) {
                return;
            }
            Map<Path, Instant> used = new HashMap<>();
            entries.forEach(p -> used.put(p, lastUsed(p)));
            entries.sort(Comparator.comparing(used::get).reversed());
            for (Path old : entries.subList(kept, entries.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException | UncheckedIOException e) {
            // Pruned next time.
            LOG.warn("cannot remove old parsed pipelines from {}: {}", dir, e.toString());
        }
    }

    private static Instant lastUsed(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            // Gone since it was listed, most likely: pruned first.
            LOG.debug("cannot read the time of {}: {}", p, e.toString());
            return Instant.EPOCH;
        }
    }

    /** What identifies the code {@code type} comes from; empty when that cannot be told. */
    static Optional<String> buildOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return identity(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            LOG.debug("cannot tell the build of Gantry from {}: {}", source.getLocation(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * A jar by its path, size and time; a directory of classes by its path and the number,
     * total size and newest time of the files in it.
     */
    static Optional<String> identity(Path code) {
        try {
            if (Files.isRegularFile(code)) {
                return Optional.of(code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis());
            }
            if (!Files.isDirectory(code)) {
                return Optional.empty();
            }
            long files = 0;
            long bytes = 0;
            long newest = 0;
            try (Stream<Path> all = Files.walk(code)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    files++;
                    bytes += a.size();
                    newest = Math.max(newest, a.lastModifiedTime().toMillis());
                }
            }
            return Optional.of(code + " " + files + " " + bytes + " " + newest);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot tell the build of Gantry from {}: {}", code, e.toString());
            return Optional.empty();
        }
    }
}
