package dev.gantry.yaml;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.InvalidPipelineException;
import dev.gantry.validation.PipelineValidator;
import dev.gantry.validation.Problem;
import dev.gantry.validation.SourceLocation;
import dev.gantry.validation.SourceMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes pipeline files (YAML, format v1).
 *
 * <p>Reading reports every problem in the file at once, each as {@code file:line:column:
 * message} and in file order: YAML syntax, duplicate keys, unknown keys, values of the wrong
 * type, missing keys, and then everything {@link PipelineValidator} checks, such as
 * references to unknown steps and dependency cycles. Writing gives YAML that reads back to an
 * equal spec.
 */
public final class PipelineYaml {
    private PipelineYaml() {}

    /**
     * Reads and validates the pipeline in {@code file}.
     *
     * @throws InvalidPipelineException listing every problem, or the one reason the file could not be read
     */
    public static PipelineSpec read(Path file) {
        return readWithSource(file).spec();
    }

    /** Like {@link #read}, and also says where each part of the pipeline was written. */
    public static ParsedPipeline readWithSource(Path file) {
        return parseWithSource(readText(file), file.toString());
    }

    /**
     * Parses and validates pipeline YAML held in a string.
     *
     * @param yamlText the YAML
     * @param fileNameForMessages the name that problem locations start with
     * @throws InvalidPipelineException listing every problem
     */
    public static PipelineSpec parse(String yamlText, String fileNameForMessages) {
        return parseWithSource(yamlText, fileNameForMessages).spec();
    }

    /** Like {@link #parse}, and also says where each part of the pipeline was written. */
    public static ParsedPipeline parseWithSource(String yamlText, String fileNameForMessages) {
        YamlTreeReader.Result tree = YamlTreeReader.read(yamlText, fileNameForMessages);
        List<Problem> problems = new ArrayList<>(tree.problems());
        if (tree.root().isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(Problem.at(new SourceLocation(fileNameForMessages, 1, 1),
                        "the file is empty; a pipeline needs at least 'name' and 'steps'"));
            }
            throw new InvalidPipelineException(problems);
        }
        SourceMap sourceMap = SourceMap.whenNeeded(() -> YamlTreeReader.locations(tree.root().get()));
        Binding binding = new Binding();
        Optional<PipelineSpec> spec = new PipelineBinder(binding).bind(tree.root().get());
        problems.addAll(binding.problems());
        spec.ifPresent(s -> problems.addAll(PipelineValidator.validate(s, sourceMap)));
        if (!problems.isEmpty()) {
            // A problem both the binder and the validator find (an invalid name) is reported once.
            List<Problem> distinct = new ArrayList<>(new LinkedHashSet<>(problems));
            distinct.sort(Problem.FILE_ORDER);
            throw new InvalidPipelineException(distinct);
        }
        return new ParsedPipeline(spec.orElseThrow(), sourceMap);
    }

    /**
     * The pipeline as YAML that {@link #parse} reads back to an equal spec. Keys come in a fixed
     * order, values that are the default are left out, and strings are quoted only where YAML
     * would otherwise read them as something else.
     */
    public static String write(PipelineSpec spec) {
        return YamlWriter.write(spec);
    }

    /**
     * The text of a pipeline file, which must be a regular file of UTF-8 text and at most
     * {@value PipelineFileText#MAX_BYTES} bytes (see {@link PipelineFileText}).
     *
     * @throws InvalidPipelineException with the one reason the file could not be read
     */
    public static String readText(Path file) {
        try {
            return PipelineFileText.read(file);
        } catch (PipelineFileText.UnreadableException e) {
            throw cannotRead(file, e.getMessage());
        }
    }

    private static InvalidPipelineException cannotRead(Path file, String why) {
        return new InvalidPipelineException(List.of(Problem.of("cannot read pipeline file " + file + ": " + why)));
    }
}
