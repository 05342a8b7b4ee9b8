package dev.gantry.yaml;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.validation.SourceMap;

/**
 * A pipeline read from YAML, with where each part of it was written, so that problems found
 * later (when planning or running) can still point into the file.
 *
 * @param spec the valid pipeline
 * @param sourceMap the location of each key and list item, by dotted path such as {@code steps.train}
 */
public record ParsedPipeline(PipelineSpec spec, SourceMap sourceMap) {}
