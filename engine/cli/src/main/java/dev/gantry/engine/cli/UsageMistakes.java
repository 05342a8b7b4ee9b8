package dev.gantry.engine.cli;

import dev.gantry.validation.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Says what was wrong with a command line in the words of the rest of Gantry: a misspelt
 * command or flag is named with the one it was probably meant to be, as a pipeline's misspelt
 * keys are ({@code unknown command 'rnu' (did you mean 'run'?)}); other mistakes keep picocli's
 * own message.
 */
final class UsageMistakes {
    private UsageMistakes() {}

    static String describe(CommandLine.ParameterException mistake) {
        if (mistake instanceof CommandLine.UnmatchedArgumentException unmatched) {
            return describeUnmatched(unmatched).orElse(mistake.getMessage());
        }
        return mistake.getMessage();
    }

    private static Optional<String> describeUnmatched(CommandLine.UnmatchedArgumentException unmatched) {
        List<String> words = unmatched.getUnmatched();
        if (words.isEmpty()) {
            return Optional.empty();
        }
        CommandSpec command = unmatched.getCommandLine().getCommandSpec();
        Optional<String> flag = words.stream().filter(w -> w.startsWith("-") && w.length() > 1).findFirst();
        if (flag.isPresent()) {
            String name = flag.get().contains("=") ? flag.get().substring(0, flag.get().indexOf('=')) : flag.get();
            List<String> known = new ArrayList<>();
            for (OptionSpec option : command.options()) {
                if (!option.hidden()) {
                    known.addAll(List.of(option.names()));
                }
            }
            return Optional.of("unknown option '" + name + "' for '" + command.qualifiedName() + "'"
                    + Suggestions.didYouMean(name, known));
        }
        if (!command.subcommands().isEmpty()) {
            String name = words.get(0);
            return Optional.of("unknown command '" + name + "'"
                    + Suggestions.didYouMean(name, command.subcommands().keySet()));
        }
        return Optional.empty();
    }
}
