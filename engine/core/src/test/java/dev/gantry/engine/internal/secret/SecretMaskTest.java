package dev.gantry.engine.internal.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.spi.SecretMask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a line of output is masked. */
class SecretMaskTest {
    @Test
    void masksEveryValueWholeEvenWhenOneContainsAnother() {
        SecretMask mask = SecretMask.of(List.of("abc", "abcdef"));

        assertThat(mask.apply("x abcdef y abc z")).isEqualTo("x *** y *** z");
        assertThat(mask.holdBack()).isEqualTo(5);
    }

    @Test
    void masksEachLineOfAValueOfSeveralLines() {
        SecretMask mask = SecretMask.of(List.of("-----BEGIN KEY-----\r\nMIIE1234\n-----END KEY-----"));

        assertThat(mask.apply("got MIIE1234 and -----END KEY-----")).isEqualTo("got *** and ***");
    }

    @Test
    void aRunWithoutSecretsMasksNothing() {
        assertThat(SecretMask.NONE.isEmpty()).isTrue();
        assertThat(SecretMask.of(List.of("")).isEmpty()).isTrue();
        assertThat(SecretMask.NONE.apply("plain")).isEqualTo("plain");
    }
}
