package dev.gantry.engine.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    @Test
    void idsEndInSixHexDigitsThatRarelyRepeat() {
        Set<String> suffixes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RunIds.next();
            assertThat(id).matches("\\d{8}-\\d{6}-[0-9a-f]{6}");
            suffixes.add(id.substring(16));
        }
        // 1,000 draws from 16 million values: a repeat is a one-in-30,000 event, many a broken generator.
        assertThat(suffixes).hasSizeGreaterThan(995);
    }
}
