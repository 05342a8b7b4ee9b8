package dev.gantry.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("command", "image", "inputs", "outputs", "timeout");

    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }

    @Test
    void countsASwapOfNeighbouringLettersAsOneEdit() {
        assertThat(Suggestions.distance("tabel", "table")).isEqualTo(1);
        assertThat(Suggestions.closest("trian", List.of("ingest", "train"))).contains("train");
    }

    @Test
    void suggestsTheClosestCandidateForATypo() {
        assertThat(Suggestions.closest("comand", KEYS)).contains("command");
        assertThat(Suggestions.closest("ouptuts", KEYS)).contains("outputs");
        assertThat(Suggestions.closest("Image", KEYS)).contains("image");
        assertThat(Suggestions.didYouMean("timout", KEYS)).isEqualTo(" (did you mean 'timeout'?)");
    }

    @Test
    void suggestsNothingForWordsThatAreFarFromEveryCandidate() {
        assertThat(Suggestions.closest("schedule", KEYS)).isEmpty();
        assertThat(Suggestions.closest("x", List.of("y"))).isEmpty();
        assertThat(Suggestions.closest("base", List.of("name"))).isEmpty();
        assertThat(Suggestions.didYouMean("zzz", KEYS)).isEmpty();
    }

    @Test
    void prefersTheEarlierCandidateOnATie() {
        assertThat(Suggestions.closest("ab", List.of("abc", "abd"))).contains("abc");
        assertThat(Suggestions.closest("ab", List.of("abd", "abc"))).contains("abd");
    }
}
