package dev.gantry.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process runs, as the tests here see it. */
final class Processes {
    private Processes() {}

    /** Whether {@code pid} runs: it is listed, and not a zombie waiting for whoever adopted it. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
