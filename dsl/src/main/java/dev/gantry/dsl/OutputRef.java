package dev.gantry.dsl;

import dev.gantry.spec.InputSpec;

/**
 * A declared output of a step, handed to a later step's {@link StepBuilder#input} to connect
 * the two. Getting one from {@link StepBuilder#out} is the only way to make a data edge, so
 * a typo in a step or output name fails where it is written.
 */
public final class OutputRef {
    private final String step;
    private final String output;

    OutputRef(String step, String output) {
        this.step = step;
        this.output = output;
    }

    InputSpec.StepOutput toInput() {
        return new InputSpec.StepOutput(step, output);
    }

    InputSpec.Collected toCollected() {
        return new InputSpec.Collected(step, output);
    }

    @Override
    public String toString() {
        return step + "." + output;
    }
}
