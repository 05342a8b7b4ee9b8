package dev.gantry.engine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What a {@code file} or {@code dir} output holds, printed for people and returned for {@code --json}. */
final class ArtifactContents {
    /** How many bytes of a binary file are shown, in hex. */
    private static final int BINARY_HEAD = 64;
    /** How many entries of a directory are listed at most. */
    private static final int MAX_ENTRIES = 1000;

    private ArtifactContents() {}

    /** The first {@code lines} lines of a text file, or the first bytes in hex of a binary one. */
    static Map<String, Object> fileHead(Path file, int lines, boolean quiet) throws IOException {
        Map<String, Object> head = new LinkedHashMap<>();
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(8192);
        }
        boolean text = true;
        for (byte b : start) {
            text &= b != 0;
        }
        head.put("text", text);
        if (!text) {
            String hex = HexFormat.of().formatHex(start, 0, Math.min(start.length, BINARY_HEAD));
            head.put("headHex", hex);
            if (!quiet) {
                System.out.println("binary; its first bytes: " + hex);
            }
            return head;
        }
        List<String> first = new ArrayList<>();
        long total = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (first.size() < lines) {
                    first.add(line);
                }
                total++;
            }
        } catch (java.nio.charset.MalformedInputException e) {
            total = -1; // not UTF-8 throughout: the lines read so far stand
        }
        head.put("lines", first);
        if (total >= 0) {
            head.put("lineCount", total);
        }
        if (!quiet) {
            first.forEach(line -> System.out.println(TextTable.cut(line, TextTable.WIDTH)));
            if (total > first.size()) {
                System.out.println("(first " + first.size() + " of " + total + " lines; --rows N shows more)");
            }
        }
        return head;
    }

    /** Every file and directory under {@code dir}, by path, with each file's size. */
    static Map<String, Object> listing(Path dir, boolean quiet) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dir)) {
            entries = walk.filter(p -> !p.equals(dir)).sorted().limit(MAX_ENTRIES + 1L).toList();
        }
        List<Map<String, Object>> items = new ArrayList<>();
        TextTable table = new TextTable("PATH", "SIZE").alignRight(1);
        for (Path entry : entries.subList(0, Math.min(entries.size(), MAX_ENTRIES))) {
            boolean isDir = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
            String name = dir.relativize(entry) + (isDir ? "/" : "");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", name);
            item.put("type", isDir ? "dir" : "file");
            if (!isDir) {
                long size = Files.size(entry);
                item.put("sizeBytes", size);
                table.add(name, Bytes.human(size));
            } else {
                table.add(name, "");
            }
            items.add(item);
        }
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("entries", items);
        listing.put("truncated", entries.size() > MAX_ENTRIES);
        if (!quiet) {
            table.print();
            if (entries.size() > MAX_ENTRIES) {
                System.out.println("(first " + MAX_ENTRIES + " entries)");
            }
        }
        return listing;
    }
}
