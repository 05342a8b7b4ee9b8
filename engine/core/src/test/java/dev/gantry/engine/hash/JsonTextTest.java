package dev.gantry.engine.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The hand-written JSON gives exactly what Jackson gives, so cache keys do not change with it. */
class JsonTextTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() throws Exception {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = "a" + (char) c + "b";
            assertThat(JsonText.write(s)).contains(JACKSON.writeValueAsString(s));
            Map<String, Object> keyed = Map.of(s, s);
            assertThat(JsonText.write(keyed)).contains(JACKSON.writeValueAsString(keyed));
        }
    }

    @Test
    void randomTreesAreWrittenAsJacksonWritesThemAndReadBackAsJacksonReadsThem() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            Object tree = tree(random, 0);
            String jackson = JACKSON.writeValueAsString(tree);
            assertThat(JsonText.write(tree)).contains(jackson);
            if (tree instanceof Map) {
                assertThat(JsonText.readObject(jackson)).contains(JACKSON.readValue(jackson, Map.class));
            }
        }
    }

    @Test
    void aSortedMapKeepsItsOwnOrderAsInJackson() throws Exception {
        Map<String, Object> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.put("a", 1);
        reversed.put("b", List.of("x"));
        assertThat(JsonText.write(reversed)).contains(JACKSON.writeValueAsString(reversed)).contains("{\"b\":[\"x\"],\"a\":1}");
    }

    @Test
    void numbersReadBackWithTheTypesJacksonGivesThem() throws Exception {
        String json = "{\"a\":2147483647,\"b\":2147483648,\"c\":-2147483648,\"d\":-2147483649,"
                + "\"e\":9223372036854775807,\"f\":9223372036854775808,\"g\":1.5,\"h\":-0,\"i\":1e3,"
                + "\"j\":123456789012345678901234567890,\"k\":-9223372036854775808,\"l\":0.0}";
        Map<?, ?> ours = JsonText.readObject(json).orElseThrow();
        Map<?, ?> theirs = JACKSON.readValue(json, Map.class);
        assertThat(ours).isEqualTo(theirs);
        for (Object key : theirs.keySet()) {
            assertThat(ours.get(key)).as("type of %s", key).hasSameClassAs(theirs.get(key));
        }
        assertThat(ours.get("f")).isEqualTo(new BigInteger("9223372036854775808"));
    }

    @Test
    void escapesAndWhitespaceReadBackAsInJackson() throws Exception {
        String json = " { \"a\\u00e9\\n\\/\" : [ true , false , null , \"\\ud83d\\ude00\\t\" ] , \"\" : { } ,"
                + " \"e\" : [ ] } ";
        assertThat(JsonText.readObject(json)).contains(JACKSON.readValue(json, Map.class));
    }

    @Test
    void whatItDoesNotCoverIsLeftToJackson() {
        assertThat(JsonText.write(Set.of("a"))).isEmpty();
        assertThat(JsonText.write(1.5)).isEmpty();
        assertThat(JsonText.write(Optional.of("a"))).isEmpty();
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThat(JsonText.write(nullKey)).isEmpty();
        assertThat(JsonText.write(Map.of(1, "a"))).isEmpty();
        for (String bad : List.of("", "[1]", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1} x",
                "{\"a\":\"\\x\"}", "{\"a\":\"\u0001\"}", "{a:1}", "{\"a\":tru}", "{\"a\":-}", "{\"a\":1.}")) {
            assertThat(JsonText.readObject(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void canonicalJsonStillExplainsMalformedText() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalJson.readObject("{\"a\":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a JSON object: {\"a\":");
    }

    private static Object tree(Random random, int depth) {
        int kind = random.nextInt(depth >= 3 ? 5 : 8);
        switch (kind) {
            case 0:
                return text(random);
            case 1:
                return random.nextInt();
            case 2:
                return random.nextLong();
            case 3:
                return random.nextBoolean();
            case 4:
                return random.nextInt(10) == 0 ? null : text(random);
            case 5: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(tree(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = random.nextBoolean() ? new LinkedHashMap<>() : new TreeMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(text(random), tree(random, depth + 1));
                }
                return map;
            }
        }
    }

    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int pick = random.nextInt(4);
            sb.append(pick == 0 ? (char) random.nextInt(0x30) : pick == 1 ? (char) random.nextInt(0x10000)
                    : (char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
