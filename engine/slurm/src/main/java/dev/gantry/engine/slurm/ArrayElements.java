package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.StepLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The scripts of a job array: one script for the whole array, which runs the script of its
 * element ({@code $SLURM_ARRAY_TASK_ID}-th of its arguments), and one script per element, beside
 * its attempt's log, which sends the element's output to that log, sets the step's variables,
 * starts its command in its working directory and records its exit code, as {@link BatchScript}
 * does for a job of its own.
 */
final class ArrayElements {
    private static final String ARRAY = """
            #!/bin/sh
            # Gantry's job array: element N runs the N-th script named after this one.
            shift "$SLURM_ARRAY_TASK_ID"
            exec sh "$1"
            """;

    private ArrayElements() {}

    /** Writes the array's own script to a file of its own, removed when the JVM exits. */
    static Path writeArrayScript() throws IOException {
        return BatchScript.writeTemporary("gantry-slurm-array-", ARRAY);
    }

    /** Writes the script of {@code launch}'s element, beside its log, with {@code environment} its own variables. */
    static Path writeElement(StepLaunch launch, Map<String, String> environment, Path exitFile) throws IOException {
        StringBuilder text = new StringBuilder("#!/bin/sh\n# One element of a Gantry job array: attempt ")
                .append(launch.attempt()).append(" of step '").append(launch.step().name()).append("'.\n");
        text.append("exec >>").append(quote(launch.log().toString())).append(" 2>&1\n");
        text.append("cd ").append(quote(launch.workdir().toString())).append(" || exit 125\n");
        text.append("env");
        environment.forEach((k, v) -> text.append(' ').append(quote(k + "=" + v)));
        for (String word : launch.command()) {
            text.append(' ').append(quote(word));
        }
        text.append("\ncode=$?\n");
        String exit = quote(exitFile.toString());
        String partial = quote(exitFile + ".tmp");
        text.append("printf '%s\\n' \"$code\" > ").append(partial).append(" && mv -f ").append(partial).append(' ')
                .append(exit).append('\n');
        text.append("exit \"$code\"\n");
        Path script = Path.of(launch.log() + ".sh");
        Files.writeString(script, text);
        return script;
    }

    /** {@code word} as one word for sh: in single quotes, each quote in it closed, escaped and reopened. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
