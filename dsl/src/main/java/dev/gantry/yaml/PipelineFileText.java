package dev.gantry.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the text of a pipeline file, after making sure it is one: a regular file (a symbolic
 * link to one will do) of at most {@value #MAX_BYTES} bytes. What it is is asked before the
 * file is opened, because opening a FIFO waits for a writer that may never come, and reading
 * a device such as {@code /dev/zero} never ends.
 */
public final class PipelineFileText {
    /** The most a pipeline file may hold: 16 MiB, far more than any pipeline needs. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    /** Why a pipeline file could not be read, in words that follow "cannot read FILE: ". */
    public static final class UnreadableException extends Exception {
        UnreadableException(String reason) {
            super(reason);
        }
    }

    private PipelineFileText() {}

    /**
     * The text of {@code file}, which must be UTF-8.
     *
     * @throws UnreadableException saying why it is not a pipeline file that can be read
     */
    public static String read(Path file) throws UnreadableException {
        BasicFileAttributes attributes = attributes(file);
        if (attributes.isDirectory()) {
            throw new UnreadableException("it is a directory");
        }
        if (!attributes.isRegularFile()) {
            throw new UnreadableException("it is " + kind(file) + ", not a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(attributes.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Read to one byte past the limit, whatever the size said: a file may grow while it is read.
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new UnreadableException("permission denied");
        } catch (IOException e) {
            throw new UnreadableException(String.valueOf(e.getMessage()));
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(bytes.length);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableException("it is not UTF-8 text");
        }
    }

    private static BasicFileAttributes attributes(Path file) throws UnreadableException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw new UnreadableException("it is a symbolic link to " + linkTarget(file) + ", which does not exist");
            }
            throw new UnreadableException("no such file");
        } catch (AccessDeniedException e) {
            throw new UnreadableException("permission denied");
        } catch (IOException e) {
            throw new UnreadableException(String.valueOf(e.getMessage()));
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a file";
        }
    }

    private static UnreadableException tooLarge(long size) {
        return new UnreadableException("it holds " + size + " bytes, more than the " + MAX_BYTES
                + " (16 MiB) a pipeline file may hold");
    }

    /** What kind of file other than a regular file or a directory {@code file} is, such as "a FIFO". */
    static String kind(Path file) {
        try {
            int type = ((Integer) Files.getAttribute(file, "unix:mode")) & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return Files.isSymbolicLink(file) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "a broken link"
                    : "a special file";
        }
    }
}
