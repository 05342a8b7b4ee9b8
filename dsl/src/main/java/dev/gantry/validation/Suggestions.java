package dev.gantry.validation;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the word a misspelt one was probably meant to be, for "did you mean" hints. The reader
 * uses it for keys and the validator for step, output, input and parameter names, so every
 * hint is worded and chosen the same way.
 */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The Levenshtein distance between two words: how many single-character insertions,
     * deletions and substitutions turn one into the other.
     */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The candidate closest to {@code word}, when it is close enough to be a likely typo: no more
     * than two edits away (a quarter of the word's length for long words), ignoring case, and
     * fewer edits than the word has characters. On a tie the earlier candidate wins, so callers
     * that pass an ordered collection get the same answer every time.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        int limit = Math.min(Math.max(2, word.length() / 4), word.length() - 1);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance && !candidate.equals(word)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A hint to append to a message, such as {@code  (did you mean 'command'?)} with its leading
     * space, or the empty string when no candidate is close.
     */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }
}
