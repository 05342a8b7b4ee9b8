package dev.gantry.engine.cli.progress;

/** How a part of a line is coloured on a terminal that shows colour: an SGR code, or none. */
enum Style {
    PLAIN(""),
    BOLD("1"),
    DIM("2"),
    RED("31"),
    GREEN("32"),
    YELLOW("33"),
    CYAN("36");

    private final String sgr;

    Style(String sgr) {
        this.sgr = sgr;
    }

    /** {@code text} in this style: wrapped in the SGR code and a reset, or as it is. */
    String apply(String text) {
        return sgr.isEmpty() || text.isEmpty() ? text : "\u001b[" + sgr + "m" + text + "\u001b[0m";
    }
}
