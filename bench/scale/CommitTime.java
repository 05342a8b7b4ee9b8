import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.internal.artifact.ArtifactInfo;
import dev.gantry.engine.internal.artifact.ArtifactInspector;
import dev.gantry.engine.internal.artifact.OutputScanner;
import dev.gantry.engine.internal.artifact.ScannedOutput;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.ArtifactType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Commits one Arrow file into a store as the engine commits a step's output, in a fresh JVM as
 * the engine's first commit is: walks it without following links, checks it (schema and rows),
 * then hashes it and renames it into the store. Prints the digest, the rows, and the wall and
 * CPU seconds it took.
 *
 * <p>usage: java -cp engine/cli/target/gantry.jar:CLASSES CommitTime SCRATCH_FILE STORE_DIR
 */
public final class CommitTime {
    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args[0]);
        ObjectStore store = new ObjectStore(new StoreLayout(Path.of(args[1])));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        OutputScanner scanner = new OutputScanner(Cancellation.NONE);
        ScannedOutput output = scanner.scan("table", scratch);
        // No checkLinks(): run.py hands the object in as a hard link, so as not to copy a gigabyte,
        // which the engine would refuse; the check only compares counts the scan took anyway.
        ArtifactInfo info = ArtifactInspector.inspect(output, ArtifactType.ARROW);
        String sha256 = store.commit(scratch, output.listing(), Cancellation.NONE);
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        System.out.printf("{\"sha256\": \"%s\", \"rows\": %d, \"wall\": %.4f, \"cpu\": %.4f}%n", sha256,
                info.rows().orElseThrow(), wallSeconds, cpuSeconds);
    }
}
