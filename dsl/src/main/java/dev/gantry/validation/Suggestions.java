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
     * The edit distance between two words: how many single-character insertions, deletions,
     * substitutions and swaps of two neighbouring characters turn one into the other. This is
     * Levenshtein's distance with a swap counted as one edit, not two, because swapped letters
     * ({@code tabel}) are among the commonest typos.
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * The candidate closest to {@code word}, when it is close enough to be a likely typo: one edit
     * for every three characters of the word (at least one, at most three), ignoring case, and
     * fewer edits than the word has characters. On a tie the earlier candidate wins, so callers
     * that pass an ordered collection get the same answer every time.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        int limit = Math.min(Math.max(1, Math.min(3, word.length() / 3)), word.length() - 1);
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
