package dev.gantry.engine.internal.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets under the local executor, through the real CLI: a step that prints its secrets and
 * passes them on (upper-cased, so the output object holds what the step chose to write, not
 * the value), and then every byte of the store, the log and the reports, none holding a value.
 */
class LocalSecretsTest {
    private static final String TOKEN = "tok-from-env-4f9a1c";
    private static final String PASSWORD = "pw-from-file-77b2e0";
    private static final String API_KEY = "key-from-param-c3d8";
    /** Printed in two pieces with a pause between, so the mask must join them. */
    private static final String SLOW = "slowly-printed-secret-91";

    @TempDir
    Path dir;

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("db-password"), PASSWORD + "\n");
        Files.writeString(dir.resolve("slow"), SLOW);
        Files.writeString(dir.resolve("secrets.yaml"), """
                name: secrets
                params: {api_key: {secret: true}, greeting: hello}
                secrets: {API_TOKEN: {env: TEST_API_TOKEN}}
                steps:
                  use:
                    command: [sh, -c, 'echo "token=$API_TOKEN pw=$DB_PASSWORD key=${params.api_key} env=$GANTRY_PARAM_API_KEY ${params.greeting}";
                      printf "%s %s %s" "$API_TOKEN" "$DB_PASSWORD" "$GANTRY_PARAM_API_KEY" | tr a-z A-Z > ${outputs.passed}']
                    outputs: {passed: file}
                    secrets: {DB_PASSWORD: {file: db-password}}
                  slow:
                    command: [sh, -c, 'printf "before-%s" "${SLOW%-*}"; sleep 0.4; printf "%s-after\\n" "-${SLOW##*-}"; echo done > ${outputs.o}']
                    outputs: {o: file}
                    secrets: {SLOW: {file: slow}}
                """);
    }

    private GantryProcess.Result gantry(String token, String... args) throws Exception {
        return GantryProcess.run(dir, Map.of("TEST_API_TOKEN", token), args);
    }

    @Test
    void aStepSeesItsSecretsAndNoValueReachesTheStoreTheLogOrTheReports() throws Exception {
        GantryProcess.Result run = gantry(TOKEN, "run", "secrets.yaml", "--param", "api_key=" + API_KEY, "--json");
        GantryProcess.Result show = gantry(TOKEN, "show", "last", "--json");
        GantryProcess.Result explain = gantry(TOKEN, "explain", "last", "use");
        GantryProcess.Result logs = gantry(TOKEN, "logs", "last", "use");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path store = dir.resolve(".gantry");
        Path passed = outputOf(store);
        assertThat(Files.readString(passed)).isEqualTo(String.join(" ", TOKEN, PASSWORD, API_KEY).toUpperCase());
        Path log = logOf(store, "use");
        assertThat(Files.readString(log)).isEqualTo("token=*** pw=*** key=*** env=*** hello\n");
        assertThat(Files.readString(logOf(store, "slow"))).isEqualTo("before-***-after\n");
        assertThat(run.stderr()).contains("[use] token=*** pw=*** key=*** env=*** hello")
                .contains("[slow] before-***-after");
        assertThat(logs.stdout()).contains("token=*** pw=*** key=*** env=*** hello");
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(explain.exitCode()).as(explain.stderr()).isZero();
        assertThat(explain.stdout()).contains("params.api_key: \"(secret)\"");
        for (GantryProcess.Result r : List.of(run, show, explain, logs)) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(TOKEN, PASSWORD, API_KEY, SLOW, "slowly-printed");
        }
        StoreBytes.assertNowhere(store, TOKEN, PASSWORD, API_KEY, SLOW);
    }

    @Test
    void aNewSecretValueIsNoCacheMissAndTheStoredSpecKeepsOnlyTheSourceAndTheMarker() throws Exception {
        gantry(TOKEN, "run", "secrets.yaml", "--param", "api_key=" + API_KEY);

        GantryProcess.Result again = gantry("another-token-value", "run", "secrets.yaml", "--param", "api_key=other");
        GantryProcess.Result show = gantry(TOKEN, "show", "last", "--json");
        GantryProcess.Result rerun = gantry(TOKEN, "rerun", "last");
        GantryProcess.Result rerunWithKey = gantry(TOKEN, "rerun", "last", "--param", "api_key=" + API_KEY);

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("0 ran, 2 cached");
        assertThat(show.stdout()).doesNotContain("another-token-value", "other\"");
        assertThat(rerun.exitCode()).isEqualTo(2);
        assertThat(rerun.stderr()).isEqualTo("error: secret parameter 'api_key' has no value: give it with"
                + " --param api_key=VALUE\n");
        assertThat(rerunWithKey.exitCode()).as(rerunWithKey.stderr()).isZero();
        StoreBytes.assertNowhere(dir.resolve(".gantry"), TOKEN, PASSWORD, API_KEY, SLOW, "another-token-value");
    }

    @Test
    void aMissingSecretStopsTheRunBeforeItStartsNamingTheSecretAndItsSource() throws Exception {
        Files.delete(dir.resolve("db-password"));

        GantryProcess.Result result = GantryProcess.run(dir, Map.of(), "run", "secrets.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo(
                "error: secret 'API_TOKEN' of the pipeline: environment variable TEST_API_TOKEN is not set\n"
                + "secret parameter 'api_key' has no value: give it with --param api_key=VALUE\n"
                + "secret 'DB_PASSWORD' of step 'use': file db-password does not exist (looked for "
                + dir.resolve("db-password") + ")\n");
        assertThat(dir.resolve(".gantry").resolve("runs")).isEmptyDirectory();
    }

    @Test
    void aSecretAskedForAsAFileIsRefusedByTheLocalExecutor() throws Exception {
        Files.writeString(dir.resolve("file.yaml"), """
                name: file-secret
                steps:
                  a:
                    command: [cat, /run/secrets/TOKEN]
                    secrets: {TOKEN: {env: TEST_API_TOKEN, as: file}}
                """);

        GantryProcess.Result result = gantry(TOKEN, "run", "file.yaml", "--executor", "local");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("error: secret 'TOKEN' of step 'a' asks to be a file (as: file),"
                + " which only the docker executor gives; the local executor gives secrets as environment variables\n");
    }

    @Test
    void theStoreIsReadableByItsOwnerAlone() throws Exception {
        gantry(TOKEN, "run", "secrets.yaml", "--param", "api_key=" + API_KEY);

        Path store = dir.resolve(".gantry");
        assertThat(permissions(store)).isEqualTo("rwx------");
        for (String top : List.of("objects", "runs", "pipelines", "digests")) {
            assertThat(permissions(store.resolve(top))).as(top).isEqualTo("rwx------");
        }
        assertThat(permissions(store.resolve("gantry.db"))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(store)) {
            List<Path> database = files.filter(f -> f.getFileName().toString().startsWith("gantry.db")).toList();
            assertThat(database).isNotEmpty();
            for (Path f : database) {
                assertThat(permissions(f)).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static Path logOf(Path store, String step) throws Exception {
        try (Stream<Path> runs = Files.list(store.resolve("runs"))) {
            Path run = runs.findFirst().orElseThrow();
            return run.resolve(step).resolve("attempt-1.log");
        }
    }

    private static Path outputOf(Path store) throws Exception {
        try (Stream<Path> objects = Files.walk(store.resolve("objects"))) {
            return objects.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f).contains("PW-FROM-FILE");
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
    }
}
