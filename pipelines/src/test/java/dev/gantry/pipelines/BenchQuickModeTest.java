package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.docker.RequiresDocker;
import dev.gantry.engine.slurm.RequiresSlurm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each benchmark's quick mode, {@code bench/NAME/run.py --quick}, as a process the way a
 * developer would, so that a change that breaks a benchmark script fails the build instead of
 * the next measurement. A quick mode writes under {@code bench/out/quick/}, never over the real
 * figures in {@code bench/out/}, and exits non-zero when anything in it fails.
 *
 * <p>The scripts run this checkout's {@code ./gantry}, which the reactor has built by now.
 * {@code --baseline} names this checkout as well, so the code that times another build beside
 * this one runs too.
 */
@ExtendWith(BenchToolsCheck.class)
class BenchQuickModeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path OUT = ROOT.resolve("bench/out");
    private static final Path QUICK = OUT.resolve("quick");
    private static final String SECONDS = "\\d+\\.\\d\\d s";
    private static final String RATIO = "\\d+\\.\\d\\dx";

    @Test
    void dagTimesEveryShapeBesideMakeAndABaseline() throws Exception {
        Optional<String> figures = realFigures("dag.md");

        runQuick("dag", "--baseline", ROOT.toString());

        String table = Files.readString(QUICK.resolve("dag.md"));
        assertThat(table).startsWith("30 no-op steps, medians of 1 runs, `make -j2` beside `gantry run --parallel 2`");
        for (String shape : List.of("chain", "fanout", "lattice")) {
            // make cold, gantry cold, ratio, make up to date, gantry cached; then the baseline's
            // cold, ratio and cached, and this build's ratios to it.
            assertThat(table).containsPattern("(?m)^\\| " + shape + " \\| " + SECONDS + " \\| " + SECONDS + " \\| "
                    + RATIO + " \\| \\d+\\.\\d{3} s \\| " + SECONDS + " \\| " + SECONDS + " \\| " + RATIO + " \\| "
                    + SECONDS + " \\| \\d+\\.\\d{3} \\| \\d+\\.\\d{3} \\|$");
        }
        assertThat(realFigures("dag.md")).isEqualTo(figures);
    }

    @Test
    void startupTimesTheCommandsThatDoLittleBesideABaseline() throws Exception {
        Optional<String> figures = realFigures("startup.md");

        runQuick("startup", "--baseline", ROOT.toString());

        String table = Files.readString(QUICK.resolve("startup.md"));
        assertThat(table).startsWith("Medians of 3 rounds, each command through ./gantry in a scratch directory.");
        for (String command : List.of("--version", "validate hello.yaml", "run hello.yaml", "runs")) {
            assertThat(table).containsPattern("(?m)^\\| `gantry " + java.util.regex.Pattern.quote(command)
                    + "` \\| \\d+ \\| \\d+ \\| \\d+ \\| \\d+ \\| \\d+\\.\\d{3} \\| \\d+\\.\\d{3} \\|$");
        }
        assertThat(realFigures("startup.md")).isEqualTo(figures);
    }

    @Test
    void scaleCommitsBothTablesInPlaceAndTimesTheSameCodeInAFreshJvm() throws Exception {
        Optional<String> figures = realFigures("scale.md");

        runQuick("scale", "--baseline", ROOT.toString());

        String table = Files.readString(QUICK.resolve("scale.md"));
        assertThat(table).startsWith("`pipelines/scale.yaml` with rows=4096, features=8; medians of 1 rounds");
        // The run's commit, CommitTime's in a fresh JVM, openssl's, the ratios; and the inodes,
        // which say that no table was copied on its way from one step to the next.
        assertThat(table).containsPattern("(?m)^\\| generate\\.table \\(\\d+\\.\\d\\d GB, 4,096 rows\\) \\| "
                + SECONDS + " .*\\| yes \\(same inode\\) \\| yes \\(standardize\\) \\|$");
        assertThat(table).containsPattern("(?m)^\\| standardize\\.table \\(\\d+\\.\\d\\d GB, 4,096 rows\\) \\| "
                + SECONDS + " .*\\| yes \\(same inode\\) \\| yes \\(scan\\) \\|$");
        assertThat(table).contains("- generate.table committed by the baseline's engine",
                "- standardize.table committed by the baseline's engine", "- scan read ",
                "- step processes (median): generate ");
        assertThat(realFigures("scale.md")).isEqualTo(figures);
    }

    @Test
    void serverTimesTheRunsListARunPageAndLiveLogLinesAndReadsItsMemoryBesideABaseline() throws Exception {
        Optional<String> figures = realFigures("server.md");

        runQuick("server", "--baseline", ROOT.toString());

        String table = Files.readString(QUICK.resolve("server.md"));
        assertThat(table).startsWith("`gantry server` over a store of 201 runs and 4,000 step records");
        // Server p50 / p95 / p99 / max, then the same SQL's p50 / p95 / max, for each kind of request.
        String times = "\\d+\\.\\d / \\d+\\.\\d / \\d+\\.\\d / \\d+\\.\\d";
        String sql = "\\d+\\.\\d / \\d+\\.\\d / \\d+\\.\\d";
        for (String build : List.of("", " \\(baseline\\)")) {
            for (String kind : List.of("plain", "pipeline", "status", "trigger", "a week", "pipeline \\+ status")) {
                assertThat(table).containsPattern("(?m)^\\| runs list, " + kind + build + " \\| " + times + " \\| "
                        + sql + " \\| \\| \\|$");
            }
            assertThat(table)
                    .containsPattern("(?m)^\\| \\*\\*runs list, all kinds\\*\\*" + build + " \\| " + times + " \\| " + sql
                            + " \\| p95 < 100 ms \\| (met|MISSED) \\|$")
                    .containsPattern("(?m)^\\| \\*\\*run page \\(20 steps\\)\\*\\*" + build + " \\| " + times + " \\| "
                            + sql + " \\| p95 < 200 ms \\| (met|MISSED) \\|$")
                    .containsPattern("(?m)^\\| \\*\\*live log line, written to seen\\*\\* \\(\\d+ lines\\)" + build
                            + " \\| " + times + " \\| \\| < 100 ms \\| (met|MISSED) \\(max\\) \\|$")
                    .containsPattern("(?m)^\\| \\*\\*server's resident memory, idle after the load\\*\\*" + build
                            + " \\| \\d+ MB \\(started: \\d+ MB, peak: \\d+ MB\\) \\| \\| < 256 MB \\| (met|MISSED) \\|$");
        }
        assertThat(realFigures("server.md")).isEqualTo(figures);
    }

    @Test
    void gcTimesACollectionOfASyntheticStoreAndChecksWhatIsLeft() throws Exception {
        Optional<String> figures = realFigures("gc.md");

        runQuick("gc");

        String table = Files.readString(QUICK.resolve("gc.md"));
        assertThat(table).startsWith("`gantry gc --keep-last 2` on a store of 200 runs (10 pipelines) and 20,000 objects");
        // Runs, cache entries and objects removed, bytes freed, wall time, peak memory and phases of each command.
        String phases = " \\| mark \\d+\\.\\d s, records \\d+\\.\\d s, objects \\d+\\.\\d s, run dirs \\d+\\.\\d s \\|$";
        assertThat(table)
                .containsPattern("(?m)^\\| --dry-run \\| 180 \\| 1,800 \\| 18,000 \\| 1\\.8 MB \\| " + SECONDS
                        + " \\| \\d+ MB" + phases)
                .containsPattern("(?m)^\\| gc \\| 180 \\| 1,800 \\| 18,000 \\| 1\\.8 MB \\| " + SECONDS
                        + " \\| \\d+ MB" + phases)
                .containsPattern("(?m)^\\| gc again \\(nothing to remove\\) \\| 0 \\| 0 \\| 0 \\| 0\\.0 MB \\| "
                        + SECONDS + " \\| \\d+ MB" + phases)
                .contains("Left: 20 runs, 200 cache entries, 2,000 objects (as expected).");
        assertThat(realFigures("gc.md")).isEqualTo(figures);
    }

    @Nested
    @RequiresDocker
    class InContainers {
        @Test
        void dockerTimesTheChainThroughGantryAndTheDockerCliBesideABaseline() throws Exception {
            Optional<String> figures = realFigures("docker.md");

            runQuick("docker", "--baseline", ROOT.toString());

            String table = Files.readString(QUICK.resolve("docker.md"));
            assertThat(table).startsWith("3 sequential no-op steps (`true` in gantry-test/busybox:1), 1 rounds");
            // Each way a step runs, its median, and the ratios to it of this build's and the baseline's.
            String ratios = " \\| \\d+ ms \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\|$";
            assertThat(table)
                    .containsPattern("(?m)^\\| Gantry: `gantry run --executor docker` \\| \\d+ ms \\| 1\\.00 \\| "
                            + "\\d+\\.\\d\\d \\|$")
                    .containsPattern("(?m)^\\| Gantry baseline \\(`" + Pattern.quote(ROOT.toString())
                            + "`\\): `gantry run --executor docker` \\| \\d+ ms \\| \\d+\\.\\d\\d \\| 1\\.00 \\|$")
                    .containsPattern("(?m)^\\| docker CLI: `docker run --rm` with Gantry's isolation flags" + ratios)
                    .containsPattern("(?m)^\\| docker CLI: `docker run --rm`, plain \\(bridge network\\)" + ratios)
                    .containsPattern("Whole Gantry runs, JVM start included: median \\d+\\.\\d s for 3 steps "
                            + "\\(\\d+ ms a step\\); the baseline's: median \\d+\\.\\d s")
                    .containsPattern("This build / baseline, .*: \\d+\\.\\d{3} per step \\(medians\\), "
                            + "\\d+\\.\\d{3} whole runs");
            assertThat(realFigures("docker.md")).isEqualTo(figures);
        }
    }

    @Nested
    @RequiresSlurm
    class OnSlurm {
        @Test
        void slurmTimesAChainAndAFanOutThroughGantryBesideAShellLoopOfSbatch() throws Exception {
            Optional<String> figures = realFigures("slurm.md");

            runQuick("slurm");

            String table = Files.readString(QUICK.resolve("slurm.md"));
            assertThat(table).startsWith("Slurm on `")
                    .containsPattern("(?m)^\\| chain of 3, per step \\| \\d+ ms \\| \\d+ ms \\| \\d+\\.\\d\\d \\|"
                            + " within 1\\.1x: (met|MISSED) \\|$")
                    .containsPattern("(?m)^\\| fan-out of 4, whole run \\| \\d+\\.\\d s \\| \\d+\\.\\d s \\|"
                            + " \\d+\\.\\d\\d \\| \\|$");
            assertThat(realFigures("slurm.md")).isEqualTo(figures);
        }
    }

    /** The real figures a full run wrote, if any: a quick run must leave them as they are. */
    private static Optional<String> realFigures(String name) throws IOException {
        Path file = OUT.resolve(name);
        return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    @Test
    void jsonChecksBothBuildsWriteTheSameKeysAndTimesThem() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ROOT.resolve("bench/json/CanonicalJsonBench.java").toString(), "--baseline", ROOT.toString(), "--quick");
        Path log = Files.createTempFile("bench-json", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished in 3 minutes").isTrue();
            assertThat(process.exitValue()).as("exit code; its output:%n%s", tail(log)).isZero();
            assertThat(Files.readString(log)).containsPattern("(?m)^first call \\(loads the classes\\): baseline ")
                    .containsPattern("(?m)^compiled, ns per call \\(median of 1 rounds of 2,000\\): baseline \\d+");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Runs {@code bench/NAME/run.py --quick ARGS} in the checkout and asserts that it succeeded. */
    private static void runQuick(String bench, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bench").resolve(bench).resolve("run.py").toString(),
                "--quick"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("bench-" + bench, ".log");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in 3 minutes; its output:\n"
                        + tail(log));
            }
            assertThat(process.exitValue()).as("exit code of %s; its output:%n%s", String.join(" ", command), tail(log))
                    .isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 50), lines.size()));
    }
}
