package dev.gantry.steps.cli;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.Step;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Turns a {@link Step}'s flags into a picocli subcommand, so parsing and {@code --help} come for free. */
final class StepCommands {
    private StepCommands() {}

    static CommandSpec commandFor(Step step) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(step).name(step.name());
        spec.usageMessage()
                .description(step.description())
                .footerHeading("%nEvery flag not on the command line is read from its environment variable "
                        + "(GANTRY_INPUT_*, GANTRY_OUTPUT_*, GANTRY_PARAM_*), then from its default.%n")
                .sortOptions(false)
                .abbreviateSynopsis(true);
        spec.mixinStandardHelpOptions(true);
        for (Flag<?> flag : step.flags()) {
            spec.addOption(optionFor(flag));
        }
        return spec;
    }

    private static OptionSpec optionFor(Flag<?> flag) {
        OptionSpec.Builder option = OptionSpec.builder("--" + flag.name())
                .paramLabel(flag.label())
                .description(helpText(flag));
        if (flag.isSwitch()) {
            option.type(String.class).arity("0..1").fallbackValue("true");
        } else if (flag.repeatable()) {
            option.type(List.class).auxiliaryTypes(String.class).arity("1");
        } else {
            option.type(String.class).arity("1");
        }
        return option.build();
    }

    private static String helpText(Flag<?> flag) {
        StringBuilder text = new StringBuilder(flag.description().replace("%", "%%"));
        if (flag.isSwitch()) {
            text.append(flag.defaultValue().equals(java.util.Optional.of(true))
                    ? " On unless --" + flag.name() + "=false." : " Off unless given.");
        } else if (flag.defaultValue().isPresent()) {
            Object value = flag.defaultValue().get();
            String shown = value instanceof List
                    ? ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(","))
                    : String.valueOf(value);
            if (!shown.isEmpty()) {
                text.append(" Default: ").append(shown.replace("%", "%%")).append('.');
            }
        }
        if (flag.repeatable()) {
            text.append(" May be repeated.");
        }
        text.append(" Env: ").append(flag.environmentVariable()).append('.');
        return text.toString();
    }
}
