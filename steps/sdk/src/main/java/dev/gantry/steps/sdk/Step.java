package dev.gantry.steps.sdk;

import java.io.IOException;
import java.util.List;

/**
 * A step: a program with typed flags that reads input files and writes output files. The
 * {@code gantry-step} entry point turns each step into a subcommand with {@code --help}; tests
 * and other programs can run one directly with a {@link StepContext}.
 */
public interface Step {
    /** Returns the subcommand name, such as {@code split}. */
    String name();

    /** Returns one line saying what the step does, shown by {@code gantry-step list}. */
    String summary();

    /** Returns the help text shown above the flags; the summary unless a step says more. */
    default String description() {
        return summary();
    }

    /** Returns the flags the step accepts, in the order the help lists them. */
    List<Flag<?>> flags();

    /**
     * Does the work. Failures the user can fix are {@link StepException}s; an {@link IOException}
     * that escapes is reported with its message as a failure of the step.
     */
    void run(StepContext context) throws IOException;
}
