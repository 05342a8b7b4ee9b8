package dev.gantry.engine.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScreenTextTest {
    @Test
    void colourAndCursorSequencesAreRemovedAndTheTextBetweenThemKept() {
        assertThat(ScreenText.clean("\u001b[1;31merror\u001b[0m: \u001b[2Kdone\u001b[5A")).isEqualTo("error: done");
    }

    @Test
    void aWindowTitleIsRemovedWhetherItEndsInBelOrInTheStringTerminator() {
        assertThat(ScreenText.clean("a\u001b]0;title\u0007b\u001b]2;other\u001b\\c")).isEqualTo("abc");
    }

    @Test
    void carriageReturnsAndOtherControlsGoAndATabBecomesASpace() {
        assertThat(ScreenText.clean("10%\r50%\r100%\tok\u0008\u0000\u009b2Jx")).isEqualTo("10%50%100% okx");
    }

    @Test
    void anEscapeCutOffAtTheEndOfTheLineLeavesNothingBehind() {
        assertThat(ScreenText.clean("done\u001b[3")).isEqualTo("done");
        assertThat(ScreenText.clean("done\u001b")).isEqualTo("done");
    }

    @Test
    void textOutsideAsciiIsKept() {
        assertThat(ScreenText.clean("épochs → 3 ✓")).isEqualTo("épochs → 3 ✓");
    }
}
