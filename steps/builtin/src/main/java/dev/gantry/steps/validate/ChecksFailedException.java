package dev.gantry.steps.validate;

import dev.gantry.steps.sdk.StepException;
import java.nio.file.Path;
import java.util.List;

/** Some checks failed. The message lists every violation, one per line, after a summary line. */
public final class ChecksFailedException extends StepException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    ChecksFailedException(Path table, int checks, List<String> violations) {
        super(table + ": " + violations.size() + " of " + checks + " check" + (checks == 1 ? "" : "s") + " failed:\n  - "
                + String.join("\n  - ", violations));
        this.violations = List.copyOf(violations);
    }

    /** Returns the violations, one sentence each. */
    public List<String> violations() {
        return violations;
    }
}
