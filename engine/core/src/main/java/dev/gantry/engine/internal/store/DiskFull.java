package dev.gantry.engine.internal.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Tells a full disk apart from other failures, wherever it shows: an {@link IOException} that
 * says "No space left on device" (ENOSPC, or a quota's EDQUOT), SQLite's SQLITE_FULL
 * ("database or disk is full") or PostgreSQL's disk_full, anywhere in a chain of causes; and
 * words the one message a user sees for each of them.
 */
public final class DiskFull {
    /** Below this much free space a filesystem counts as full: less than a few blocks. */
    static final long NEARLY_NOTHING_BYTES = 64 * 1024;
    private static final int SQLITE_FULL = 13;
    private static final String POSTGRES_DISK_FULL = "53100";

    private DiskFull() {}

    /** Whether {@code failure}, or one of its causes, says the disk is full. */
    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (says(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null && says(sql.getNextException())) {
                return true;
            }
        }
        return false;
    }

    private static boolean says(Throwable t) {
        if (t instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLITE_FULL) {
            return true;
        }
        if (t instanceof SQLException sql && POSTGRES_DISK_FULL.equals(sql.getSQLState())) {
            return true;
        }
        String text = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded")
                || text.contains("database or disk is full"));
    }

    /**
     * The message for a full disk met while {@code doing} something in {@code where}, such as
     * "the disk is full: no space left on device while storing output 'model' in /data/.gantry
     * (free some space and run again)".
     */
    public static String message(String doing, Object where) {
        return "the disk is full: no space left on device while " + doing + " in " + where
                + " (free some space and run again)";
    }

    /** Whether the filesystem that holds {@code path} has next to no space left. */
    public static boolean isFull(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace() < NEARLY_NOTHING_BYTES;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
