package dev.gantry.engine.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StyledLineTest {
    @Test
    void aLineThatFitsIsShownWholeWithItsColours() {
        StyledLine line = new StyledLine().add("  ").add("done", Style.GREEN).add("  train");

        assertThat(line.render(80, true)).isEqualTo("  \u001b[32mdone\u001b[0m  train");
        assertThat(line.render(80, false)).isEqualTo("  done  train");
        assertThat(line.render(13, false)).isEqualTo("  done  train");
    }

    @Test
    void aLongerLineIsCutByTheCharactersThatShowAndEndsInAnEllipsis() {
        StyledLine line = new StyledLine().add("ab", Style.RED).add("cdefgh", Style.DIM);

        assertThat(line.render(5, false)).isEqualTo("abcd…");
        assertThat(line.render(5, true)).isEqualTo("\u001b[31mab\u001b[0m\u001b[2mcd\u001b[0m…");
        assertThat(line.render(2, false)).isEqualTo("a…");
    }

    @Test
    void charactersOutsideTheBasicPlaneCountAsOneEach() {
        // Each of these is two UTF-16 units and four bytes in UTF-8.
        StyledLine line = new StyledLine().add("\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80");

        assertThat(line.render(4, false)).isEqualTo("\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80");
        assertThat(line.render(3, false)).isEqualTo("\uD83D\uDE80\uD83D\uDE80…");
    }
}
