package dev.gantry.steps.cli;

import dev.gantry.steps.csv.IngestCsvStep;
import dev.gantry.steps.deploy.DeployStep;
import dev.gantry.steps.deploy.ProxyStep;
import dev.gantry.steps.deploy.ServeStep;
import dev.gantry.steps.deploy.UndeployStep;
import dev.gantry.steps.evaluate.EvaluateStep;
import dev.gantry.steps.features.FeaturesApplyStep;
import dev.gantry.steps.features.FeaturesStep;
import dev.gantry.steps.generate.GenerateStep;
import dev.gantry.steps.scan.ScanStep;
import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.select.SelectStep;
import dev.gantry.steps.split.SplitStep;
import dev.gantry.steps.train.TrainStep;
import dev.gantry.steps.validate.ValidateStep;
import java.util.List;
import java.util.Optional;

/** The steps {@code gantry-step} knows, in the order {@code gantry-step list} shows them. */
public final class BuiltInSteps {
    private BuiltInSteps() {}

    /** Returns a fresh instance of every built-in step. */
    public static List<Step> all() {
        return List.of(
                new IngestCsvStep(),
                new ValidateStep(),
                new SplitStep(),
                new FeaturesStep(),
                new FeaturesApplyStep(),
                new TrainStep(),
                new EvaluateStep(),
                new SelectStep(),
                new DeployStep(),
                new ServeStep(),
                new ProxyStep(),
                new UndeployStep(),
                new GenerateStep(),
                new ScanStep());
    }

    /** Returns the built-in step of that name. */
    public static Optional<Step> named(String name) {
        return all().stream().filter(step -> step.name().equals(name)).findFirst();
    }
}
