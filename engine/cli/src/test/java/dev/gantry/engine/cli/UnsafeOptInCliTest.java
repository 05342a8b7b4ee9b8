package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unsafe container settings as the {@code gantry} command shows them: refused, or allowed with a warning. */
class UnsafeOptInCliTest {
    @TempDir
    Path dir;

    @Test
    void validateRefusesAVolumeOfTheHostsRootWithoutItsOptInAndExitsTwo() throws Exception {
        Files.writeString(dir.resolve("root.yaml"), """
                name: root
                steps:
                  probe:
                    command: [ls, /host]
                    volumes: ["/:/host"]
                """);

        GantryProcess.Result result = GantryProcess.run(dir, "validate", "root.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("root.yaml:5:15: step 'probe' mounts host path '/' at '/host', the"
                + " host's root directory; to allow it, add 'mount:/' to the step's 'unsafe' list\n1 problem\n");
    }

    @Test
    void validateAndRunWarnAboutEachOptInInUse() throws Exception {
        Files.writeString(dir.resolve("opted.yaml"), """
                name: opted
                steps:
                  probe:
                    command: [sh, -c, 'echo ok > ${outputs.o}']
                    outputs: {o: file}
                    network: host
                    unsafe: [host-network]
                """);

        GantryProcess.Result validate = GantryProcess.run(dir, "validate", "opted.yaml");
        GantryProcess.Result run = GantryProcess.run(dir, "run", "opted.yaml");

        assertThat(validate.exitCode()).isZero();
        assertThat(validate.stdout()).isEqualTo("opted.yaml: pipeline 'opted' is valid (1 step)\n");
        assertThat(validate.stderr()).isEqualTo("opted.yaml:7:14: warning: step 'probe' opts in to unsafe host-network\n");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout() + run.stderr()).contains("warning: step 'probe' opts in to unsafe host-network\n");
    }
}
