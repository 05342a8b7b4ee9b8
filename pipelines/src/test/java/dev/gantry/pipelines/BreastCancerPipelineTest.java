package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BreastCancerPipelineTest {
    @Test
    void yamlAndJavaDescribeTheSamePipeline() {
        assertThat(PipelineYaml.read(Path.of("breast-cancer.yaml"))).isEqualTo(BreastCancerPipeline.spec());
    }
}
