package dev.gantry.engine.hash;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the canonical JSON of cache keys and cache entries with jackson-core's streaming
 * generator, without Jackson's object mapper, whose start and reflection cost a run of a
 * thousand short steps a good part of its time. The text is exactly what the mapper gives with
 * sorted map entries, so keys computed either way are the same. Values of a type this writer
 * does not cover are declined (empty), and {@link CanonicalJson} then asks the mapper.
 *
 * <p>Each thread keeps one generator and writes every value as a root value of it, taking the
 * text after each. A generator made per value added 6 to 9% to a cached rerun of 1,000 steps,
 * most of it setting generators up in code not yet compiled; kept, 2 to 4%, within the 5% the
 * library was allowed (bench/dag/README.md).
 */
final class JsonWriter {
    /**
     * Every feature that changes the text is set here to what keys have always been written
     * with, rather than left to the library's defaults, so that a new Jackson cannot change a
     * key. With these, the generator escapes the quote, the backslash and the control characters
     * (the short escapes such as {@code \n}, else a backslash, {@code u} and four upper-case hex
     * digits) and writes everything else as it is: '/', DEL, non-ASCII text, U+2028, the BOM and
     * surrogates, paired or not. That holds only for a generator writing to a
     * {@link java.io.Writer}: one writing UTF-8 bytes escapes every surrogate, so text outside
     * the BMP would change its key.
     */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonWriteFeature.QUOTE_FIELD_NAMES, JsonWriteFeature.WRITE_HEX_UPPER_CASE,
                    JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII, JsonWriteFeature.ESCAPE_FORWARD_SLASHES,
                    JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS)
            .disable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            // Each value is a root value of a generator that a thread keeps: nothing between them.
            .rootValueSeparator((String) null)
            .build();

    /** Each thread's generator, kept from one value to the next. */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private JsonWriter() {}

    /** The canonical text of {@code value}; empty if it holds a type this writer leaves to the mapper. */
    static Optional<String> write(Object value) {
        Output out = OUTPUT.get();
        if (!out.clean) {
            // The last value this thread wrote was declined or failed half-way: its generator
            // may be inside an object, so it starts again with a new one.
            out = new Output();
            OUTPUT.set(out);
        }
        out.clean = false;
        try {
            if (!append(out.generator, value)) {
                return Optional.empty();
            }
            out.generator.flush();
        } catch (IOException e) {
            // Nothing here does I/O, so this is the generator refusing the value (nesting deeper
            // than its limit): the mapper refuses it too, and says why with the value.
            return Optional.empty();
        }
        String text = out.text.toString();
        out.text.setLength(0);
        out.clean = true;
        return Optional.of(text);
    }

    private static boolean append(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Integer i) {
            generator.writeNumber(i.intValue());
        } else if (value instanceof Long l) {
            generator.writeNumber(l.longValue());
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Double d) {
            generator.writeNumber(d.doubleValue());
        } else if (value instanceof BigInteger big) {
            generator.writeNumber(big);
        } else if (value instanceof Map<?, ?> map) {
            return object(generator, map);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                if (!append(generator, element)) {
                    return false;
                }
            }
            generator.writeEndArray();
        } else {
            return false;
        }
        return true;
    }

    private static boolean object(JsonGenerator generator, Map<?, ?> map) throws IOException {
        // The mapper keeps the order of a sorted map and sorts any other by its keys, in Java's
        // string order (UTF-16 code units).
        Collection<? extends Map.Entry<?, ?>> entries;
        if (map instanceof SortedMap<?, ?>) {
            entries = map.entrySet();
        } else {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return false;
                }
                sorted.put(key, e.getValue());
            }
            entries = sorted.entrySet();
        }
        generator.writeStartObject();
        for (Map.Entry<?, ?> e : entries) {
            if (!(e.getKey() instanceof String key)) {
                return false;
            }
            generator.writeFieldName(key);
            if (!append(generator, e.getValue())) {
                return false;
            }
        }
        generator.writeEndObject();
        return true;
    }

    /** A generator and the text it has written since the last value was taken. */
    private static final class Output extends Writer {
        final StringBuilder text = new StringBuilder(512);
        final JsonGenerator generator;
        /** Whether the generator is between values, where the next one may start. */
        boolean clean = true;

        Output() {
            try {
                generator = FACTORY.createGenerator(this);
            } catch (IOException e) {
                throw new IllegalStateException("jackson-core cannot make a generator", e);
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String s, int offset, int length) {
            text.append(s, offset, offset + length);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
