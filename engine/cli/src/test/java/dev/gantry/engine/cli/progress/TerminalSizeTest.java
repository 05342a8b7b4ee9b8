package dev.gantry.engine.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalSizeTest {
    @Test
    void columnsAndLinesFromTheEnvironmentWin() {
        TerminalSize size = TerminalSize.detect(Map.of("COLUMNS", "132", "LINES", "50"));

        assertThat(size.columns()).isEqualTo(132);
        assertThat(size.rows()).isEqualTo(50);
    }
}
