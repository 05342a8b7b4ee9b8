package dev.gantry.engine.cli.progress;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the display as parts, each with its {@link Style}, so that it can be cut to the
 * terminal's width by the characters that show, whatever colour codes are added after.
 */
final class StyledLine {
    private static final String ELLIPSIS = "…";

    private record Part(String text, Style style) {}

    private final List<Part> parts = new ArrayList<>();

    /** Adds {@code text} in {@code style}. */
    StyledLine add(String text, Style style) {
        if (!text.isEmpty()) {
            parts.add(new Part(text, style));
        }
        return this;
    }

    /** Adds {@code text} unstyled. */
    StyledLine add(String text) {
        return add(text, Style.PLAIN);
    }

    /** The text without colour, whole. */
    String plain() {
        StringBuilder sb = new StringBuilder();
        parts.forEach(p -> sb.append(p.text()));
        return sb.toString();
    }

    /**
     * The line at most {@code width} characters wide (Unicode code points, not bytes or UTF-16
     * units), ending in {@code …} where it was cut, with colour codes if {@code colour}.
     */
    String render(int width, boolean colour) {
        String whole = plain();
        int total = whole.codePointCount(0, whole.length());
        // A cut line keeps one column for the ellipsis.
        int room = total <= width ? width : Math.max(0, width - 1);
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (room == 0) {
                break;
            }
            String text = part.text();
            int points = text.codePointCount(0, text.length());
            if (points > room) {
                text = text.substring(0, text.offsetByCodePoints(0, room));
                points = room;
            }
            room -= points;
            sb.append(colour ? part.style().apply(text) : text);
        }
        if (total > width && width > 0) {
            sb.append(ELLIPSIS);
        }
        return sb.toString();
    }
}
