package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.OutputEscapeContract;
import dev.gantry.engine.api.RunResult;
import dev.gantry.spec.PipelineSpec;

/** The output checks for steps in containers: a link a container writes would be followed by the host's mount. */
@RequiresDocker
class DockerOutputEscapeTest extends OutputEscapeContract {
    @Override
    protected RunResult run(PipelineSpec spec) {
        try (DockerRuns docker = new DockerRuns(dir)) {
            return docker.run(spec);
        }
    }

    @Override
    protected Pipeline pipeline(String name) {
        Pipeline p = Pipeline.named(name);
        p.defaultImage(TEST_IMAGE);
        return p;
    }
}
