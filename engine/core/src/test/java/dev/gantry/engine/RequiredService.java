package dev.gantry.engine;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides whether tests that need a real service (a Docker daemon, a PostgreSQL server, the
 * step image) run, are skipped with the reason, or, with {@code CI=true}, fail: CI must prove
 * them, never quietly skip them. Each subclass says what its tests need and how to provide it.
 * A skip is said on the console too, once per kind of test and test run, since Maven's summary
 * only counts skipped tests.
 */
public abstract class RequiredService implements ExecutionCondition, BeforeAllCallback {
    private final String tests;
    private final String howToRunThem;
    private final String howCiProvidesIt;
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    /**
     * @param tests what the tests are called in messages, such as {@code Docker tests}
     * @param howToRunThem what a developer does to run them, as a sentence without a period
     * @param howCiProvidesIt what {@code .ci/run} does so they can run, as a sentence without a period
     */
    protected RequiredService(String tests, String howToRunThem, String howCiProvidesIt) {
        this.tests = tests;
        this.howToRunThem = howToRunThem;
        this.howCiProvidesIt = howCiProvidesIt;
    }

    /** Why the tests cannot run here, or empty when they can. */
    protected abstract Optional<String> problem();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = problem();
        if (why.isEmpty() || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled(tests + " can run, or CI requires them");
        }
        String reason = tests + " skipped: " + why.get() + ". " + howToRunThem + "; with CI=true they fail instead.";
        if (ANNOUNCED.add(tests)) {
            System.err.println("[WARNING] " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        problem().ifPresent(why -> {
            throw new AssertionError("CI=true, so the " + tests + " must run, but " + why + ". "
                    + howCiProvidesIt + ".");
        });
    }
}
