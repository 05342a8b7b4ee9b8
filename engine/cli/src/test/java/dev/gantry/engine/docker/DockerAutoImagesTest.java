package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auto} against a real daemon: Docker only when every image is on the host or in a
 * registry it can reach, and images that Gantry's repository builds never pulled.
 */
@RequiresDocker
class DockerAutoImagesTest {
    private static final String NOT_BUILT = "gantry/not-built-here:dev";
    private static final String NOWHERE = "registry.invalid/gantry-test/nowhere:1";

    @TempDir
    Path dir;

    private void write(String file, String firstImage, String secondImage) throws Exception {
        Files.writeString(dir.resolve(file), """
                name: images
                steps:
                  first:
                    image: %s
                    command: [sh, -c, 'echo one > ${outputs.o}']
                    outputs: {o: file}
                  second:
                    image: %s
                    command: [sh, -c, 'cat ${inputs.i} > ${outputs.o}']
                    inputs: {i: first.o}
                    outputs: {o: file}
                """.formatted(firstImage, secondImage));
    }

    @Test
    void autoPassesDockerOverForImagesThatCannotBeHadAndSaysWhichAndHowToBuildOurs() throws Exception {
        write("p.yaml", NOT_BUILT, NOWHERE);

        GantryProcess.Result result = GantryProcess.run(dir, "run", "p.yaml");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("notice: running the steps as local processes: image '" + NOT_BUILT
                + "' is built from the Gantry repository and is not on the Docker host; build it from the checkout as"
                + " its README says; image '" + NOWHERE + "' is not on the Docker host, and no registry it can reach"
                + " has it\n");
    }

    @Test
    void autoTakesDockerWhenEveryImageIsOnTheHost() throws Exception {
        write("p.yaml", TEST_IMAGE, TEST_IMAGE);

        GantryProcess.Result result = GantryProcess.run(dir, "run", "p.yaml", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("\"status\" : \"succeeded\"").doesNotContain("notice");
        assertThat(result.stderr()).doesNotContain("notice");
    }

    @Test
    void anImageThatGantrysRepositoryBuildsIsNeverPulledAndTheFailureSaysHowToBuildIt() throws Exception {
        write("p.yaml", NOT_BUILT, TEST_IMAGE);

        GantryProcess.Result result = GantryProcess.run(dir, "run", "p.yaml", "--executor", "docker");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("failed   first   step 'first': image '" + NOT_BUILT + "' is built from"
                + " the Gantry repository and is not on the Docker host; build it from the checkout as its README"
                + " says; or run the steps as local processes with --executor local\n")
                .doesNotContain("pulling");
        assertThat(result.stderr()).doesNotContain("pulling");
    }
}
