package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.validation.InvalidPipelineException;
import dev.gantry.validation.Problem;
import dev.gantry.validation.UnsafeChecks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dangerous container settings: refused without their opt-in, allowed and warned about with it. */
class UnsafeSettingsYamlTest {
    private static final String TO_ALLOW = "; to allow it, add ";

    @TempDir
    Path dir;

    private Path pipeline(String stepBody) {
        return write(dir, "name: boxed\nsteps:\n  x:\n    command: [x]\n" + stepBody);
    }

    private static List<String> warnings(Path file) {
        ParsedPipeline parsed = PipelineYaml.readWithSource(file);
        return UnsafeChecks.warnings(parsed.spec(), parsed.sourceMap()).stream().map(Problem::toString)
                .map(p -> p.substring(file.getParent().toString().length() + 1)).toList();
    }

    @Test
    void aVolumeOfTheHostsRootIsRefusedWithoutItsOptInNamingTheValueAndTheOptIn() {
        Path file = pipeline("    volumes: [\"/:/host\"]\n");

        assertThat(problemsReading(file)).containsExactly("example.yaml:5:15: step 'x' mounts host path '/' at"
                + " '/host', the host's root directory; to allow it, add 'mount:/' to the step's 'unsafe' list");
    }

    @Test
    void aVolumeOfTheHostsRootIsAcceptedWithItsOptInAndWarnedAbout() {
        Path file = pipeline("    volumes: [\"/:/host\"]\n    unsafe: [mount:/]\n");

        PipelineSpec spec = PipelineYaml.read(file);

        assertThat(spec.step("x").orElseThrow().container().unsafe()).containsExactly("mount:/");
        assertThat(warnings(file)).containsExactly("example.yaml:6:14: step 'x' opts in to unsafe mount:/");
    }

    @Test
    void theHostsNetworkAndAnotherContainersAreRefusedWithoutTheirOptIns() {
        Path host = pipeline("    network: host\n");
        Path shared = write(dir, "shared.yaml", "name: boxed\nsteps:\n  x:\n    command: [x]\n"
                + "    network: container:db\n");

        assertThat(problemsReading(host)).containsExactly("example.yaml:5:5: step 'x' uses network 'host', the"
                + " host's own network, with every service that listens on localhost; to allow it, add 'host-network'"
                + " to the step's 'unsafe' list");
        assertThat(problemsReading(shared)).containsExactly("shared.yaml:5:5: step 'x' uses network 'container:db',"
                + " the network of another container; to allow it, add 'container-network' to the step's 'unsafe'"
                + " list");
        assertThat(PipelineYaml.read(pipeline("    network: host\n    unsafe: [host-network]\n")).steps()).hasSize(1);
    }

    @Test
    void aCapabilityBeyondTheSafeSetIsRefusedAndEveryFormOfItsNameOptsIn() {
        Path file = pipeline("    capabilities: [CHOWN, sys_admin, CAP_BPF]\n");

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:5:27: step 'x' keeps capability 'sys_admin', which is beyond the safe set (Docker's"
                        + " default capabilities less MKNOD); to allow it, add 'cap:SYS_ADMIN' to the step's 'unsafe'"
                        + " list",
                "example.yaml:5:38: step 'x' keeps capability 'CAP_BPF', which is beyond the safe set (Docker's"
                        + " default capabilities less MKNOD)" + TO_ALLOW + "'cap:BPF' to the step's 'unsafe' list");
        assertThat(PipelineYaml.read(pipeline("    capabilities: [CHOWN, sys_admin, CAP_BPF]\n"
                + "    unsafe: [cap:SYS_ADMIN, cap:cap_bpf]\n")).steps()).hasSize(1);
    }

    @Test
    void theDockerSocketAndEveryDirectoryThatHoldsItAreRefused() {
        Path file = pipeline("    volumes: [/var/run/docker.sock:/s, /run:/r, /var:/v, /srv/data:/data]\n");

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:5:15: step 'x' mounts host path '/var/run/docker.sock' at '/s', the Docker socket,"
                        + " which gives control of the whole host" + TO_ALLOW + "'docker-socket' to the step's"
                        + " 'unsafe' list",
                "example.yaml:5:40: step 'x' mounts host path '/run' at '/r', a directory that holds the Docker"
                        + " socket /run/docker.sock, which gives control of the whole host" + TO_ALLOW
                        + "'docker-socket' to the step's 'unsafe' list",
                "example.yaml:5:49: step 'x' mounts host path '/var' at '/v', a directory that holds the Docker"
                        + " socket /var/run/docker.sock, which gives control of the whole host" + TO_ALLOW
                        + "'docker-socket' to the step's 'unsafe' list");
    }

    @Test
    void theStoreAndTheDirectoriesThatMayHoldItAreRefused() {
        Path file = pipeline("    volumes: [.gantry/objects:/o, \".:/src\", \"../..:/up:rw\", data:/data]\n");

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:5:15: step 'x' mounts host path '.gantry/objects' at '/o', a Gantry store (.gantry)"
                        + " or a path in one, where every cached result is kept" + TO_ALLOW + "'mount-store' to the"
                        + " step's 'unsafe' list",
                "example.yaml:5:35: step 'x' mounts host path '.' at '/src', the pipeline's directory or one above"
                        + " it, which holds the Gantry store (.gantry) when Gantry runs there, where every cached"
                        + " result is kept" + TO_ALLOW + "'mount-store' to the step's 'unsafe' list",
                "example.yaml:5:45: step 'x' mounts host path '../..' at '/up', the pipeline's directory or one"
                        + " above it, which holds the Gantry store (.gantry) when Gantry runs there, where every"
                        + " cached result is kept" + TO_ALLOW + "'mount-store' to the step's 'unsafe' list");
    }

    @Test
    void aSystemDirectoryAndWhatIsInItNeedTheirOwnOptIn() {
        Path file = pipeline("    volumes: [/etc/ssl/certs:/certs, /proc:/p]\n    unsafe: [mount:/etc/]\n");

        assertThat(problemsReading(file)).containsExactly("example.yaml:5:38: step 'x' mounts host path '/proc' at"
                + " '/p', the host's system directory /proc" + TO_ALLOW + "'mount:/proc' to the step's 'unsafe' list");
    }

    @Test
    void anOptInThatIsNoWordIsAnErrorAndOneThatNothingNeedsIsAWarning() {
        Path typo = pipeline("    unsafe: [host-netwrok, cap:SYS_ADMN, everything]\n");
        Path unused = write(dir, "unused.yaml", "name: boxed\nsteps:\n  x:\n    command: [x]\n"
                + "    network: bridge\n    unsafe: [host-network, cap:CHOWN]\n");

        assertThat(problemsReading(typo)).containsExactly(
                "example.yaml:5:14: step 'x' opts in to 'host-netwrok', which is not an unsafe setting"
                        + " (did you mean 'host-network'?)",
                "example.yaml:5:28: step 'x' opts in to 'cap:SYS_ADMN', but 'SYS_ADMN' is not a Linux capability"
                        + " (did you mean 'SYS_ADMIN'?)",
                "example.yaml:5:42: step 'x' opts in to 'everything', which is not an unsafe setting (use"
                        + " host-network, container-network, docker-socket, mount-store, mount:/, mount:/etc,"
                        + " mount:/proc, mount:/sys, mount:/dev, mount:/boot, mount:/root or cap:NAME)");
        assertThat(warnings(unused)).containsExactly(
                "unused.yaml:6:14: step 'x' opts in to unsafe host-network, which none of its settings needs as written",
                "unused.yaml:6:28: step 'x' opts in to unsafe cap:CHOWN, which none of its settings needs as written");
    }

    @Test
    void theJavaBuilderRefusesWithoutTheOptInAndRoundTripsItThroughYaml() {
        Pipeline refused = Pipeline.named("boxed");
        refused.step("x").command("x").volume("/var/run", "/r");
        Pipeline allowed = Pipeline.named("boxed");
        allowed.step("x").command("x").volume("/var/run", "/r").network("host").unsafe("docker-socket", "host-network");

        assertThatThrownBy(refused::build).isInstanceOf(InvalidPipelineException.class)
                .hasMessage("step 'x' mounts host path '/var/run' at '/r', a directory that holds the Docker socket"
                        + " /var/run/docker.sock, which gives control of the whole host" + TO_ALLOW
                        + "'docker-socket' to the step's 'unsafe' list");
        PipelineSpec spec = allowed.build();
        String yaml = PipelineYaml.write(spec);
        StepSpec back = PipelineYaml.parse(yaml, "written.yaml").step("x").orElseThrow();
        assertThat(yaml).contains("    unsafe: [docker-socket, host-network]\n");
        assertThat(back).isEqualTo(spec.step("x").orElseThrow());
        assertThat(UnsafeChecks.warnings(spec, dev.gantry.validation.SourceMap.NONE)).map(Problem::toString)
                .containsExactly("step 'x' opts in to unsafe docker-socket", "step 'x' opts in to unsafe host-network");
    }
}
