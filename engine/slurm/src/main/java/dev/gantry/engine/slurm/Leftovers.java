package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.EngineHost;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs that an engine on this machine submitted and then died without ending: each job's comment
 * names the engine's host and process ({@link JobRequest}), and a job whose engine process is gone
 * is cancelled, so that a rerun never runs its work twice at once. Jobs of engines on other
 * machines are theirs to clean up.
 */
final class Leftovers {
    private Leftovers() {}

    /** Cancels the jobs of this user whose engine on this machine is gone, and says which. */
    static List<String> cancel(SlurmCommands slurm) throws IOException {
        String user = System.getProperty("user.name");
        SlurmCommands.Result listed = slurm.run(List.of("squeue", "--noheader", "--user=" + user,
                "--states=PENDING,RUNNING,CONFIGURING,SUSPENDED", "--Format=JobID:|,Name:|,Comment:|"));
        if (!listed.ok()) {
            throw new IOException("squeue failed: " + listed.error());
        }
        List<String> cancelled = new ArrayList<>();
        for (String line : listed.out().split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length < 3) {
                continue;
            }
            Map<String, String> comment = comment(f[2].strip());
            if (isOrphan(comment)) {
                slurm.cancel(f[0].strip());
                cancelled.add("job " + f[0].strip() + " (" + f[1].strip() + ", run " + comment.get("run") + ")");
            }
        }
        return cancelled;
    }

    private static boolean isOrphan(Map<String, String> comment) {
        if (!comment.containsKey(JobRequest.COMMENT_MARK) || !EngineHost.name().equals(comment.get("host"))) {
            return false;
        }
        try {
            long pid = Long.parseLong(comment.getOrDefault("pid", ""));
            Optional<ProcessHandle> engine = ProcessHandle.of(pid);
            return engine.isEmpty() || !engine.get().isAlive();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code gantry run=R host=H} as {@code {gantry: "", run: R, host: H}}. */
    private static Map<String, String> comment(String text) {
        Map<String, String> parts = new HashMap<>();
        for (String word : text.split(" ")) {
            int eq = word.indexOf('=');
            parts.put(eq < 0 ? word : word.substring(0, eq), eq < 0 ? "" : word.substring(eq + 1));
        }
        return parts;
    }
}
