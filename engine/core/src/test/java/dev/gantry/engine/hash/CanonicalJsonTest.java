package dev.gantry.engine.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigInteger;
import java.util.AbstractList;
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

/**
 * The canonical JSON written through jackson-core's generator, and read by the hand-written
 * reader, is exactly what Jackson's object mapper writes and reads, so cache keys do not change
 * with either. {@code GoldenCacheKeysTest} pins the text itself. Each test writes many values on
 * one thread, so each also checks that a generator kept from one value to the next adds nothing.
 */
class CanonicalJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() throws Exception {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = "a" + (char) c + "b";
            assertThat(JsonWriter.write(s)).contains(JACKSON.writeValueAsString(s));
            Map<String, Object> keyed = Map.of(s, s);
            assertThat(JsonWriter.write(keyed)).contains(JACKSON.writeValueAsString(keyed));
        }
    }

    @Test
    void randomTreesAreWrittenAsJacksonWritesThemAndReadBackAsJacksonReadsThem() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            Object tree = tree(random, 0);
            String jackson = JACKSON.writeValueAsString(tree);
            assertThat(JsonWriter.write(tree)).contains(jackson);
            if (tree instanceof Map) {
                assertThat(JsonReader.readObject(jackson)).contains(JACKSON.readValue(jackson, Map.class));
            }
        }
    }

    @Test
    void aSortedMapKeepsItsOwnOrderAsInJackson() throws Exception {
        Map<String, Object> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.put("a", 1);
        reversed.put("b", List.of("x"));
        assertThat(JsonWriter.write(reversed)).contains(JACKSON.writeValueAsString(reversed)).contains("{\"b\":[\"x\"],\"a\":1}");
    }

    @Test
    void numbersReadBackWithTheTypesJacksonGivesThem() throws Exception {
        String json = "{\"a\":2147483647,\"b\":2147483648,\"c\":-2147483648,\"d\":-2147483649,"
                + "\"e\":9223372036854775807,\"f\":9223372036854775808,\"g\":1.5,\"h\":-0,\"i\":1e3,"
                + "\"j\":123456789012345678901234567890,\"k\":-9223372036854775808,\"l\":0.0}";
        Map<?, ?> ours = JsonReader.readObject(json).orElseThrow();
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
        assertThat(JsonReader.readObject(json)).contains(JACKSON.readValue(json, Map.class));
    }

    @Test
    void numbersAreWrittenAsJacksonWritesThem() throws Exception {
        List<Object> numbers = List.of(0, -1, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 0.1,
                1e300, 6.02e23, 1e-7, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 2e-3, 1e7, 1e-3, new BigInteger("-123456789012345678901234567890"));
        for (Object number : numbers) {
            assertThat(JsonWriter.write(number)).as("%s", number).contains(JACKSON.writeValueAsString(number));
        }
    }

    @Test
    void whatItDoesNotCoverIsLeftToJackson() throws Exception {
        assertThat(JsonWriter.write(Set.of("a"))).isEmpty();
        assertThat(JsonWriter.write(1.5f)).isEmpty();
        assertThat(JsonWriter.write(Optional.of("a"))).isEmpty();
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThat(JsonWriter.write(nullKey)).isEmpty();
        assertThat(JsonWriter.write(Map.of(1, "a"))).isEmpty();
        // A value it declines deep inside a tree: the mapper writes the whole tree, the same way.
        Map<String, Object> sortedWithIntKeys = new TreeMap<>(Map.of("b", List.of(new TreeMap<>(Map.of(1, "x")))));
        assertThat(JsonWriter.write(sortedWithIntKeys)).isEmpty();
        assertThat(CanonicalJson.write(sortedWithIntKeys)).isEqualTo(JACKSON.writeValueAsString(sortedWithIntKeys))
                .isEqualTo("{\"b\":[{\"1\":\"x\"}]}");
        for (String bad : List.of("", "[1]", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1} x",
                "{\"a\":\"\\x\"}", "{\"a\":\"\u0001\"}", "{a:1}", "{\"a\":tru}", "{\"a\":-}", "{\"a\":1.}")) {
            assertThat(JsonReader.readObject(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void canonicalJsonStillExplainsMalformedText() {
        assertThatThrownBy(() -> CanonicalJson.readObject("{\"a\":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a JSON object: {\"a\":");
    }

    @Test
    void aTreeDeeperThanJacksonWritesIsRefusedWithTheMappersReason() {
        Object deep = "leaf";
        for (int i = 0; i < 1001; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        assertThat(JsonWriter.write(tooDeep)).isEmpty();
        assertThatThrownBy(() -> CanonicalJson.write(tooDeep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot write as JSON: [[[")
                .hasRootCauseMessage("Document nesting depth (1001) exceeds the maximum allowed (1000, from "
                        + "`StreamWriteConstraints.getMaxNestingDepth()`)");
    }

    /**
     * A thread keeps its generator from one value to the next; one that stopped inside a value
     * (declined, or a collection that threw) must not leave a bracket or a comma in the next key.
     */
    @Test
    void aValueAbandonedHalfWayLeavesNothingInTheNext() throws Exception {
        Map<String, Object> next = new TreeMap<>(Map.of("a", List.of(1, "x"), "b", Map.of("c", true)));
        String expected = JACKSON.writeValueAsString(next);

        Map<String, Object> declined = new TreeMap<>(Map.of("a", List.of("x", Map.of("y", Set.of(1))), "z", 1));
        assertThat(JsonWriter.write(declined)).isEmpty();
        assertThat(JsonWriter.write(next)).contains(expected);

        List<Object> throwing = new AbstractList<>() {
            @Override
            public Object get(int index) {
                if (index > 0) {
                    throw new IllegalStateException("gone");
                }
                return Map.of("k", "v");
            }

            @Override
            public int size() {
                return 2;
            }
        };
        assertThatThrownBy(() -> CanonicalJson.write(Map.of("list", throwing))).hasMessage("gone");
        assertThat(JsonWriter.write(next)).contains(expected);
        assertThat(CanonicalJson.write(List.of(next, next))).isEqualTo("[" + expected + "," + expected + "]");
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
                return random.nextInt(10) == 0 ? null : random.nextInt(10) == 0 ? random.nextDouble() * 1e6
                        : random.nextInt(10) == 0 ? BigInteger.valueOf(random.nextLong()).shiftLeft(64) : text(random);
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
