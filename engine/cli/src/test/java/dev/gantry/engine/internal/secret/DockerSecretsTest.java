package dev.gantry.engine.internal.secret;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import dev.gantry.engine.docker.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets under the Docker executor, through the real CLI: one as a variable, one as a file on
 * the container's in-memory mount, both printed by the step and passed on upper-cased, and
 * neither anywhere in the store, the log or the reports.
 */
@RequiresDocker
class DockerSecretsTest {
    private static final String TOKEN = "docker-env-secret-5e1b";
    private static final String KEY = "docker-file-secret-a07c";

    @TempDir
    Path dir;

    @Test
    void aContainerGetsOneSecretAsAVariableAndOneAsAFileOnTmpfsAndNoValueReachesTheStore() throws Exception {
        Files.writeString(dir.resolve("key"), KEY + "\n");
        Files.writeString(dir.resolve("boxed.yaml"), """
                name: boxed-secrets
                defaults: {image: %s}
                steps:
                  use:
                    command: [sh, -c, 'echo "token=$TOKEN key=$(cat $KEY_FILE) at $KEY_FILE";
                      grep " /run/secrets " /proc/mounts | cut -d " " -f 3 > ${outputs.mount};
                      ls -ln /run/secrets | grep KEY | tr -s " " | cut -d " " -f 1,3 >> ${outputs.mount};
                      echo "${KEY:-unset}" >> ${outputs.mount};
                      printf "%%s %%s" "$TOKEN" "$(cat $KEY_FILE)" | tr a-z A-Z > ${outputs.passed}']
                    outputs: {passed: file, mount: file}
                    secrets:
                      TOKEN: {env: TEST_DOCKER_TOKEN}
                      KEY: {file: key, as: file}
                """.formatted(TEST_IMAGE));

        GantryProcess.Result run = GantryProcess.run(dir, Map.of("TEST_DOCKER_TOKEN", TOKEN), "run", "boxed.yaml",
                "--executor", "docker", "--json");
        GantryProcess.Result show = GantryProcess.run(dir, "show", "last", "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path store = dir.resolve(".gantry");
        Path stepDir;
        try (Stream<Path> runs = Files.list(store.resolve("runs"))) {
            stepDir = runs.findFirst().orElseThrow().resolve("use");
        }
        assertThat(Files.readString(stepDir.resolve("attempt-1.log"))).isEqualTo("token=*** key=*** at /run/secrets/KEY\n");
        assertThat(run.stderr()).contains("[use] token=*** key=*** at /run/secrets/KEY");
        List<String> objects = StoreBytes.files(store.resolve("objects")).stream().map(DockerSecretsTest::read).toList();
        assertThat(objects).contains((TOKEN + " " + KEY).toUpperCase(), "tmpfs\n-rw------- " + uid() + "\nunset\n");
        for (GantryProcess.Result r : List.of(run, show)) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(TOKEN, KEY);
        }
        StoreBytes.assertNowhere(store, TOKEN, KEY);
    }

    private static String uid() {
        return String.valueOf(new com.sun.security.auth.module.UnixSystem().getUid());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }
}
