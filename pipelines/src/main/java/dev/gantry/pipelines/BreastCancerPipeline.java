package dev.gantry.pipelines;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;

/** {@code pipelines/breast-cancer.yaml}, written in Java: the same spec, step for step. */
public final class BreastCancerPipeline {
    private BreastCancerPipeline() {}

    /** The pipeline; relative paths resolve against the {@code pipelines} directory. */
    public static PipelineSpec spec() {
        Pipeline p = Pipeline.named("breast-cancer")
                .param("seed", 42)
                .param("test_fraction", 0.2)
                .param("epochs", 30)
                .param("learning_rate", 0.5)
                .param("min_accuracy", 0.93)
                .param("port", 8080)
                .defaultImage("gantry/steps:dev")
                .defaultCpus(1)
                .defaultMemory("1g");

        StepBuilder ingest = p.step("ingest")
                .command("gantry-step", "ingest-csv", "--source", "${inputs.raw}", "--out", "${outputs.table}")
                .inputFile("raw", "../samples/data/breast_cancer.csv")
                .output("table", ArtifactType.ARROW);
        StepBuilder validate = p.step("validate")
                .command("gantry-step", "validate", "--table", "${inputs.table}", "--not-null", "diagnosis",
                        "--allowed", "diagnosis=benign,malignant", "--min-rows", "500", "--report", "${outputs.report}")
                .input("table", ingest.out("table"))
                .output("report", ArtifactType.METRICS);
        StepBuilder split = p.step("split")
                .command("gantry-step", "split", "--table", "${inputs.table}", "--train", "${outputs.train}",
                        "--test", "${outputs.test}", "--stratify-by", "diagnosis",
                        "--test-fraction", "${params.test_fraction}", "--seed", "${params.seed}")
                .input("table", ingest.out("table"))
                .output("train", ArtifactType.ARROW)
                .output("test", ArtifactType.ARROW)
                .after(validate);
        StepBuilder features = p.step("features")
                .command("gantry-step", "features", "--train", "${inputs.train}", "--test", "${inputs.test}",
                        "--transform", "${outputs.transform}", "--train-out", "${outputs.train}",
                        "--test-out", "${outputs.test}", "--label", "diagnosis", "--drop", "id")
                .input("train", split.out("train"))
                .input("test", split.out("test"))
                .output("transform", ArtifactType.FILE)
                .output("train", ArtifactType.ARROW)
                .output("test", ArtifactType.ARROW);
        StepBuilder train = p.step("train")
                .command("gantry-step", "train", "--train", "${inputs.train}", "--model", "${outputs.model}",
                        "--label", "diagnosis", "--epochs", "${params.epochs}",
                        "--learning-rate", "${params.learning_rate}", "--seed", "${params.seed}")
                .input("train", features.out("train"))
                .output("model", ArtifactType.DIR);
        StepBuilder evaluate = p.step("evaluate")
                .command("gantry-step", "evaluate", "--model", "${inputs.model}", "--table", "${inputs.test}",
                        "--metrics", "${outputs.metrics}", "--predictions", "${outputs.predictions}")
                .input("model", train.out("model"))
                .input("test", features.out("test"))
                .output("metrics", ArtifactType.METRICS)
                .output("predictions", ArtifactType.ARROW);
        p.step("deploy")
                .command("gantry-step", "deploy", "--model", "${inputs.model}", "--transform", "${inputs.transform}",
                        "--metrics", "${inputs.metrics}", "--registry", "registry", "--name", "breast-cancer",
                        "--gate", "accuracy>=${params.min_accuracy}", "--data", "${inputs.train},${inputs.test}",
                        "--port", "${params.port}", "--out", "${outputs.deployment}")
                .input("model", train.out("model"))
                .input("transform", features.out("transform"))
                .input("metrics", evaluate.out("metrics"))
                .input("train", split.out("train"))
                .input("test", split.out("test"))
                .output("deployment", ArtifactType.FILE)
                // The registry outlives the step's container under Docker (see the YAML).
                .volume("registry", "/work/registry", false);
        return p.build();
    }
}
