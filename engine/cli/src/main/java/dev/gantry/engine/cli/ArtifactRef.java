package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.LineageLink;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An output of a step of a run, as a command names it: {@code RUN STEP.OUTPUT}, or a 64-hex
 * digest alone, which stands for the first recorded step that wrote it.
 *
 * @param runId the run
 * @param step the step
 * @param output the output's name
 * @param artifact the output as it lies in the store
 */
record ArtifactRef(String runId, String step, String output, OutputArtifact artifact) {
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    /** {@code step.output}, as a pipeline names another step's output. */
    String name() {
        return step + "." + output;
    }

    /** The output {@code args} name: one digest, or a run and {@code STEP.OUTPUT}. */
    static ArtifactRef resolve(RunHistory history, StoreOption store, List<String> args) {
        if (args.size() == 1 && DIGEST.matcher(args.get(0)).matches()) {
            return byDigest(history, args.get(0));
        }
        if (args.size() != 2) {
            throw new UsageException("name an artifact as RUN STEP.OUTPUT (such as 'last train.model') "
                    + "or by its 64-hex digest");
        }
        RunRecord run = store.findRun(history, args.get(0));
        String name = args.get(1);
        int dot = name.indexOf('.');
        List<StepRecord> steps = history.steps(run.id());
        if (dot < 0) {
            throw new UsageException("'" + name + "' names no output: give STEP.OUTPUT, such as "
                    + steps.stream().filter(s -> !s.outputs().isEmpty()).findFirst()
                            .map(s -> s.step() + "." + s.outputs().keySet().iterator().next()).orElse("train.model"));
        }
        String stepName = name.substring(0, dot);
        String output = name.substring(dot + 1);
        StepRecord step = steps.stream().filter(s -> s.step().equals(stepName)).findFirst()
                .orElseThrow(() -> new UsageException("run " + run.id() + " has no step '" + stepName + "'; its steps: "
                        + steps.stream().map(StepRecord::step).collect(Collectors.joining(", "))));
        OutputArtifact artifact = step.outputs().get(output);
        if (artifact == null) {
            throw new UsageException("step '" + stepName + "' of run " + run.id() + " has no output '" + output + "'; "
                    + (step.outputs().isEmpty() ? "it has none (it is " + step.status().label() + ")"
                    : "its outputs: " + String.join(", ", step.outputs().keySet())));
        }
        return new ArtifactRef(run.id(), stepName, output, artifact);
    }

    private static ArtifactRef byDigest(RunHistory history, String digest) {
        for (LineageLink.Producer producer : history.producers(digest)) {
            for (StepRecord step : history.steps(producer.runId())) {
                OutputArtifact artifact = step.outputs().get(producer.output());
                if (step.step().equals(producer.step()) && artifact != null) {
                    return new ArtifactRef(producer.runId(), producer.step(), producer.output(), artifact);
                }
            }
        }
        throw new UsageException("no recorded step wrote an artifact with digest " + digest
                + " (a host file's digest has no producer; name it as RUN STEP.OUTPUT)");
    }
}
