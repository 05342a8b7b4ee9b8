package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a container may and may not do: network, capabilities, privileges, mounts and file ownership. */
@RequiresDocker
class DockerIsolationTest {
    /** The capability bits of CAP_NET_RAW (13) and CAP_SYS_PTRACE (19). */
    private static final String NET_RAW_AND_SYS_PTRACE = "0000000000082000";

    @TempDir
    Path dir;

    private static String read(RunResult result, String step, String output) throws Exception {
        return Files.readString(result.step(step).orElseThrow().outputs().get(output).path());
    }

    @Test
    void byDefaultAStepHasNoNetworkNoCapabilitiesAndCannotGainPrivileges() throws Exception {
        Pipeline p = Pipeline.named("fenced");
        p.defaultImage(TEST_IMAGE);
        String probe = "ls /sys/class/net > ${outputs.o}; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status"
                + " | tr -s '\\t' ' ' >> ${outputs.o}";
        p.step("fenced").command("sh", "-c", probe).output("o", ArtifactType.FILE);
        p.step("open").command("sh", "-c", probe).output("o", ArtifactType.FILE)
                .network("bridge").capabilities("SYS_PTRACE", "cap_net_raw").unsafe("cap:SYS_PTRACE");
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(p.build());
        }

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(read(result, "fenced", "o")).isEqualTo(
                "lo\nCapEff: 0000000000000000\nCapBnd: 0000000000000000\nNoNewPrivs: 1\n");
        assertThat(read(result, "open", "o")).isEqualTo("eth0\nlo\nCapEff: " + NET_RAW_AND_SYS_PTRACE
                + "\nCapBnd: " + NET_RAW_AND_SYS_PTRACE + "\nNoNewPrivs: 1\n");
    }

    @Test
    void outputsBelongToTheUserTheContainerRunsAsWhichByDefaultIsTheInvokingUser() throws Exception {
        Pipeline p = Pipeline.named("owned");
        p.defaultImage(TEST_IMAGE);
        p.step("write").command("sh", "-c", "id -u > ${outputs.file}; mkdir ${outputs.tree}/sub; id -g > ${outputs.tree}/sub/g")
                .output("file", ArtifactType.FILE).output("tree", ArtifactType.DIR);
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir, DockerSettings.defaults().withUser("1234:2345")
                .withProgress(System.err, false))) {
            result = docker.run(p.build());
        }

        StepResult write = result.step("write").orElseThrow();
        assertThat(write.status()).as(write.toString()).isEqualTo(StepStatus.SUCCEEDED);
        Path file = write.outputs().get("file").path();
        Path tree = write.outputs().get("tree").path();
        assertThat(Files.readString(file)).isEqualTo("1234\n");
        assertThat(Files.readString(tree.resolve("sub/g"))).isEqualTo("2345\n");
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(2345);
        assertThat(Files.getAttribute(tree.resolve("sub/g"), "unix:uid")).isEqualTo(1234);
        assertThat(DockerSettings.defaults().user()).contains(
                Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid"));
    }

    @Test
    void volumesAreReadOnlyUnlessWritableAndTmpfsAndShmAreMounted() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/in.txt"), "from the host\n");
        // The writable volume's directory does not exist yet: it is created empty.
        Pipeline p = Pipeline.named("mounts");
        p.defaultImage(TEST_IMAGE);
        p.step("mounts")
                .command("sh", "-c", "cat /data/in.txt > ${outputs.o};"
                        + " (echo x > /data/new.txt) 2>> ${outputs.o} || echo read-only >> ${outputs.o};"
                        + " echo cached > /cache/out.txt;"
                        + " grep -E ' /(scratch|dev/shm) ' /proc/mounts | cut -d' ' -f2,3 >> ${outputs.o};"
                        + " df -k /scratch /dev/shm | tail -2 | tr -s ' ' | cut -d' ' -f2 >> ${outputs.o}")
                .output("o", ArtifactType.FILE)
                .volume("data", "/data")
                .volume("cache", "/cache", false)
                .tmpfs("/scratch", "8m")
                .shm("16m");
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(p.build());
        }

        assertThat(read(result, "mounts", "o")).isEqualTo("from the host\n"
                + "sh: can't create /data/new.txt: Read-only file system\nread-only\n"
                + "/dev/shm tmpfs\n/scratch tmpfs\n8192\n16384\n");
        assertThat(dir.resolve("cache/out.txt")).hasContent("cached");
        assertThat(dir.resolve("data/new.txt")).doesNotExist();
    }

    @Test
    void aReadOnlyVolumeWhoseSourceIsMissingFailsTheStepSayingWhereItLooked() {
        Pipeline p = Pipeline.named("missing");
        p.defaultImage(TEST_IMAGE);
        p.step("reads").command("sh", "-c", "cat /data/in.txt > ${outputs.o}").output("o", ArtifactType.FILE)
                .volume("data", "/data");
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(p.build());
        }

        assertThat(result.step("reads").orElseThrow().message()).contains("step 'reads': volume source data"
                + " does not exist (looked for " + dir.resolve("data") + ")");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aRetriedAttemptFindsWhatTheFailedOneSavedInItsCheckpoints() throws Exception {
        Pipeline p = Pipeline.named("resume");
        p.defaultImage(TEST_IMAGE);
        p.step("train")
                .command("sh", "-c", "if [ -f $GANTRY_CHECKPOINTS/epoch ]; then"
                        + " echo resumed from epoch $(cat /ckpt/epoch) > ${outputs.o};"
                        + " else echo 3 > /ckpt/epoch; exit 7; fi")
                .output("o", ArtifactType.FILE)
                .checkpoints("/ckpt")
                .retry(2, "0s");
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(p.build());
        }

        StepResult train = result.step("train").orElseThrow();
        assertThat(train.attempts()).isEqualTo(2);
        assertThat(read(result, "train", "o")).isEqualTo("resumed from epoch 3\n");
        assertThat(result.runDir().resolve("train/checkpoints/epoch")).hasContent("3");
    }
}
