package dev.gantry.engine.api;

/**
 * One value of a {@code metrics} output, such as {@code accuracy = 0.965} of step
 * {@code evaluate}'s output {@code metrics}.
 *
 * @param step the step that wrote it
 * @param output the output, of type {@code metrics}
 * @param name the metric's name in the output's JSON object
 * @param value its value
 */
public record MetricValue(String step, String output, String name, double value) {}
