package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's log through the real CLI: nothing by default but warnings of real problems, the
 * engine's debug lines with {@code --log-level debug} or {@code GANTRY_LOG=debug}, always on
 * stderr (scripts read stdout), and a clear usage error for a level that is none.
 */
class LoggingTest {
    /** The scheduler's time of a line: ISO 8601 with the offset. */
    private static final String DATE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";
    /**
     * A line of slf4j-simple as the CLI sets it up: the milliseconds since logging started (the
     * date and time in the scheduler), thread, level, logger, message.
     */
    private static final Pattern LOG_LINE = Pattern.compile("(?m)^(\\d+|" + DATE_TIME + ") \\[[^\\]]+\\] "
            + "(TRACE|DEBUG|INFO|WARN|ERROR) +[\\w.$]+ - .*$");
    private static final String SECRET = "key-from-param-5e1b07";
    /** No GANTRY_LOG from the environment the tests run in. */
    private static final Map<String, String> NO_LEVEL = Map.of("GANTRY_LOG", "");

    @TempDir
    Path dir;

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: logged
                params: {key: {secret: true}}
                steps:
                  make:
                    command: [sh, -c, 'echo made ${params.key}; echo made > ${outputs.o}']
                    outputs: {o: file}
                  use:
                    command: [sh, -c, 'cat ${inputs.o} > ${outputs.o}']
                    inputs: {o: make.o}
                    outputs: {o: file}
                """);
    }

    private GantryProcess.Result gantry(Map<String, String> env, String... args) throws Exception {
        return GantryProcess.run(dir, env, args);
    }

    private static List<String> logLines(String text) {
        return LOG_LINE.matcher(text).results().map(m -> m.group()).toList();
    }

    @Test
    void aNormalRunPrintsNoLogLines() throws Exception {
        GantryProcess.Result cold = gantry(NO_LEVEL, "run", "p.yaml", "--param", "key=" + SECRET);
        GantryProcess.Result cached = gantry(NO_LEVEL, "run", "p.yaml", "--param", "key=" + SECRET, "--json");

        assertThat(cold.exitCode()).as(cold.stderr()).isZero();
        assertThat(cached.exitCode()).as(cached.stderr()).isZero();
        for (GantryProcess.Result r : List.of(cold, cached)) {
            assertThat(logLines(r.stdout() + r.stderr())).isEmpty();
        }
        assertThat(cold.stderr()).isEmpty();
        assertThat(cached.stderr()).startsWith("run ").contains("  cached   make", "succeeded: 0 ran, 2 cached");
    }

    @Test
    void logLevelDebugPrintsTheEngineDebugLinesOnStderrAndNoneOnStdout() throws Exception {
        GantryProcess.Result before = gantry(NO_LEVEL, "--log-level", "debug", "run", "p.yaml", "--param",
                "key=" + SECRET, "--json");
        GantryProcess.Result after = gantry(NO_LEVEL, "run", "p.yaml", "--param", "key=" + SECRET, "--json",
                "--log-level=DEBUG");

        for (GantryProcess.Result r : List.of(before, after)) {
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            // Nothing but the report on stdout: it parses as one JSON object.
            assertThat(new ObjectMapper().readTree(r.stdout()).get("status").asText()).isEqualTo("succeeded");
            assertThat(logLines(r.stdout())).isEmpty();
            List<String> lines = logLines(r.stderr());
            assertThat(lines).allMatch(l -> l.contains(" dev.gantry."), "only Gantry's own loggers say more than warnings")
                    .anyMatch(l -> l.matches(".* \\[open-store\\] DEBUG dev\\.gantry\\.engine\\.Gantry - opened the run store "
                            + Pattern.quote(dir.resolve(".gantry/gantry.db").toString()) + " in \\d+ ms"))
                    .anyMatch(l -> l.matches(".* \\[run-store-writer\\] DEBUG dev\\.gantry\\.engine\\.internal\\.store"
                            + "\\.GroupCommitter - committed \\d+ write\\(s\\) to .*"));
            assertThat(r.stdout() + r.stderr()).doesNotContain(SECRET);
        }
        assertThat(logLines(before.stderr())).anyMatch(l -> l.contains("ParsedPipelines - kept the parsed pipeline in "));
        assertThat(logLines(after.stderr())).anyMatch(l -> l.contains("ParsedPipelines - read the parsed pipeline back from "))
                .anyMatch(l -> l.contains("CacheIndex - read 2 cache entries of the previous run of pipeline 'logged'"));
    }

    @Test
    void gantryLogSetsTheLevelAndTheFlagWinsOverIt() throws Exception {
        GantryProcess.Result env = gantry(Map.of("GANTRY_LOG", "debug"), "validate", "p.yaml");
        GantryProcess.Result envRun = gantry(Map.of("GANTRY_LOG", "debug"), "run", "p.yaml", "--param", "key=k");
        GantryProcess.Result flagWins = gantry(Map.of("GANTRY_LOG", "debug"), "--log-level", "warn", "run", "p.yaml",
                "--param", "key=k");

        assertThat(env.exitCode()).as(env.stderr()).isZero();
        assertThat(envRun.exitCode()).as(envRun.stderr()).isZero();
        assertThat(logLines(envRun.stderr())).anyMatch(l -> l.contains(" DEBUG dev.gantry."));
        assertThat(logLines(envRun.stdout())).isEmpty();
        assertThat(flagWins.exitCode()).as(flagWins.stderr()).isZero();
        assertThat(logLines(flagWins.stdout() + flagWins.stderr())).isEmpty();
    }

    @Test
    void aLevelThatIsNoneIsAUsageErrorNamingTheValidOnes() throws Exception {
        GantryProcess.Result flag = gantry(NO_LEVEL, "--log-level", "verbose", "run", "p.yaml");
        GantryProcess.Result after = gantry(NO_LEVEL, "validate", "p.yaml", "--log-level", "trace");
        GantryProcess.Result env = gantry(Map.of("GANTRY_LOG", "loud"), "validate", "p.yaml");

        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.stdout()).isEmpty();
        assertThat(flag.stderr()).isEqualTo("error: --log-level verbose: not a log level (use debug, info, warn, error"
                + " or off)\nRun 'gantry --help' for usage.\n");
        assertThat(after.exitCode()).isEqualTo(2);
        assertThat(after.stderr()).isEqualTo("error: --log-level trace: not a log level (use debug, info, warn, error"
                + " or off)\nRun 'gantry --help' for usage.\n");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.stderr()).isEqualTo("error: GANTRY_LOG=loud: not a log level (use debug, info, warn, error"
                + " or off)\nRun 'gantry --help' for usage.\n");
        assertThat(dir.resolve(".gantry")).doesNotExist();
    }

    @Test
    void aDamagedParsedPipelineIsAWarningByDefaultAndTheRunGoesOn() throws Exception {
        Path entry = runAndDamageTheParsedPipeline();

        GantryProcess.Result damaged = gantry(NO_LEVEL, "run", "p.yaml", "--param", "key=k", "--json");
        GantryProcess.Result repaired = gantry(NO_LEVEL, "run", "p.yaml", "--param", "key=k");

        assertThat(damaged.exitCode()).as(damaged.stderr()).isZero();
        assertThat(logLines(damaged.stdout())).isEmpty();
        assertThat(logLines(damaged.stderr())).hasSize(1).first().asString().matches(
                "\\d+ \\[main\\] WARN dev\\.gantry\\.engine\\.internal\\.store\\.ParsedPipelines - the parsed pipeline in "
                        + Pattern.quote(entry.toString()) + " does not match its checksum \\(damaged or edited\\); the"
                        + " file is parsed again and the entry replaced");
        // The entry was written again, whole, so the next run reads it back without a word.
        assertThat(repaired.exitCode()).as(repaired.stderr()).isZero();
        assertThat(repaired.stderr()).isEmpty();
    }

    @Test
    void logLevelOffSilencesEvenWarnings() throws Exception {
        runAndDamageTheParsedPipeline();

        GantryProcess.Result off = gantry(Map.of("GANTRY_LOG", "off"), "run", "p.yaml", "--param", "key=k");

        assertThat(off.exitCode()).as(off.stderr()).isZero();
        assertThat(off.stderr()).isEmpty();
    }

    @Test
    void theSchedulerLogsItsDaemonThreadsWithTheDateAndTime() throws Exception {
        Files.writeString(dir.resolve("s.yaml"), """
                name: every-second
                schedule: {cron: "* * * * * ?"}
                steps:
                  a:
                    command: [sh, -c, 'echo a > ${outputs.o}']
                    outputs: {o: file}
                """);
        GantryProcess scheduler = GantryProcess.start(dir, NO_LEVEL, "scheduler", "s.yaml", "--poll", "200ms",
                "--log-level", "debug");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!scheduler.stdoutSoFar().contains(" started run ") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        scheduler.process().destroy();
        GantryProcess.Result result = scheduler.finish();

        assertThat(result.stdout()).contains("every-second: scheduled fire at ");
        assertThat(logLines(result.stdout())).isEmpty();
        List<String> lines = logLines(result.stderr());
        assertThat(lines).allMatch(l -> l.matches(DATE_TIME + " .*"), "dated")
                .anyMatch(l -> l.matches(".* \\[[^\\]]+_Worker-\\d+\\] DEBUG dev\\.gantry\\.engine\\.schedule"
                        + "\\.PipelineFireJob - Quartz fired 'every-second' \\(due at .*"));
    }

    /** Runs the pipeline, then flips a bit of the spec kept for its file; returns the entry. */
    private Path runAndDamageTheParsedPipeline() throws Exception {
        GantryProcess.Result first = gantry(NO_LEVEL, "run", "p.yaml", "--param", "key=k");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        Path entry;
        try (Stream<Path> files = Files.list(dir.resolve(".gantry/pipelines"))) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            entry = all.get(0);
        }
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 1] ^= 1;
        Files.write(entry, bytes);
        return entry;
    }
}
