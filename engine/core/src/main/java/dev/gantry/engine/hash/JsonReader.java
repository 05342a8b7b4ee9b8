package dev.gantry.engine.hash;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON of cache entries and cache keys without going through Jackson's object mapper,
 * which costs a run of a thousand short steps a good part of its time. It gives the same values
 * Jackson's untyped mapping does, and declines (returns empty) text that is not a well-formed
 * JSON object, which {@link CanonicalJson} then hands to Jackson to say what is wrong with it.
 */
final class JsonReader {
    private JsonReader() {}

    /**
     * The object in {@code json}, with the types Jackson's untyped mapping gives (maps in file
     * order, lists, strings, Integer, Long or BigInteger, Double, Boolean, null); empty if the
     * text is not a well-formed JSON object, so that Jackson can say what is wrong with it.
     */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> readObject(String json) {
        Reader reader = new Reader(json);
        try {
            reader.space();
            if (reader.peek() != '{') {
                return Optional.empty();
            }
            Object value = reader.value();
            reader.space();
            return reader.pos == json.length() ? Optional.of((Map<String, Object>) value) : Optional.empty();
        } catch (Malformed | NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** Thrown inside the reader at the first thing it does not understand. */
    private static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            if (pos >= text.length()) {
                throw new Malformed();
            }
            return text.charAt(pos);
        }

        void space() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                pos++;
            }
        }

        void expect(char c) {
            space();
            if (peek() != c) {
                throw new Malformed();
            }
            pos++;
        }

        Object value() {
            space();
            char c = peek();
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw new Malformed();
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object() {
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw new Malformed();
                }
                String key = string();
                expect(':');
                map.put(key, value());
                space();
                char c = peek();
                pos++;
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw new Malformed();
                }
            }
        }

        private List<Object> array() {
            pos++;
            List<Object> list = new ArrayList<>();
            space();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                space();
                char c = peek();
                pos++;
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw new Malformed();
                }
            }
        }

        private String string() {
            pos++;
            int start = pos;
            while (true) {
                char c = peek();
                if (c == '"') {
                    return text.substring(start, pos++);
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
                pos++;
            }
            StringBuilder sb = new StringBuilder(text.substring(start, pos));
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new Malformed();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = peek();
                pos++;
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 't' -> sb.append('\t');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw new Malformed();
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(text.charAt(pos + i), 16);
                            if (digit < 0) {
                                throw new Malformed();
                            }
                            code = code * 16 + digit;
                        }
                        pos += 4;
                        sb.append((char) code);
                    }
                    default -> throw new Malformed();
                }
            }
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            int digits = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits || (text.charAt(digits) == '0' && pos - digits > 1)) {
                throw new Malformed();
            }
            boolean integral = true;
            if (pos < text.length() && text.charAt(pos) == '.') {
                integral = false;
                pos++;
                int fraction = pos;
                while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                    pos++;
                }
                if (pos == fraction) {
                    throw new Malformed();
                }
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                int exponent = pos;
                while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                    pos++;
                }
                if (pos == exponent) {
                    throw new Malformed();
                }
            }
            String literal = text.substring(start, pos);
            if (!integral) {
                return Double.parseDouble(literal);
            }
            // Jackson's untyped mapping: the smallest of Integer, Long and BigInteger that holds it.
            int length = literal.length() - (literal.charAt(0) == '-' ? 1 : 0);
            if (length <= 9) {
                return Integer.parseInt(literal);
            }
            if (length <= 18) {
                long v = Long.parseLong(literal);
                return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
            }
            BigInteger big = new BigInteger(literal);
            if (big.bitLength() <= 31) {
                return big.intValue();
            }
            return big.bitLength() <= 63 ? (Object) big.longValue() : big;
        }
    }
}
