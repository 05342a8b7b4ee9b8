package dev.gantry.server.internal.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.server.internal.files.StoreFiles;
import dev.gantry.server.internal.http.ApiException;
import dev.gantry.server.internal.http.Json;
import dev.gantry.server.internal.http.QueryParams;
import dev.gantry.server.internal.runs.RunsApi;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/runs/{run}/steps/{step}/outputs/{output}}: a preview of an output, by its type:
 * an Arrow table's schema and a page of rows, a metrics object, a file's first KiB and whether it
 * is text, or a directory's listing ({@code ?path=} goes into it, and previews a file inside).
 */
public final class ArtifactsApi {
    /** How much of a file a preview shows. */
    static final int FILE_HEAD = 1024;
    private static final int MAX_ROWS = 1000;
    private static final int MAX_ENTRIES = 1000;

    private final RunsApi runs;
    private final StoreFiles files;

    public ArtifactsApi(RunsApi runs, StoreFiles files) {
        this.runs = runs;
        this.files = files;
    }

    public void preview(Context ctx) throws IOException {
        RunRecord run = runs.run(ctx.pathParam("run"));
        StepRecord step = runs.step(run, ctx.pathParam("step"));
        String name = ctx.pathParam("output");
        OutputArtifact output = step.outputs().get(name);
        if (output == null) {
            throw ApiException.notFound("step '" + step.step() + "' of run " + run.id() + " has no output '" + name
                    + "'" + (step.outputs().isEmpty() ? " (it has none: it is " + step.status().label() + ")" : ""));
        }
        Path object = files.inside(output.path(), "output '" + name + "'");
        ObjectNode node = Json.object();
        node.put("name", name);
        node.put("digest", output.sha256());
        node.put("type", output.type().yamlName());
        node.put("sizeBytes", output.sizeBytes());
        switch (output.type()) {
            case ARROW -> {
                output.rows().ifPresent(rows -> node.put("rows", rows));
                node.set("table", ArrowPreview.page(object, QueryParams.nonNegative(ctx, "offset", 0),
                        QueryParams.intParam(ctx, "limit", 100, 1, MAX_ROWS)));
            }
            case METRICS -> node.set("metrics", metrics(object));
            case FILE -> node.set("file", head(object));
            case DIR -> node.set("dir", inDirectory(object, ctx.queryParam("path")));
            default -> throw new IllegalStateException("unknown output type " + output.type());
        }
        ctx.json(node);
    }

    private JsonNode metrics(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Json.mapper().readTree(in.readNBytes(1024 * 1024));
        }
    }

    private ObjectNode inDirectory(Path dir, String sub) throws IOException {
        Path target = dir;
        if (sub != null && !sub.isEmpty()) {
            Path relative = Path.of(sub).normalize();
            if (relative.isAbsolute() || relative.startsWith("..")) {
                throw ApiException.badRequest("path '" + sub + "' leaves the directory; use a path inside it");
            }
            target = files.inside(dir.resolve(relative), "'" + sub + "'");
            if (!target.startsWith(dir)) {
                throw ApiException.notFound("'" + sub + "' is not in this directory");
            }
        }
        ObjectNode node = Json.object();
        node.put("path", dir.relativize(target).toString());
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            node.set("file", head(target));
            return node;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(target)) {
            listing.forEach(entries::add);
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        ArrayNode items = node.putArray("entries");
        for (Path entry : entries.subList(0, Math.min(entries.size(), MAX_ENTRIES))) {
            ObjectNode item = items.addObject();
            item.put("name", entry.getFileName().toString());
            boolean isDir = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
            item.put("type", isDir ? "dir" : "file");
            if (!isDir) {
                item.put("sizeBytes", Files.size(entry));
            }
        }
        node.put("truncated", entries.size() > MAX_ENTRIES);
        return node;
    }

    /** A file's first KiB, as text when it is UTF-8 without NUL bytes, else as hex. */
    static ObjectNode head(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(FILE_HEAD);
        }
        ObjectNode node = Json.object();
        node.put("sizeBytes", Files.size(file));
        Integer text = textLength(bytes);
        node.put("text", text != null);
        if (text != null) {
            node.put("head", new String(bytes, 0, text, StandardCharsets.UTF_8));
        } else {
            node.put("headHex", java.util.HexFormat.of().formatHex(bytes));
        }
        return node;
    }

    /** How many of {@code bytes} are text (a character cut at the end left out); null when they are not text. */
    private static Integer textLength(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        for (int cut = 0; cut < 4 && cut <= bytes.length; cut++) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length - cut)));
                return bytes.length - cut;
            } catch (CharacterCodingException e) {
                if (bytes.length < FILE_HEAD) {
                    return null; // the whole file was read: no cut character to blame
                }
            }
        }
        return null;
    }
}
